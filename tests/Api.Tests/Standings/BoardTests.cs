using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Standings;

namespace TimeBank.Api.Tests.Standings;

/// <summary>
/// Leaderboards end to end on PostgreSQL through GraphQL, after the async BoardProjection caught up: a revocation moves
/// a volunteer down, a volunteer off the public boards is on no board yet sees their rank, pages and ranks agree on
/// the counted (community) and the histogram (district) boards, and bad inputs get their codes.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class BoardTests(TimeBankApp app)
{
    private const string EntryFields = "rank volunteerNumber maskedName minutes points you";

    private readonly LedgerGraphQLClient client = new(app);

    /// <summary>A community in a district of its own, with staff, a project and three volunteers (numbers in the order A, B, C).</summary>
    private sealed record City(Guid CommunityId, string District, Guid StaffId, Guid ProjectId, Guid[] Volunteers, string[] Numbers)
    {
        public string Staff => TestTokens.For(StaffId, "staff", CommunityId);

        public string Volunteer(int i) => TestTokens.For(Volunteers[i], "volunteer");
    }

    private async Task<City> CityAsync()
    {
        var id = Guid.CreateVersion7();
        var prefix = "B" + id.ToString("N")[^10..];
        var city = new City(id, "区" + id.ToString("N")[^8..], Guid.CreateVersion7(), Guid.CreateVersion7(),
            [Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7()], [prefix + "-1", prefix + "-2", prefix + "-3"]);
        (await client.SendAsync(LedgerScenario.Admin, "mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }",
            new { input = new { commandId = Guid.CreateVersion7(), communityId = id, name = "榜单社区", street = "东街道", district = city.District } }))
            .Ok("registerCommunity.community.id");
        (await client.SendAsync(LedgerScenario.Admin, "mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }",
            new { input = new { commandId = Guid.CreateVersion7(), communityId = id, staffId = city.StaffId } })).Ok("assignStaff.community.staffIds");
        (await client.SendAsync(city.Staff, "mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { id } } }",
            new { input = new { commandId = Guid.CreateVersion7(), projectId = city.ProjectId, communityId = id, name = "助老", category = "elder care", place = "站" } }))
            .Ok("publishProject.project.id");
        for (var i = 0; i < 3; i++)
        {
            (await client.SendAsync(city.Staff, "mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }",
                new { input = new { commandId = Guid.CreateVersion7(), volunteerId = city.Volunteers[i], homeCommunityId = id, volunteerNumber = city.Numbers[i], displayName = "王小" + "明亮光"[i] } }))
                .Ok("registerVolunteer.account.volunteerId");
        }

        return city;
    }

    /// <summary>A city whose volunteers have served, in one verified record each, the minutes given in order; caught up.</summary>
    private async Task<City> CityServedAsync(params int[] minutes)
    {
        var city = await CityAsync();
        for (var i = 0; i < minutes.Length; i++)
        {
            await ServeAsync(city, i, minutes[i]);
        }

        await CaughtUpAsync();
        return city;
    }

    private static int _slot;

    private async Task<Guid> ServeAsync(City city, int volunteer, int minutes)
    {
        var recordId = Guid.CreateVersion7();
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-3).AddHours(3 * (Interlocked.Increment(ref _slot) % 7));
        (await client.SendAsync(city.Staff, """
            mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { record { id } } }
            """, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), recordId, volunteerId = city.Volunteers[volunteer], projectId = city.ProjectId, startedAt = start,
                endedAt = start.AddMinutes(minutes), minutesServed = minutes, content = "陪伴老人", personInCharge = "张主任",
            },
        })).Ok("submitServiceRecord.record.id");
        (await client.SendAsync(city.Staff, "mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { recordIds } }",
            new { input = new { commandId = Guid.CreateVersion7(), recordIds = new[] { recordId } } })).Ok("verifyServiceRecords.recordIds");
        return recordId;
    }

    private async Task CaughtUpAsync() => await app.Store.CaughtUpAsync();

    private Task<GraphQLAnswer> BoardAsync(string actor, object area, string period = "all", string measure = "HOURS", int? first = null, string? after = null) =>
        client.SendAsync(actor, $$"""
            query($area: AreaInput!, $period: String!, $measure: BoardMeasure!, $first: Int, $after: String) {
              leaderboard(area: $area, period: $period, measure: $measure, first: $first, after: $after) {
                edges { cursor node { {{EntryFields}} } } pageInfo { hasNextPage endCursor }
              }
            }
            """, new { area, period, measure, first = first ?? 20, after });

    private Task<GraphQLAnswer> StandingAsync(string actor, string level, string period = "all", string measure = "HOURS", int around = 2) =>
        client.SendAsync(actor, $$"""
            query($level: AreaLevel!, $period: String!, $measure: BoardMeasure!, $around: Int) {
              myStanding(level: $level, period: $period, measure: $measure, around: $around) { level areaKey rank onPublicBoards minutes points entries { {{EntryFields}} } }
            }
            """, new { level, period, measure, around });

    private static List<(long Rank, string Number, long Minutes)> Lines(GraphQLAnswer answer) =>
        [.. answer.Ok("leaderboard.edges").AsArray().Select(e => e!["node"]!).Select(n => (n.Long("rank"), n.Value<string>("volunteerNumber"), n.Long("minutes")))];

    [Fact]
    public async Task A_revocation_moves_a_volunteer_down_and_a_volunteer_off_the_boards_is_on_none_but_sees_their_rank()
    {
        var city = await CityAsync();
        var (a, b, c) = (city.Numbers[0], city.Numbers[1], city.Numbers[2]);
        var first = await ServeAsync(city, 0, 60);
        await ServeAsync(city, 0, 60);
        await ServeAsync(city, 1, 90);
        await ServeAsync(city, 2, 60);
        await CaughtUpAsync();

        var district = new { district = city.District };
        var community = new { communityId = city.CommunityId };
        Assert.Equal([(1, a, 120), (2, b, 90), (3, c, 60)], Lines(await BoardAsync(city.Volunteer(1), district)));
        Assert.Equal([(1, a, 120), (2, b, 90), (3, c, 60)], Lines(await BoardAsync(city.Staff, community)));
        var node = (await BoardAsync(city.Volunteer(1), community)).Ok("leaderboard.edges").AsArray()[0]!["node"]!;
        Assert.Equal("王**", node.Value<string>("maskedName"));
        Assert.True(node.Long("points") > 0);

        // A's first record is revoked: A falls to 60 minutes, level with C, behind B.
        (await client.SendAsync(city.Staff, "mutation($input: RevokeServiceRecordInput!) { revokeServiceRecord(input: $input) { record { status } } }",
            new { input = new { commandId = Guid.CreateVersion7(), recordId = first, reason = "重复登记" } })).Ok("revokeServiceRecord.record");
        await CaughtUpAsync();
        Assert.Equal([(1, b, 90), (2, a, 60), (2, c, 60)], Lines(await BoardAsync(city.Volunteer(0), district)));
        Assert.Equal([(1, b, 90), (2, a, 60), (2, c, 60)], Lines(await BoardAsync(city.Volunteer(0), community)));

        // Pages after a cursor rank by count (community) and by the histogram (district) alike.
        foreach (var area in new object[] { district, community })
        {
            var page = await BoardAsync(city.Volunteer(0), area, first: 2);
            Assert.True(page.Ok("leaderboard.pageInfo").Value<bool>("hasNextPage"));
            var rest = await BoardAsync(city.Volunteer(0), area, first: 2, after: page.Ok("leaderboard.pageInfo").Value<string>("endCursor"));
            Assert.Equal([(2, c, 60)], Lines(rest));
            Assert.False(rest.Ok("leaderboard.pageInfo").Value<bool>("hasNextPage"));
        }

        // C leaves the public boards: on no board, counted in nobody's rank, still ranked themself.
        (await client.SendAsync(city.Volunteer(2), "mutation($input: PublicBoardsInput!) { leavePublicBoards(input: $input) { account { onPublicBoards } } }",
            new { input = new { commandId = Guid.CreateVersion7() } })).Ok("leavePublicBoards.account");
        await CaughtUpAsync();
        foreach (var area in new object[] { district, community })
        {
            Assert.Equal([(1, b, 90), (2, a, 60)], Lines(await BoardAsync(city.Volunteer(1), area)));
        }

        foreach (var level in new[] { "COMMUNITY", "STREET", "DISTRICT" })
        {
            var standing = (await StandingAsync(city.Volunteer(2), level)).Ok("myStanding");
            Assert.Equal(2, standing.Long("rank"));
            Assert.False(standing.Value<bool>("onPublicBoards"));
            Assert.Equal(60, standing.Long("minutes"));
            var entries = standing["entries"]!.AsArray().Select(e => (e!.Long("rank"), e!.Value<string>("volunteerNumber"), e!.Value<bool>("you"))).ToList();
            Assert.Equal([(1, b, false), (2, a, false), (2, c, true)], entries);
        }

        // At city level the rank agrees with the city board (other tests' volunteers count there too).
        var cityStanding = (await StandingAsync(city.Volunteer(0), "CITY")).Ok("myStanding");
        var cityBoard = await BoardAsync(city.Volunteer(0), new { }, first: 100);
        var ahead = Lines(cityBoard).Count(l => l.Minutes > 60);
        if (ahead < 100)
        {
            Assert.Equal(1 + ahead, cityStanding.Long("rank"));
        }

        // A volunteer who has served nothing this period still has a rank: behind every public entry.
        var standingB = (await StandingAsync(city.Volunteer(1), "DISTRICT", measure: "POINTS", around: 0)).Ok("myStanding");
        Assert.Equal(1, standingB.Long("rank"));
        Assert.True(standingB.Value<bool>("onPublicBoards"));

        // The CSV of the district's board: public entries only, in order.
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/boards.csv?district={Uri.EscapeDataString(city.District)}&period=all&measure=hours", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", city.Volunteer(2));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,volunteer_number,masked_name,minutes,points", lines[0]);
        Assert.Equal([$"1,{b},王**,90", $"2,{a},王**,60"], lines[1..].Select(l => l[..l.LastIndexOf(',')]).ToList());

        // C comes back.
        (await client.SendAsync(city.Volunteer(2), "mutation($input: PublicBoardsInput!) { rejoinPublicBoards(input: $input) { account { onPublicBoards } } }",
            new { input = new { commandId = Guid.CreateVersion7() } })).Ok("rejoinPublicBoards.account");
        await CaughtUpAsync();
        Assert.Equal([(1, b, 90), (2, a, 60), (2, c, 60)], Lines(await BoardAsync(city.Volunteer(1), district)));
    }

    [Fact]
    public async Task A_rank_below_a_tie_counts_the_whole_tie_where_the_window_shows_only_part_of_it()
    {
        var city = await CityServedAsync(60, 60, 30);
        var (b, c) = (city.Numbers[1], city.Numbers[2]);

        // C's window of one shows B (60) but not A (60, ahead of B by number): C is third all the same, counted on the
        // community's board and summed from the histogram on the district's.
        foreach (var level in new[] { "COMMUNITY", "DISTRICT" })
        {
            var standing = (await StandingAsync(city.Volunteer(2), level, around: 1)).Ok("myStanding");
            Assert.Equal(3, standing.Long("rank"));
            var entries = standing["entries"]!.AsArray().Select(e => (e!.Long("rank"), e!.Value<string>("volunteerNumber"), e!.Value<bool>("you"))).ToList();
            Assert.Equal([(1, b, false), (3, c, true)], entries);
        }
    }

    [Fact]
    public async Task Bad_inputs_get_their_codes()
    {
        var city = await CityAsync();
        var volunteer = city.Volunteer(0);
        var district = new { district = city.District };
        var next = CalendarMonth.Of(DateTimeOffset.UtcNow).Plus(1).Key;
        Assert.Equal("PERIOD_INVALID", (await BoardAsync(volunteer, district, period: "2026-13")).Code());
        Assert.Equal("PERIOD_INVALID", (await BoardAsync(volunteer, district, period: "last year")).Code());
        Assert.Equal("PERIOD_IN_FUTURE", (await BoardAsync(volunteer, district, period: next)).Code());
        Assert.Equal("PERIOD_IN_FUTURE", (await BoardAsync(volunteer, district, period: "2999")).Code());
        Assert.Equal("AREA_UNKNOWN", (await BoardAsync(volunteer, new { district = "无此区" + Guid.NewGuid() })).Code());
        Assert.Equal("AREA_UNKNOWN", (await BoardAsync(volunteer, new { communityId = Guid.CreateVersion7() })).Code());
        Assert.Equal("INVALID_INPUT", (await BoardAsync(volunteer, district, first: 0)).Code());
        Assert.Equal("INVALID_INPUT", (await BoardAsync(volunteer, district, first: 101)).Code());
        Assert.Equal("INVALID_INPUT", (await BoardAsync(volunteer, district, after: "bm90IGEgY3Vyc29y")).Code());
        Assert.Equal("PERIOD_IN_FUTURE", (await StandingAsync(volunteer, "CITY", period: next)).Code());
        Assert.Equal("INVALID_INPUT", (await StandingAsync(volunteer, "CITY", around: 11)).Code());
        Assert.Equal("FORBIDDEN", (await StandingAsync(city.Staff, "CITY")).Code());
        Assert.Equal("FORBIDDEN", (await client.SendAsync(city.Staff, "mutation($input: PublicBoardsInput!) { leavePublicBoards(input: $input) { account { onPublicBoards } } }",
            new { input = new { commandId = Guid.CreateVersion7() } })).Code());

        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/boards.csv?period=2999&measure=hours", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", volunteer);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("PERIOD_IN_FUTURE", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        using var badMonth = new HttpRequestMessage(HttpMethod.Get, new Uri("/boards.csv?period=2026-13&measure=hours", UriKind.Relative));
        badMonth.Headers.Authorization = new AuthenticationHeaderValue("Bearer", volunteer);
        using var badMonthResponse = await http.SendAsync(badMonth);
        Assert.Equal(HttpStatusCode.BadRequest, badMonthResponse.StatusCode);
        Assert.Equal("PERIOD_INVALID", JsonNode.Parse(await badMonthResponse.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        using var anonymous = await http.GetAsync(new Uri("/boards.csv?period=all&measure=hours", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_erased_volunteer_has_no_name_on_any_board_read_at_once()
    {
        var city = await CityServedAsync(90, 60);
        var (a, b) = (city.Numbers[0], city.Numbers[1]);
        var community = new { communityId = city.CommunityId };
        List<(string Number, string? Name)> Names(JsonNode edges) =>
            [.. edges.AsArray().Select(e => e!["node"]!).Select(n => (n.Value<string>("volunteerNumber"), n["maskedName"]?.GetValue<string>()))];
        Assert.Equal([(a, "王**"), (b, "王**")], Names((await BoardAsync(city.Volunteer(1), community)).Ok("leaderboard.edges")));

        // Read once with the names (every cache warm), then A's data key is destroyed: every read shows A without a name
        // at once, with no projection to catch up.
        (await client.SendAsync(city.Staff, "mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { account { volunteerId } } }",
            new { input = new { commandId = Guid.CreateVersion7(), volunteerId = city.Volunteers[0] } })).Ok("erasePersonalData.account");
        foreach (var area in new object[] { community, new { district = city.District } })
        {
            Assert.Equal([(a, null), (b, "王**")], Names((await BoardAsync(city.Volunteer(1), area)).Ok("leaderboard.edges")));
            var page = await BoardAsync(city.Volunteer(1), area, first: 1);
            var rest = await BoardAsync(city.Volunteer(1), area, first: 1, after: page.Ok("leaderboard.pageInfo").Value<string>("endCursor"));
            Assert.Equal([(b, "王**")], Names(rest.Ok("leaderboard.edges")));
        }

        foreach (var level in new[] { "COMMUNITY", "DISTRICT" })
        {
            var entries = (await StandingAsync(city.Volunteer(1), level)).Ok("myStanding.entries").AsArray()
                .Select(e => (e!.Value<string>("volunteerNumber"), e!["maskedName"]?.GetValue<string>(), e!.Value<bool>("you"))).ToList();
            Assert.Equal([(a, null, false), (b, "王**", true)], entries);
            var own = (await StandingAsync(city.Volunteer(0), level)).Ok("myStanding.entries").AsArray()
                .Select(e => (e!.Value<string>("volunteerNumber"), e!["maskedName"]?.GetValue<string>(), e!.Value<bool>("you"))).ToList();
            Assert.Equal([(a, null, true), (b, "王**", false)], own);
        }

        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/boards.csv?communityId={city.CommunityId}&period=all&measure=hours", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", city.Volunteer(1));
        using var response = await http.SendAsync(request);
        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"1,{a},,90", $"2,{b},王**,60"], lines[1..].Select(l => l[..l.LastIndexOf(',')]).ToList());
    }

    [Fact]
    public async Task A_district_unknown_once_is_known_when_a_community_is_registered_in_it()
    {
        var district = "区" + Guid.NewGuid().ToString("N")[^8..];
        var volunteer = TestTokens.For(Guid.CreateVersion7(), "volunteer");
        var communityId = Guid.CreateVersion7();
        Assert.Equal("AREA_UNKNOWN", (await BoardAsync(volunteer, new { district })).Code());
        Assert.Equal("AREA_UNKNOWN", (await BoardAsync(volunteer, new { district, street = "西街道" })).Code());
        Assert.Equal("AREA_UNKNOWN", (await BoardAsync(volunteer, new { communityId })).Code());
        (await client.SendAsync(LedgerScenario.Admin, "mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }",
            new { input = new { commandId = Guid.CreateVersion7(), communityId, name = "新社区", street = "西街道", district } }))
            .Ok("registerCommunity.community.id");
        Assert.Empty((await BoardAsync(volunteer, new { district })).Ok("leaderboard.edges").AsArray());
        Assert.Empty((await BoardAsync(volunteer, new { district, street = "西街道" })).Ok("leaderboard.edges").AsArray());
        Assert.Empty((await BoardAsync(volunteer, new { communityId })).Ok("leaderboard.edges").AsArray());
        Assert.Equal("AREA_UNKNOWN", (await BoardAsync(volunteer, new { district, street = "东街道" })).Code());
    }

    /// <summary>
    /// ADR 0038, "the first page, kept": a board's first page is answered from the node's memory while the board's
    /// projection stands where it stood when the page was read, and read again once it moves. A row changed behind the
    /// projection's back (here, to see which answer comes from where) shows only on the read after the projection moved.
    /// </summary>
    [Fact]
    public async Task A_boards_first_page_is_kept_while_its_projection_stands_and_read_again_once_it_moves()
    {
        var city = await CityServedAsync(90, 60);
        var (a, b) = (city.Numbers[0], city.Numbers[1]);
        var community = new { communityId = city.CommunityId };
        Assert.Equal([(1, a, 90), (2, b, 60)], Lines(await BoardAsync(city.Volunteer(1), community)));

        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var entry = TimeBank.Projections.Standings.BoardEntry.IdOf(city.Volunteers[1], "all");
        await using (var change = new Npgsql.NpgsqlCommand(
            "update timebank.mt_doc_boardentry set data = jsonb_set(data, '{Minutes}', '75') where id = @id", connection))
        {
            change.Parameters.AddWithValue("id", entry);
            Assert.Equal(1, await change.ExecuteNonQueryAsync());
        }

        try
        {
            // The projection has not moved: the page read before, from memory (a second length is read, not kept: it shows the row).
            Assert.Equal([(1, a, 90), (2, b, 60)], Lines(await BoardAsync(city.Volunteer(0), community)));
            Assert.Equal([(1, a, 90), (2, b, 75)], Lines(await BoardAsync(city.Volunteer(0), community, first: 5)));

            // Any event folded moves the projection: the page is read again.
            await ServeAsync(city, 2, 30);
            await CaughtUpAsync();
            Assert.Equal([(1, a, 90), (2, b, 75), (3, city.Numbers[2], 30)], Lines(await BoardAsync(city.Volunteer(0), community)));
        }
        finally
        {
            await using var back = new Npgsql.NpgsqlCommand(
                "update timebank.mt_doc_boardentry set data = jsonb_set(data, '{Minutes}', '60') where id = @id", connection);
            back.Parameters.AddWithValue("id", entry);
            await back.ExecuteNonQueryAsync();
        }
    }
}
