using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// Community staff verify a day of service in chromium, and the volunteer sees it on their phone at their next page
/// load: the staff member's queue (desktop), one "verify all" for the whole activity, the volunteer's hours and points.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffInTheBrowserTests(BrowserCity city)
{
    [Fact]
    public async Task A_staff_member_verifies_a_whole_activity_and_the_volunteer_sees_it_on_their_next_page_load()
    {
        var record = await AwaitingRecordOfTheDemoVolunteerAsync();
        var phone = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(phone, "volunteer");
        var minutesBefore = Minutes(await phone.GetByTestId("service-hours").TextContentAsync());
        var pointsBefore = long.Parse((await phone.GetByTestId("available-points").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);

        var desk = await city.NewPageAsync(phone: false);
        await VolunteerPagesInTheBrowserTests.SignInAsync(desk, "staff");
        await Assertions.Expect(desk).ToHaveURLAsync(new Uri(city.BaseAddress, "staff").ToString());
        var activity = desk.GetByTestId("activity").Filter(new() { Has = desk.Locator($"[data-record-id='{record}']") });
        await Assertions.Expect(activity).ToHaveCountAsync(1);
        await city.CheckAsync(desk, "staff-queue-desktop");
        await activity.GetByTestId("verify-all").ClickAsync();

        await Assertions.Expect(desk.GetByTestId("done")).ToBeVisibleAsync();
        await Assertions.Expect(desk.Locator($"[data-record-id='{record}']")).ToHaveCountAsync(0);
        await city.CheckAsync(desk, "staff-verified-desktop");
        await phone.ReloadAsync();
        var minutesAfter = Minutes(await phone.GetByTestId("service-hours").TextContentAsync());
        var pointsAfter = long.Parse((await phone.GetByTestId("available-points").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(minutesBefore + record.Minutes, minutesAfter);
        Assert.True(pointsAfter > pointsBefore, $"The volunteer's points stayed at {pointsBefore} after their service was verified.");
        await Assertions.Expect(phone.GetByTestId("history")).ToContainTextAsync("服务已核实");
        await city.CheckAsync(phone, "volunteer-after-verification-phone");
        await desk.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task Staff_on_a_phone_see_their_queue_readable_and_accessible()
    {
        var phone = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(phone, "staff-2");

        await Assertions.Expect(phone).ToHaveURLAsync(new Uri(city.BaseAddress, "staff").ToString());
        await city.CheckAsync(phone, "staff-queue-phone");
        await phone.Context.CloseAsync();
    }

    private sealed record AwaitingRecord(string RecordId, int Minutes)
    {
        public override string ToString() => RecordId;
    }

    /// <summary>The demo volunteer's record awaiting verification in the first community (the demo city always has one).</summary>
    private async Task<AwaitingRecord> AwaitingRecordOfTheDemoVolunteerAsync()
    {
        var answer = await city.Client.SendAsync(TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId)),
            $"{{ recordsAwaitingVerification(communityId: \"{DemoPeople.FirstCommunityId}\", first: 100) {{ edges {{ node {{ recordId volunteerId minutesServed }} }} }} }}");
        var node = answer.Ok("recordsAwaitingVerification.edges").AsArray()
            .Select(edge => edge!["node"]!)
            .First(n => n["volunteerId"]!.GetValue<string>() == DemoPeople.VolunteerId.ToString());
        return new AwaitingRecord(node["recordId"]!.GetValue<string>(), node["minutesServed"]!.GetValue<int>());
    }

    /// <summary>"183h30m" in minutes.</summary>
    private static int Minutes(string? hours)
    {
        var parts = hours!.Trim().TrimEnd('m').Split('h');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }

}
