using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.Standings;

/// <summary>
/// Community KPIs through GraphQL and CSV on the real host and PostgreSQL, the async daemon keeping them: the hand-computed
/// fixture of the fold's own tests (active ratio at a month boundary, a revocation that makes a volunteer inactive, an
/// organization dissolved mid-month), "as of" a past month before and after later events, and who may read which area.
/// Each test city lives in districts of its own, so tests share the host without seeing each other's figures.
/// </summary>
public sealed class KpiGraphQLTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Fields = "level month communities registered active activeRatioPercent activeRatioTargetPercent activeRatioTargetMet "
        + "socialOrganizations socialOrganizationTarget socialOrganizationTargetMet stations stationsMeetingSixHaves minutes hours points verifiedRecords "
        + "projectsServed stars { level volunteers }";

    private const string AreaKpis = "query($area: AreaInput!, $month: String) { areaKpis(area: $area, month: $month) { " + Fields + " } }";

    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly Guid Staff = Guid.CreateVersion7();

    private readonly Guid a = Guid.CreateVersion7(), b = Guid.CreateVersion7(), c = Guid.CreateVersion7();
    private readonly Guid v1 = Guid.CreateVersion7(), v2 = Guid.CreateVersion7();
    private readonly string south = "市南区-" + Guid.NewGuid().ToString("N")[..8], hills = "崂山区-" + Guid.NewGuid().ToString("N")[..8];
    private const string Lakes = "八大湖街道";
    private readonly LedgerGraphQLClient client = new(app);

    private static DateTimeOffset On(int month, int day, int hour = 10, int minute = 0) => new DateTimeOffset(2026, month, day, hour, minute, 0, China).ToUniversalTime();

    private string Admin => TestTokens.For(Actor.CityAdmin(Guid.CreateVersion7()));

    /// <summary>
    /// A and B on one street of the south district, C in the hills. V1 and V2 and two more at home in A, one at B. V1 serves at
    /// 23:30 on 30 September and 00:30 on 1 October (China time: two months); V2 in September and October. A registers two
    /// organizations in September and dissolves one on 15 October.
    /// </summary>
    private async Task TellHistoryAsync()
    {
        await AppendAsync(a, new CommunityRegistered(a, "海滨社区", Lakes, south, Staff, On(8, 1)));
        await AppendAsync(b, new CommunityRegistered(b, "湖畔社区", Lakes, south, Staff, On(8, 1)));
        await AppendAsync(c, new CommunityRegistered(c, "山麓社区", "沙子口街道", hills, Staff, On(8, 1)));
        foreach (var (volunteer, home) in new[] { (v1, a), (v2, a), (Guid.CreateVersion7(), a), (Guid.CreateVersion7(), a), (Guid.CreateVersion7(), b) })
        {
            await AppendAsync(volunteer, new VolunteerRegistered(volunteer, home, "K" + volunteer.ToString("N")[^10..], Staff, On(8, 2)));
        }

        var knitting = Guid.CreateVersion7();
        var chess = Guid.CreateVersion7();
        await AppendAsync(knitting, Organization(knitting, On(9, 5)));
        await AppendAsync(chess, Organization(chess, On(9, 10)));
        await ServeAsync(v1, On(9, 30, 23, 30));
        await ServeAsync(v2, On(9, 30, 12));
        await ServeAsync(v1, On(10, 1, 0, 30));
        v2October = await ServeAsync(v2, On(10, 20));
        await AppendAsync(knitting, new SocialOrganizationDissolved(knitting, a, "停止活动", Staff, On(10, 15)));
        await app.Store.CaughtUpAsync();
    }

    private Guid v2October;

    private SocialOrganizationRegistered Organization(Guid id, DateTimeOffset at) =>
        new(id, a, "组织" + id.ToString("N")[^6..], OrganizationKind.CultureAndSports, OrganizationStanding.Filed, "会长", Staff, at);

    private async Task<Guid> ServeAsync(Guid volunteer, DateTimeOffset at)
    {
        var record = Guid.CreateVersion7();
        await AppendAsync(record, new ServiceRecordSubmitted(record, volunteer, Guid.CreateVersion7(), a, "探访", "elderly", 100, true, "活动室",
            at.AddHours(-2), at.AddHours(-1), 60, "陪伴", null, null, "王老师", Staff, at));
        await AppendAsync(volunteer, new ServiceCredited(volunteer, record, a, 60, 60, 0, 0, 10, 0, at.AddYears(2), [], at));
        return record;
    }

    private async Task AppendAsync(Guid stream, object e)
    {
        await using var session = app.Store.LightweightSession();
        session.Events.Append(stream, e);
        await session.SaveChangesAsync();
    }

    private async Task<JsonNode> KpisAsync(string token, object area, string month) =>
        (await client.SendAsync(token, AreaKpis, new { area, month })).Ok("areaKpis");

    [Fact]
    public async Task The_fixture_reads_as_worked_out_by_hand_and_a_past_month_as_it_was_shown()
    {
        await TellHistoryAsync();
        var admin = Admin;

        var october = await KpisAsync(admin, new { communityId = a }, "2026-10");
        Assert.Equal(4, october.Long("registered"));
        Assert.Equal(2, october.Long("active"));
        Assert.Equal(50m, october["activeRatioPercent"]!.GetValue<decimal>());
        Assert.False(october["activeRatioTargetMet"]!.GetValue<bool>());
        Assert.Equal(1, october.Long("socialOrganizations"));
        Assert.Equal(12, october.Long("socialOrganizationTarget"));
        Assert.Equal(120, october.Long("minutes"));
        Assert.Equal(2m, october["hours"]!.GetValue<decimal>());
        Assert.Equal(0, (await KpisAsync(admin, new { communityId = a }, "2026-09")).Long("active"));
        Assert.Equal(2, (await KpisAsync(admin, new { communityId = a }, "2026-09")).Long("socialOrganizations"));

        var street = await KpisAsync(admin, new { district = south, street = Lakes }, "2026-10");
        Assert.Equal((5L, 2L, 2L), (street.Long("registered"), street.Long("active"), street.Long("communities")));
        var before = (await KpisAsync(admin, new { district = south }, "2026-10")).ToJsonString();

        // November: V2's October record is revoked. October stays as it was shown; V2 is inactive from November.
        await AppendAsync(v2, new ServiceCreditRevoked(v2, v2October, a, 60, 60, 0, 0, 10, 0, 0, [], "重复", Staff, [], On(11, 3)));
        await app.Store.CaughtUpAsync();

        Assert.Equal(before, (await KpisAsync(admin, new { district = south }, "2026-10")).ToJsonString());
        var november = await KpisAsync(admin, new { communityId = a }, "2026-11");
        Assert.Equal((1L, -60L, -1L), (november.Long("active"), november.Long("minutes"), november.Long("verifiedRecords")));
        Assert.Equal(0, (await KpisAsync(admin, new { communityId = a }, "2026-12")).Long("active"));
    }

    [Fact]
    public async Task Communities_of_an_area_come_a_page_at_a_time_in_a_stable_order_and_as_csv()
    {
        await TellHistoryAsync();
        const string Query = """
            query($area: AreaInput!, $after: String) {
              communityKpis(area: $area, month: "2026-10", first: 1, after: $after) { edges { cursor node { communityId communityName registered active } } pageInfo { hasNextPage endCursor } }
            }
            """;
        var admin = Admin;

        var first = (await client.SendAsync(admin, Query, new { area = new { district = south } })).Ok("communityKpis");
        var second = (await client.SendAsync(admin, Query, new { area = new { district = south }, after = first["pageInfo"]!["endCursor"]!.GetValue<string>() })).Ok("communityKpis");

        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var ids = new[] { first, second }.Select(p => p["edges"]![0]!["node"]!["communityId"]!.GetValue<string>()).ToList();
        Assert.Equal(new[] { a, b }.Select(id => id.ToString()).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));

        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/kpis.csv?district={Uri.EscapeDataString(south)}&month=2026-10", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("month,community_id,community,district,street,registered,active,active_ratio_percent", lines[0], StringComparison.Ordinal);
        Assert.Equal($"2026-10,{a},海滨社区,{south},{Lakes},4,2,50.0,no,1,12,no,0,0,2,20,2,2,0,0,0,0,0", lines.Single(l => l.Contains(a.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Staff_read_their_community_only_and_a_district_admin_their_district_only()
    {
        await TellHistoryAsync();
        var staffOfA = TestTokens.For(Actor.Staff(Guid.CreateVersion7(), a));
        var southAdmin = TestTokens.For(Actor.DistrictAdmin(Guid.CreateVersion7(), south));
        var volunteer = TestTokens.For(Actor.Volunteer(v1));

        Assert.Equal(4, (await KpisAsync(staffOfA, new { communityId = a }, "2026-10")).Long("registered"));
        Assert.Equal("NOT_FOUND", (await client.SendAsync(staffOfA, AreaKpis, new { area = new { communityId = b }, month = "2026-10" })).Code());
        Assert.Equal("NOT_FOUND", (await client.SendAsync(staffOfA, AreaKpis, new { area = new { district = south }, month = "2026-10" })).Code());

        Assert.Equal(5, (await KpisAsync(southAdmin, new { district = south }, "2026-10")).Long("registered"));
        Assert.Equal(1, (await KpisAsync(southAdmin, new { communityId = b }, "2026-10")).Long("registered"));
        Assert.Equal("NOT_FOUND", (await client.SendAsync(southAdmin, AreaKpis, new { area = new { district = hills }, month = "2026-10" })).Code());
        Assert.Equal("NOT_FOUND", (await client.SendAsync(southAdmin, AreaKpis, new { area = new { communityId = c }, month = "2026-10" })).Code());
        Assert.Equal("NOT_FOUND", (await client.SendAsync(southAdmin, AreaKpis, new { area = new { }, month = "2026-10" })).Code());
        Assert.Equal("FORBIDDEN", (await client.SendAsync(southAdmin,
            "query($area: AreaInput!) { communityKpis(area: $area) { edges { cursor } } }", new { area = new { district = hills } })).Code());

        Assert.Equal("NOT_FOUND", (await client.SendAsync(volunteer, AreaKpis, new { area = new { communityId = a }, month = "2026-10" })).Code());

        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/kpis.csv?district={Uri.EscapeDataString(hills)}", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", southAdmin);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("FORBIDDEN", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2026-13", null, "PERIOD_INVALID")]
    [InlineData("2099-01", null, "PERIOD_IN_FUTURE")]
    [InlineData(null, "no such district", "AREA_UNKNOWN")]
    public async Task Bad_months_and_areas_are_refused_with_their_code(string? month, string? district, string code)
    {
        var answer = await client.SendAsync(Admin, AreaKpis, new { area = new { district = district ?? south }, month });

        Assert.Equal(code, answer.Code());
    }

    [Theory]
    [InlineData("month=2026-13", HttpStatusCode.BadRequest, "PERIOD_INVALID")]
    [InlineData("month=2099-01", HttpStatusCode.BadRequest, "PERIOD_IN_FUTURE")]
    [InlineData("district=no%20such%20district", HttpStatusCode.NotFound, "AREA_UNKNOWN")]
    public async Task The_csv_refuses_a_bad_month_as_bad_input_and_an_unknown_area_as_missing(string query, HttpStatusCode status, string code)
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/kpis.csv?" + query, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
        using var response = await http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_page_size_out_of_range_is_INVALID_INPUT() =>
        Assert.Equal("INVALID_INPUT", (await client.SendAsync(Admin,
            "query { communityKpis(area: {}, first: 101) { edges { cursor } } }")).Code());
}
