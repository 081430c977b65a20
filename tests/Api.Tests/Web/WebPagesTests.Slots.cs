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
}
