using TimeBank.Demo;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The staff page over a queue longer than the API's page: it shows the first hundred records and says more wait. A city
/// of its own, as the records it adds would change what the other staff page tests see.
/// </summary>
public sealed class StaffPageLongQueueTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_queue_longer_than_a_page_shows_its_first_hundred_records_and_says_more_wait()
    {
        var second = DemoCity.Cast.Communities[1];
        var staff = TestTokens.For(Actor.Staff(second.Staff[0], second.Id));
        var community = (await city.Client.SendAsync(staff, """
            { me { communities { volunteers(first: 100) { edges { node { volunteerId } } } projects(first: 1) { edges { node { projectId } } } } } }
            """)).Ok("me.communities").AsArray().Single()!;
        var volunteers = community["volunteers"]!["edges"]!.AsArray().Select(e => e!["node"]!["volunteerId"]!.GetValue<string>()).ToList();
        var project = community["projects"]!["edges"]!.AsArray().Single()!["node"]!["projectId"]!.GetValue<string>();
        // Twenty minutes at two in the morning (China time), a day apart for each volunteer: no demo service then.
        var night = new DateTimeOffset(DateTimeOffset.UtcNow.ToOffset(ChinaTime).Date, ChinaTime).AddHours(2);
        for (var i = 0; i < 101; i++)
        {
            var start = night.AddDays(-2 - (i / volunteers.Count));
            (await city.Client.SendAsync(staff, """
                mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { record { recordId } } }
                """, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), volunteerId = volunteers[i % volunteers.Count], projectId = project,
                    startedAt = start, endedAt = start.AddMinutes(20), minutesServed = 20, content = "夜间巡查", personInCharge = "值班员",
                },
            })).Ok("submitServiceRecord");
        }

        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff-2", "/mine");
        var page = await browser.OpenAsync("/staff");

        Assert.Equal(100, page.QuerySelectorAll("[data-testid=record]").Length);
        Assert.NotEqual("<no more-waiting>", PageBrowser.TestId(page, "more-waiting"));
    }
}
