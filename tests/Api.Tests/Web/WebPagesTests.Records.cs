using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>A volunteer's own service records: the API's <c>account.serviceRecords</c> and the page <c>/me/records</c>.</summary>
public sealed partial class WebPagesTests
{
    [Fact]
    public async Task A_volunteers_records_come_in_every_state_latest_first_and_staff_see_their_communities_only()
    {
        var volunteer = DemoCity.Cast.Volunteers[0];
        var home = DemoCity.Cast.Communities.Single(c => c.Id == volunteer.HomeCommunityId);

        var own = await AllRecordsAsync(Actor.Volunteer(volunteer.Id), volunteer.Id);
        var byAdmin = await AllRecordsAsync(Actor.CityAdmin(DemoPeople.CityAdminId), volunteer.Id);
        var byStaff = await AllRecordsAsync(Actor.Staff(home.Staff[0], home.Id), volunteer.Id);

        Assert.True(own.Count > 20, $"the demo volunteer has {own.Count} records; the test pages through more than one page");
        Assert.Equal(own.Count, own.Select(r => r["recordId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(own.Select(StartedAt).OrderDescending(), own.Select(StartedAt));
        Assert.Contains(own, r => r["status"]!.GetValue<string>() == "REJECTED");
        Assert.Contains(own, r => r["status"]!.GetValue<string>() == "CREDITED");
        Assert.Equal(Ids(own), Ids(byAdmin));
        Assert.Equal(Ids(own.Where(r => r["communityId"]!.GetValue<string>() == home.Id.ToString())), Ids(byStaff));
    }

    [Fact]
    public async Task The_volunteer_sees_their_records_with_a_way_to_contest_a_rejected_one()
    {
        var volunteer = DemoCity.Cast.Volunteers[0];
        var api = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(volunteer.Id)),
            "{ me { account { serviceRecords(first: 20) { edges { node { recordId status contested } } pageInfo { hasNextPage } } } } }");
        var expected = api.Ok("me.account.serviceRecords.edges").AsArray().Select(e => e!["node"]!).ToList();
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me");

        var page = await browser.OpenAsync("/me/records");

        var rows = page.QuerySelectorAll("[data-testid=record]");
        Assert.Equal(expected.Select(r => r["status"]!.GetValue<string>()), rows.Select(r => r.GetAttribute("data-status")));
        Assert.Equal(expected.Select(r => "/records/" + r["recordId"]!.GetValue<string>()), rows.Select(r => r.QuerySelector("a")!.GetAttribute("href")));
        Assert.Equal(
            expected.Count(r => r["status"]!.GetValue<string>() == "REJECTED" && !r["contested"]!.GetValue<bool>()),
            page.QuerySelectorAll("[data-testid=contest-link]").Length);
        var older = page.QuerySelector("[data-testid=older-records]");
        Assert.True(older is not null, "more than 20 records: a link to the older ones");

        var next = await browser.OpenAsync(older.GetAttribute("href")!);
        var nextIds = next.QuerySelectorAll("[data-testid=record] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.NotEmpty(nextIds);
        Assert.Empty(nextIds.Intersect(rows.Select(r => r.QuerySelector("a")!.GetAttribute("href"))));
    }

    /// <summary>Every record of the volunteer the reader is shown, page after page of 7.</summary>
    private async Task<List<JsonNode>> AllRecordsAsync(Actor reader, Guid volunteerId)
    {
        var records = new List<JsonNode>();
        string? after = null;
        do
        {
            var answer = await city.Client.SendAsync(TestTokens.For(reader),
                """
                query($id: ID!, $after: String) {
                  account(volunteerId: $id) { serviceRecords(first: 7, after: $after) {
                    edges { node { recordId status startedAt communityId } } pageInfo { hasNextPage endCursor } } }
                }
                """,
                new { id = volunteerId, after });
            var connection = answer.Ok("account.serviceRecords");
            records.AddRange(connection["edges"]!.AsArray().Select(e => e!["node"]!));
            after = connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? connection["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        return records;
    }

    private static DateTimeOffset StartedAt(JsonNode record) => DateTimeOffset.Parse(record["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Ids(IEnumerable<JsonNode> records) => [.. records.Select(r => r["recordId"]!.GetValue<string>())];
}
