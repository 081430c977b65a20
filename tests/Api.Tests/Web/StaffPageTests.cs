using System.Net;
using AngleSharp.Dom;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The community staff's page over HTTP (<c>/staff</c>): the demo city's records awaiting verification, grouped by
/// activity, verified an activity at a time and rejected one by one, each form changing the ledger once however often
/// it is sent. What the page did is checked through the API, as the staff member sees it.
/// </summary>
public sealed class StaffPageTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    private static readonly string Staff = TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId));

    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    [Fact]
    public async Task Staff_see_their_communitys_records_awaiting_verification_grouped_by_activity()
    {
        using var browser = await SignedInAsync("staff");
        var awaiting = await AwaitingAsync();

        var page = await browser.OpenAsync("/staff");

        var activities = page.QuerySelectorAll("[data-testid=activity]");
        Assert.NotEmpty(activities);
        var shown = activities.SelectMany(RecordIdsOf).ToList();
        Assert.Equal(awaiting.Keys.Order(), shown.Order());
        // One activity per project and day (China time), each with all of its records, its count and one button for them all.
        Assert.Equal(activities.Length, awaiting.Values.Select(r => (r.ProjectId, r.Day)).Distinct().Count());
        foreach (var activity in activities)
        {
            var ids = RecordIdsOf(activity);
            Assert.Single(ids.Select(id => (awaiting[id].ProjectId, awaiting[id].Day)).Distinct());
            Assert.Equal($"{ids.Count} 条记录", PageBrowser.TestId(activity, "activity-count"));
            Assert.Equal($"全部审核通过（{ids.Count} 条）", Assert.Single(activity.QuerySelectorAll("[data-testid=verify-all]")).TextContent.Trim());
            Assert.Equal(ids, VerifyForm(activity).QuerySelectorAll("input[name^='Verify.RecordIds']").Select(i => i.GetAttribute("value")!));
            Assert.Equal(ids.Count, activity.QuerySelectorAll("form.reject input[name='Reject.Reason'][required]").Length);
        }
    }

    [Fact]
    public async Task Verifying_an_activity_verifies_every_record_of_it_and_credits_each_volunteer()
    {
        using var browser = await SignedInAsync("staff");
        var activity = (await browser.OpenAsync("/staff")).QuerySelectorAll("[data-testid=activity]").MaxBy(a => RecordIdsOf(a).Count)!;
        var ids = RecordIdsOf(activity);
        var before = await RecordsAsync(ids);

        using var verified = await browser.SubmitAsync("/staff", VerifyForm(activity));

        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.Equal($"/staff?done={ids.Count}", Where(verified));
        var done = await browser.OpenAsync(Where(verified));
        Assert.Equal($"已审核 {ids.Count} 条服务记录", PageBrowser.TestId(done, "done"));
        Assert.DoesNotContain(done.QuerySelectorAll("[data-testid=record]"), row => ids.Contains(row.GetAttribute("data-record-id")!));
        var after = await RecordsAsync(ids);
        Assert.All(after.Values, r => Assert.Equal(("CREDITED", DemoPeople.FirstCommunityStaffId.ToString()), (r.Status, r.VerifiedBy)));
        AssertCreditedOnce(before, after);
    }

    [Fact]
    public async Task The_same_verify_form_sent_twice_changes_the_ledger_once()
    {
        using var browser = await SignedInAsync("staff");
        var activity = (await browser.OpenAsync("/staff")).QuerySelectorAll("[data-testid=activity]").First();
        var form = VerifyForm(activity);
        var ids = RecordIdsOf(activity);
        var before = await RecordsAsync(ids);

        using var first = await browser.SubmitAsync("/staff", form);
        using var again = await browser.SubmitAsync("/staff", form);

        // The second is answered as the first was: the records left the queue, the command id made the ledger replay.
        Assert.Equal((HttpStatusCode.Redirect, $"/staff?done={ids.Count}"), (first.StatusCode, Where(first)));
        Assert.Equal((HttpStatusCode.Redirect, $"/staff?done={ids.Count}"), (again.StatusCode, Where(again)));
        AssertCreditedOnce(before, await RecordsAsync(ids));
    }

    [Fact]
    public async Task Verifying_an_activity_that_changed_since_the_page_was_shown_verifies_none_of_it()
    {
        using var browser = await SignedInAsync("staff");
        var activity = (await browser.OpenAsync("/staff")).QuerySelectorAll("[data-testid=activity]").MaxBy(a => RecordIdsOf(a).Count)!;
        var ids = RecordIdsOf(activity);
        var handledElsewhere = ids[0];
        (await city.Client.SendAsync(Staff, """
            mutation($input: RejectServiceRecordInput!) { rejectServiceRecord(input: $input) { replayed } }
            """, new { input = new { commandId = Guid.CreateVersion7(), recordId = handledElsewhere, reason = "重复登记" } })).Ok("rejectServiceRecord");

        using var stale = await browser.SubmitAsync("/staff", VerifyForm(activity));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = PageBrowser.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Equal("该记录已被他人处理，请刷新页面查看最新状态。", PageBrowser.TestId(page, "error"));
        Assert.All((await RecordsAsync(ids.Skip(1))).Values, r => Assert.Equal("SUBMITTED", r.Status));
        // The activity as it is now: without the record handled elsewhere, ready to verify again.
        var now = Assert.Single(page.QuerySelectorAll($"[data-activity=\"{activity.GetAttribute("data-activity")}\"]"));
        Assert.Equal(ids.Skip(1), RecordIdsOf(now));
    }

    [Fact]
    public async Task Rejecting_without_a_reason_shows_the_refusal_and_changes_nothing()
    {
        using var browser = await SignedInAsync("staff");
        var row = (await browser.OpenAsync("/staff")).QuerySelectorAll("[data-testid=record]").First();
        var recordId = row.GetAttribute("data-record-id")!;

        using var refused = await browser.SubmitAsync("/staff", row.QuerySelector("form.reject")!, new Dictionary<string, string> { ["Reject.Reason"] = " " });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = PageBrowser.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("请填写原因。", PageBrowser.TestId(page, "error"));
        Assert.Equal("SUBMITTED", (await RecordsAsync([recordId]))[recordId].Status);
        // Shown again as it is, its forms with new command ids: the refused one is spent.
        var shownAgain = Assert.Single(page.QuerySelectorAll($"[data-record-id=\"{recordId}\"]"));
        Assert.NotEqual(CommandIdOf(row.QuerySelector("form.reject")!), CommandIdOf(shownAgain.QuerySelector("form.reject")!));
    }

    [Fact]
    public async Task Rejecting_with_a_reason_takes_the_record_out_of_the_queue_once()
    {
        using var browser = await SignedInAsync("staff");
        var activity = (await browser.OpenAsync("/staff")).QuerySelectorAll("[data-testid=activity]").MaxBy(a => RecordIdsOf(a).Count)!;
        var row = activity.QuerySelectorAll("[data-testid=record]").Last();
        var recordId = row.GetAttribute("data-record-id")!;

        var reason = new Dictionary<string, string> { ["Reject.Reason"] = "签到表上没有此人" };

        using var rejected = await browser.SubmitAsync("/staff", row.QuerySelector("form.reject")!, reason);
        using var again = await browser.SubmitAsync("/staff", row.QuerySelector("form.reject")!, reason);

        Assert.Equal((HttpStatusCode.Redirect, "/staff?rejected=1"), (rejected.StatusCode, Where(rejected)));
        Assert.Equal((HttpStatusCode.Redirect, "/staff?rejected=1"), (again.StatusCode, Where(again)));
        Assert.Equal("REJECTED", (await RecordsAsync([recordId]))[recordId].Status);
        var page = await browser.OpenAsync("/staff?rejected=1");
        Assert.NotEqual("<no rejected>", PageBrowser.TestId(page, "rejected"));
        Assert.Empty(page.QuerySelectorAll($"[data-record-id=\"{recordId}\"]"));
    }

    [Theory]
    [InlineData("volunteer")]
    [InlineData("merchant")]
    public async Task Anyone_but_staff_is_refused_the_page(string person)
    {
        using var browser = await SignedInAsync(person);

        using var page = await browser.Client.GetAsync(new Uri("/staff", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.NotEqual("<no forbidden>", PageBrowser.TestId(await page.Content.ReadAsStringAsync(), "forbidden"));
    }

    [Fact]
    public async Task A_volunteer_sending_a_staff_form_changes_nothing()
    {
        using var staff = await SignedInAsync("staff");
        var activity = (await staff.OpenAsync("/staff")).QuerySelectorAll("[data-testid=activity]").First();
        var ids = RecordIdsOf(activity);
        using var volunteer = await SignedInAsync("volunteer");
        var token = PageBrowser.AntiforgeryToken(await volunteer.Client.GetStringAsync(new Uri("/me", UriKind.Relative)));

        using var sent = await volunteer.SubmitAsync("/staff", VerifyForm(activity), new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.Equal(HttpStatusCode.Forbidden, sent.StatusCode);
        Assert.NotEqual("<no forbidden>", PageBrowser.TestId(await sent.Content.ReadAsStringAsync(), "forbidden"));
        Assert.All((await RecordsAsync(ids)).Values, r => Assert.Equal("SUBMITTED", r.Status));
    }

    [Fact]
    public async Task Staff_of_another_community_do_not_see_the_first_communitys_records()
    {
        using var browser = await SignedInAsync("staff-2");
        var awaiting = await AwaitingAsync();

        var page = await browser.OpenAsync("/staff");

        // The demo city has records awaiting verification in both communities (the time slots' check-outs among them):
        // staff of the second see theirs, never one of the first's.
        Assert.NotEmpty(awaiting);
        Assert.DoesNotContain(awaiting.Keys, id => page.DocumentElement.OuterHtml.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(awaiting.Values, a => page.DocumentElement.OuterHtml.Contains(a.ProjectId, StringComparison.Ordinal));
    }

    private async Task<PageBrowser> SignedInAsync(string person)
    {
        var browser = new PageBrowser(city.App);
        await browser.SignInAsync(person, "/mine");
        return browser;
    }

    private static IElement VerifyForm(IElement activity) => Assert.Single(activity.QuerySelectorAll("form.verify"));

    private static List<string> RecordIdsOf(IElement activity) =>
        [.. activity.QuerySelectorAll("[data-testid=record]").Select(row => row.GetAttribute("data-record-id")!)];

    private static string CommandIdOf(IElement form) => form.QuerySelector("input[name$='.CommandId']")!.GetAttribute("value")!;

    /// <summary>Where a redirect sends the browser, as a path and query.</summary>
    private static string Where(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The first community's records awaiting verification, as the API gives them to its staff.</summary>
    private async Task<Dictionary<string, (string ProjectId, DateOnly Day)>> AwaitingAsync()
    {
        var answer = await city.Client.SendAsync(Staff, """
            query($communityId: ID!) { recordsAwaitingVerification(communityId: $communityId, first: 100) {
              edges { node { recordId projectId startedAt } } pageInfo { hasNextPage } } }
            """, new { communityId = DemoPeople.FirstCommunityId });
        Assert.False(answer.Ok("recordsAwaitingVerification.pageInfo.hasNextPage").GetValue<bool>());
        return answer.Ok("recordsAwaitingVerification.edges").AsArray().Select(edge => edge!["node"]!).ToDictionary(
            node => node["recordId"]!.GetValue<string>(),
            node => (node["projectId"]!.GetValue<string>(), DateOnly.FromDateTime(node["startedAt"]!.GetValue<DateTimeOffset>().ToOffset(ChinaTime).DateTime)));
    }

    private sealed record RecordState(string Status, string? VerifiedBy, int Minutes, string VolunteerId, int VolunteerMinutes);

    private async Task<Dictionary<string, RecordState>> RecordsAsync(IEnumerable<string> ids)
    {
        var records = new Dictionary<string, RecordState>();
        foreach (var id in ids)
        {
            var answer = await city.Client.SendAsync(Staff, """
                query($id: ID!) { serviceRecord(id: $id) { status verifiedBy minutesServed volunteer { volunteerId serviceMinutes } } }
                """, new { id });
            var record = answer.Ok("serviceRecord");
            records[id] = new RecordState(
                record["status"]!.GetValue<string>(), record["verifiedBy"]?.GetValue<string>(), record["minutesServed"]!.GetValue<int>(),
                record["volunteer"]!["volunteerId"]!.GetValue<string>(), record["volunteer"]!["serviceMinutes"]!.GetValue<int>());
        }

        return records;
    }

    /// <summary>Each volunteer's service minutes rose by their records' minutes, once.</summary>
    private static void AssertCreditedOnce(Dictionary<string, RecordState> before, Dictionary<string, RecordState> after)
    {
        foreach (var volunteer in before.Values.GroupBy(r => r.VolunteerId))
        {
            var was = volunteer.First().VolunteerMinutes;
            var now = after.Values.First(r => r.VolunteerId == volunteer.Key).VolunteerMinutes;
            Assert.Equal(was + volunteer.Sum(r => r.Minutes), now);
        }
    }
}
