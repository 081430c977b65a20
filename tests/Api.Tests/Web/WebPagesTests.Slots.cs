using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>Time slots in the web app (ADR 0043): the volunteer's board and sign-up, the staff's view of a slot with its code.</summary>
public sealed partial class WebPagesTests
{
    [Fact]
    public async Task A_volunteer_signs_up_from_the_board_and_the_staff_see_them_in_the_slot_with_its_code()
    {
        var community = DemoCity.Cast.Communities[0];
        var board = (await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "query($c: ID) { slotBoard(communityId: $c, first: 50) { edges { node { slotId placesLeft mySignUp { status } } } } }", new { c = community.Id }))
            .Ok("slotBoard.edges").AsArray().Select(e => e!["node"]!).ToList();
        var open = board.First(s => s["placesLeft"]!.GetValue<int>() > 0 && s["mySignUp"] is null)["slotId"]!.GetValue<string>();
        using var volunteer = new PageBrowser(city.App);
        await volunteer.SignInAsync("volunteer", "/me");

        var list = await volunteer.OpenAsync("/me/slots");
        Assert.Contains(list.QuerySelectorAll("[data-testid=board-slot] a"), a => a.GetAttribute("href") == "/slots/" + open);
        var page = await volunteer.OpenAsync("/slots/" + open);
        Assert.Equal("NONE", page.QuerySelector("[data-testid=slot-mine]")!.GetAttribute("data-status"));
        Assert.Null(page.QuerySelector("[data-testid=slot-code]"));
        using (var sent = await volunteer.SubmitAsync("/slots/" + open, page.QuerySelector("[data-testid=slot-form]")!,
            new Dictionary<string, string> { ["Form.Action"] = "sign-up" }))
        {
            var answered = PageBrowser.Parse(await sent.Content.ReadAsStringAsync());
            Assert.Equal("SIGNED_UP", answered.QuerySelector("[data-testid=slot-mine]")!.GetAttribute("data-status"));
        }

        var mine = await volunteer.OpenAsync("/me/slots");
        Assert.Contains(mine.QuerySelectorAll("[data-testid=my-sign-up] a"), a => a.GetAttribute("href") == "/slots/" + open);

        using var staff = new PageBrowser(city.App);
        await staff.SignInAsync("staff", "/staff");
        var staffPage = await staff.OpenAsync("/slots/" + open);
        Assert.Matches("^[A-Z2-9]{8}$", staffPage.QuerySelector("[data-testid=slot-code]")!.TextContent.Trim());
        Assert.NotEmpty(staffPage.QuerySelectorAll("[data-testid=slot-sign-up]"));
        Assert.DoesNotContain(DemoCity.Cast.Volunteers[0].DisplayName, staffPage.QuerySelector("[data-testid=slot-sign-ups]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staff_show_the_slots_check_in_QR_and_a_volunteer_opening_its_address_checks_in_with_the_code_filled_in()
    {
        var community = DemoCity.Cast.Communities[0];
        var staffToken = TestTokens.For(Actor.Staff(community.Staff[0], community.Id));
        var project = DemoCity.Cast.Projects.First(p => p.CommunityId == community.Id);
        var start = DateTimeOffset.UtcNow.AddMinutes(30);
        var published = (await city.Client.SendAsync(staffToken, """
            mutation($input: PublishSlotInput!) { publishSlot(input: $input) { slot { slotId checkInCode } } }
            """, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), projectId = project.Id, startsAt = start, endsAt = start.AddHours(2), capacity = 3,
                skillsWanted = Array.Empty<string>(), personInCharge = "张敏",
            },
        })).Ok("publishSlot.slot");
        var slotId = published["slotId"]!.GetValue<string>();
        var code = published["checkInCode"]!.GetValue<string>();
        (await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "mutation($input: SlotInput!) { signUpForSlot(input: $input) { replayed } }",
            new { input = new { commandId = Guid.CreateVersion7(), slotId } })).Ok("signUpForSlot");

        using var staff = new PageBrowser(city.App);
        await staff.SignInAsync("staff", "/staff");
        var staffPage = await staff.OpenAsync("/slots/" + slotId);
        var qr = staffPage.QuerySelector("[data-testid=slot-qr]")!;
        var address = qr.GetAttribute("data-address")!;
        Assert.EndsWith($"/slots/{slotId}?code={code}", address, StringComparison.Ordinal);
        Assert.Contains(address, qr.GetAttribute("alt")!, StringComparison.Ordinal);
        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(qr.GetAttribute("src")!["data:image/svg+xml;base64,".Length..]));
        Assert.Equal(TimeBank.Api.Slots.SlotCheckInQr.Svg(address), svg);

        using var volunteer = new PageBrowser(city.App);
        await volunteer.SignInAsync("volunteer", "/me");
        var path = new Uri(address).PathAndQuery;
        var page = await volunteer.OpenAsync(path);
        Assert.Null(page.QuerySelector("[data-testid=slot-code]"));
        Assert.Null(page.QuerySelector("[data-testid=slot-qr]"));
        Assert.DoesNotContain(code, page.QuerySelector("[data-testid=slot]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("SIGNED_UP", page.QuerySelector("[data-testid=slot-mine]")!.GetAttribute("data-status"));
        Assert.Equal(code, page.QuerySelector("#slot-code-input")!.GetAttribute("value"));
        using (var sent = await volunteer.SubmitAsync(path, page.QuerySelector("[data-testid=slot-form]")!,
            new Dictionary<string, string> { ["Form.Action"] = "check-in" }))
        {
            var answered = PageBrowser.Parse(await sent.Content.ReadAsStringAsync());
            Assert.Equal("CHECKED_IN", answered.QuerySelector("[data-testid=slot-mine]")!.GetAttribute("data-status"));
        }

        // Without the code in the address, the volunteer's page has no code either: it comes from the staff's QR only.
        var plain = await volunteer.OpenAsync("/slots/" + slotId);
        Assert.True(string.IsNullOrEmpty(plain.QuerySelector("#slot-code-input")!.GetAttribute("value")));
    }
}
