using System.Net;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The community staff's page of residents' needs, <c>/community/needs</c> (issue 20): confirm for a resident without a
/// phone, decide a dispute (a split that does not add up is refused and changes nothing), and only their own community's.
/// </summary>
public sealed partial class WebPagesTests
{
    private const string StaffNeeds = """
        query($id: ID!, $s: [NeedStatus!]) { communityNeeds(communityId: $id, status: $s, first: 100) {
          edges { node { needId status minutes onBehalfOfResident paidMinutes releasedMinutes disputeReason resident { maskedName } } } } }
        """;

    [Fact]
    public async Task Staff_confirm_a_need_for_a_resident_and_decide_a_dispute_on_the_needs_page()
    {
        var community = DemoCity.Cast.Communities[0];
        var token = TestTokens.For(Actor.Staff(community.Staff[0], community.Id));
        async Task<List<JsonNode>> NeedsAsync(params string[] statuses) =>
            [.. (await city.Client.SendAsync(token, StaffNeeds, new { id = community.Id, s = statuses })).Ok("communityNeeds.edges").AsArray().Select(e => e!["node"]!)];
        var accepted = (await NeedsAsync("ACCEPTED")).First();
        var disputed = (await NeedsAsync("DISPUTED")).First();
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff", "/staff");

        var page = await browser.OpenAsync("/community/needs");
        Assert.Contains(page.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == "/community/needs");
        var acceptedCard = page.QuerySelector($"[data-testid=accepted-need][data-need-id='{accepted.Value<string>("needId")}']");
        Assert.NotNull(acceptedCard);
        var disputedCard = page.QuerySelector($"[data-testid=disputed-need][data-need-id='{disputed.Value<string>("needId")}']")!;
        Assert.Equal(disputed.Value<string>("disputeReason"), PageBrowser.TestId(disputedCard, "dispute-reason"));
        Assert.Contains(disputed["resident"]!.Value<string>("maskedName"), disputedCard.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            (await NeedsAsync("OPEN")).Select(n => n.Value<string>("needId")),
            page.QuerySelectorAll("[data-testid=open-need]").Select(r => r.GetAttribute("data-need-id")));

        // Confirm on behalf of the resident: the volunteer is paid, and the need notes it was for the resident.
        var confirm = acceptedCard!.QuerySelector("[data-testid=confirm-on-behalf]")!;
        using (var confirmed = await browser.SubmitAsync("/community/needs", confirm.Closest("form")!,
            new Dictionary<string, string> { ["Act.Action"] = confirm.GetAttribute("value")! }))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Contains("done=confirmed", confirmed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var needId = accepted.Value<string>("needId");
        var after = (await city.Client.SendAsync(token, "query($id: ID!) { need(id: $id) { status onBehalfOfResident paidMinutes } }", new { id = needId })).Ok("need");
        Assert.Equal(("CONFIRMED", true, accepted.Value<int>("minutes")), (after.Value<string>("status"), after.Value<bool>("onBehalfOfResident"), after.Value<int>("paidMinutes")));

        // A split that does not add up: the page shows the refusal, and the need is still disputed.
        var minutes = disputed.Value<int>("minutes");
        var id = disputed.Value<string>("needId");
        page = await browser.OpenAsync("/community/needs");
        var split = page.QuerySelector($"[data-testid=disputed-need][data-need-id='{id}'] [data-testid=decide-split]")!;
        using (var refused = await browser.SubmitAsync("/community/needs", split.Closest("form")!, new Dictionary<string, string>
        {
            ["Act.Action"] = split.GetAttribute("value")!, [$"volunteer-{id}"] = "1", [$"resident-{id}"] = "1", [$"reason-{id}"] = "各付一分钟",
        }))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = PageBrowser.Parse(await refused.Content.ReadAsStringAsync());
            Assert.NotNull(html.QuerySelector("[data-testid=error]"));
            Assert.NotNull(html.QuerySelector($"[data-testid=disputed-need][data-need-id='{id}']"));
        }

        var still = (await city.Client.SendAsync(token, "query($id: ID!) { need(id: $id) { status paidMinutes releasedMinutes } }", new { id })).Ok("need");
        Assert.Equal("DISPUTED", still.Value<string>("status"));
        Assert.Equal((0, 0), (still.Value<int>("paidMinutes"), still.Value<int>("releasedMinutes")));

        // A split that adds up decides it.
        page = await browser.OpenAsync("/community/needs");
        split = page.QuerySelector($"[data-testid=disputed-need][data-need-id='{id}'] [data-testid=decide-split]")!;
        using (var decided = await browser.SubmitAsync("/community/needs", split.Closest("form")!, new Dictionary<string, string>
        {
            ["Act.Action"] = split.GetAttribute("value")!, [$"volunteer-{id}"] = (minutes / 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"resident-{id}"] = (minutes - (minutes / 3)).ToString(System.Globalization.CultureInfo.InvariantCulture), [$"reason-{id}"] = "按实际服务时间分配",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
            Assert.Contains("done=decided", decided.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var done = (await city.Client.SendAsync(token, "query($id: ID!) { need(id: $id) { status paidMinutes releasedMinutes } }", new { id })).Ok("need");
        Assert.Equal(("DECIDED", minutes / 3, minutes - (minutes / 3)), (done.Value<string>("status"), done.Value<int>("paidMinutes"), done.Value<int>("releasedMinutes")));
        page = await browser.OpenAsync("/community/needs?done=decided");
        Assert.Null(page.QuerySelector($"[data-need-id='{id}']"));
    }

    [Fact]
    public async Task Staff_of_another_community_do_not_see_the_needs_and_a_volunteer_may_not_open_the_page()
    {
        var community = DemoCity.Cast.Communities[0];
        var token = TestTokens.For(Actor.Staff(community.Staff[0], community.Id));
        var ids = (await city.Client.SendAsync(token, StaffNeeds, new { id = community.Id, s = (string[]?)null })).Ok("communityNeeds.edges").AsArray()
            .Select(e => e!["node"]!.Value<string>("needId")).ToList();
        Assert.NotEmpty(ids);
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff-2", "/staff");

        var page = await browser.OpenAsync($"/community/needs?communityId={community.Id}");
        Assert.Contains(DemoCity.Cast.Communities[1].Name, page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Null(page.QuerySelector($"[data-need-id='{id}']")));
        Assert.Null(page.QuerySelector("[data-testid=error]"));

        using var volunteer = new PageBrowser(city.App);
        await volunteer.SignInAsync("volunteer", "/me");
        using var refused = await volunteer.Client.GetAsync(new Uri("/community/needs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Staff_release_a_disputed_need_to_its_resident_with_one_button()
    {
        var community = DemoCity.Cast.Communities[1];
        var token = TestTokens.For(Actor.Staff(community.Staff[0], community.Id));
        var disputed = (await city.Client.SendAsync(token, StaffNeeds, new { id = community.Id, s = new[] { "DISPUTED" } })).Ok("communityNeeds.edges").AsArray()
            .Select(e => e!["node"]!).First();
        var id = disputed.Value<string>("needId");
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff-2", "/staff");

        var page = await browser.OpenAsync("/community/needs");
        var release = page.QuerySelector($"[data-testid=disputed-need][data-need-id='{id}'] [data-testid=decide-release]")!;
        using (var released = await browser.SubmitAsync("/community/needs", release.Closest("form")!, new Dictionary<string, string>
        {
            ["Act.Action"] = release.GetAttribute("value")!, [$"reason-{id}"] = "志愿者未到场",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        }

        var done = (await city.Client.SendAsync(token, "query($id: ID!) { need(id: $id) { status paidMinutes releasedMinutes } }", new { id })).Ok("need");
        Assert.Equal(("DECIDED", 0, disputed.Value<int>("minutes")), (done.Value<string>("status"), done.Value<int>("paidMinutes"), done.Value<int>("releasedMinutes")));
    }
}
