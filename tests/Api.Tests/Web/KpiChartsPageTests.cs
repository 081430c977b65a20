using Marten;
using Marten.Events;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The KPI charts on <c>/kpis</c> (inline SVG with a text alternative and a table of the same figures) and the staff's
/// community board (<c>/community/board</c>), over HTTP in the demo city: every figure drawn is the API's.
/// </summary>
public sealed class KpiChartsPageTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    private const string Fields = "month hours points registered active activeRatioPercent socialOrganizations socialOrganizationTarget stations stationsMeetingSixHaves stars { level volunteers }";

    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("staff")]
    [InlineData("admin")]
    public async Task The_charts_draw_the_kpis_the_api_gives_the_reader(string person)
    {
        var (token, area) = person == "staff"
            ? (TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId)), (object)new { communityId = DemoPeople.FirstCommunityId })
            : (TestTokens.For(TimeBankApp.CityAdmin), new { });
        await city.App.Store.CaughtUpAsync();
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync(person, "/kpis");

        var page = await browser.OpenAsync("/kpis");

        var now = (await AreaAsync(token, area, null));
        var thisMonth = DateTimeOffset.UtcNow.ToOffset(China);
        var months = Enumerable.Range(0, 12).Reverse().Select(back => thisMonth.AddMonths(-back).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var hours = Rows(page, "chart-hours");
        var points = Rows(page, "chart-points");
        Assert.Equal(months, hours.Keys);
        Assert.Equal(months, points.Keys);
        foreach (var month in months)
        {
            var figures = await AreaAsync(token, area, month);
            Assert.Equal(figures["hours"]!.GetValue<double>().ToString("0.##", CultureInfo.InvariantCulture), hours[month]);
            Assert.Equal(figures["points"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), points[month]);
        }

        Assert.Equal(
            now["stars"]!.AsArray().ToDictionary(s => new string('★', s!["level"]!.GetValue<int>()), s => s!["volunteers"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)),
            Rows(page, "chart-stars"));
        var targets = Rows(page, "chart-targets");
        Assert.Equal(now["activeRatioPercent"]!.GetValue<double>().ToString("0.#", CultureInfo.InvariantCulture) + "%", targets["活跃比例"]);
        Assert.Equal(now["socialOrganizations"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), targets["社区社会组织"]);
        Assert.Equal($"{now["stationsMeetingSixHaves"]!.GetValue<long>()} / {now["stations"]!.GetValue<long>()}", targets["“六有”服务站"]);
        Assert.Contains($"{now["socialOrganizationTarget"]!.GetValue<long>()}", page.QuerySelector("[data-testid=chart-targets-table] tr[data-name='社区社会组织']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_chart_is_one_image_with_its_title_and_a_text_alternative_that_says_every_figure()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff", "/kpis");

        var page = await browser.OpenAsync("/kpis");

        var charts = page.QuerySelectorAll("figure.chart");
        Assert.Equal(4, charts.Length);
        foreach (var chart in charts)
        {
            var svg = chart.QuerySelector("svg")!;
            Assert.Equal("img", svg.GetAttribute("role"));
            var labels = svg.GetAttribute("aria-labelledby")!.Split(' ');
            Assert.Equal(["title", "desc"], labels.Select(id => page.GetElementById(id)!.LocalName));
            var description = page.GetElementById(labels[1])!.TextContent;
            Assert.All(chart.QuerySelectorAll("[data-testid=chart-row]"), row =>
                Assert.Contains($"{row.GetAttribute("data-name")} {row.QuerySelector("[data-testid=chart-value]")!.TextContent}", description, StringComparison.Ordinal));
        }

        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Theory]
    [InlineData("staff", 0, "all", "HOURS")]
    [InlineData("staff", 0, "year", "POINTS")]
    [InlineData("staff-2", 1, "all", "POINTS")]
    public async Task Staff_see_their_communitys_board_as_the_api_gives_it(string person, int community, string period, string measure)
    {
        // Boards are kept by the async daemon: the demo city's history is on them once it caught up.
        await city.App.Store.CaughtUpAsync();
        var communityId = DemoCity.Cast.Communities[community].Id;
        var apiPeriod = period == "year" ? DateTimeOffset.UtcNow.ToOffset(China).ToString("yyyy", CultureInfo.InvariantCulture) : period;
        var api = await city.Client.SendAsync(TestTokens.For(Actor.Staff(DemoCity.Cast.Communities[community].Staff[0], communityId)),
            "query($id: ID!, $period: String!, $measure: BoardMeasure!) { leaderboard(area: { communityId: $id }, period: $period, measure: $measure, first: 50) { edges { node { rank volunteerNumber maskedName points minutes } } } }",
            new { id = communityId, period = apiPeriod, measure });
        var expected = api.Ok("leaderboard.edges").AsArray().Select(e => e!["node"]!)
            .Select(n => $"{n["rank"]} {n["volunteerNumber"]} {n["maskedName"]?.GetValue<string>() ?? "（已删除）"} {n["points"]}").ToList();
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync(person, "/community/board");

        // Staff of the second community who name the first see their own board: the page never asks for another's.
        var page = await browser.OpenAsync($"/community/board?communityId={DemoPeople.FirstCommunityId}&period={period}&measure={measure}");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.QuerySelectorAll("[data-testid=board-entry]").Select(row =>
            $"{PageBrowser.TestId(row, "board-rank")} {row.GetAttribute("data-volunteer-number")} {PageBrowser.TestId(row, "board-name")} {PageBrowser.TestId(row, "board-points")}"));
    }

    [Theory]
    [InlineData("volunteer")]
    [InlineData("merchant")]
    [InlineData("admin")]
    public async Task Only_staff_open_the_community_board(string person)
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync(person, "/mine");

        using var answer = await browser.Client.GetAsync(new Uri("/community/board", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    private async Task<JsonNode> AreaAsync(string token, object area, string? month) =>
        (await city.Client.SendAsync(token, $"query($area: AreaInput!, $month: String) {{ areaKpis(area: $area, month: $month) {{ {Fields} }} }}", new { area, month }))
            .Ok("areaKpis");

    /// <summary>A chart's table: each row's name and the value shown.</summary>
    private static Dictionary<string, string> Rows(IDocument page, string chart) =>
        page.QuerySelectorAll($"[data-testid={chart}-table] [data-testid=chart-row]")
            .ToDictionary(row => row.GetAttribute("data-name")!, row => PageBrowser.TestId(row, "chart-value"));
}
