using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using TimeBank.Api.Auth;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// Districts mode (docs/adr/0047-a-database-per-district.md): two districts, each in a local PostgreSQL cluster of its
/// own, and the city database in the project's cluster. A volunteer homed in the south serves in the north; the north
/// verifies and credits home through the durable queue, exactly once, also when the API dies between the commit and
/// the send.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class DistrictTests(ITestOutputHelper output)
{
    private const string North = "north";
    private const string South = "south";

    private const string RegisterCommunity = """
        mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
        """;

    [Fact]
    public async Task A_service_in_another_district_is_credited_home_once_even_when_the_api_dies_before_the_send()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;

            // A district this deployment has no database for: refused with its code, nothing written.
            var refused = await client.PostAsync(Admin(tokens, North), RegisterCommunity,
                new { input = new { commandId = Guid.CreateVersion7(), name = "无名社区", street = "无名街道", district = "nowhere" } });
            Assert.Contains("UNKNOWN_DISTRICT", refused.Codes);

            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var traveller = await south.RegisterVolunteerAsync(client);
            var local = await north.RegisterVolunteerAsync(client);

            // Served in the north, homed in the south: verified in the north, credited in the south.
            var first = await north.SubmitAndVerifyAsync(client, traveller);
            await UntilMinutesAsync(client, Volunteer(tokens, traveller, South), traveller, 15);

            // Reads of one district never see the other's data.
            Assert.Null((await client.PostAsync(Volunteer(tokens, traveller, North), GraphQLCity.BalanceQuery, new { id = traveller })).At("account"));
            Assert.Null((await client.PostAsync(Volunteer(tokens, local, South), GraphQLCity.BalanceQuery, new { id = local })).At("account"));
            Assert.NotNull((await client.PostAsync(Volunteer(tokens, local, North), GraphQLCity.BalanceQuery, new { id = local })).At("account"));

            // The south's database goes down: readiness names it and stays 200 (degraded); the north keeps working.
            await world.SouthCluster.StopAsync();
            using (var health = await client.Http.GetAsync(new Uri("health/ready", UriKind.Relative)))
            {
                var body = await health.Content.ReadAsStringAsync();
                output.WriteLine(body);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Contains("\"district:south\":\"down\"", body, StringComparison.Ordinal);
                Assert.Contains("\"district:north\":\"up\"", body, StringComparison.Ordinal);
            }

            // Verified in the north while its home is down: the credit waits in the north's outbox. The API dies (-9) at once.
            var second = await north.SubmitAndVerifyAsync(client, traveller);
            await api.KillAsync();
            await api.DisposeAsync();
            output.WriteLine($"killed pid {api.Pid} after verifying {second} in the north with the south down");

            await world.SouthCluster.EnsureRunningAsync();
            api = await ApiProcess.StartAsync(options);
            await UntilMinutesAsync(client, Volunteer(tokens, traveller, South), traveller, 30);

            var credits = await new Ledger(world.SouthDatabase).AccountCreditsByRecordAsync();
            Assert.Equal(1, credits.GetValueOrDefault(first));
            Assert.Equal(1, credits.GetValueOrDefault(second));
            Assert.Empty(await new Ledger(world.NorthDatabase).AccountCreditsByRecordAsync());
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    [Fact]
    public async Task A_node_starts_with_a_district_down_serves_the_others_and_refuses_the_down_district_with_its_code()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        await world.SouthCluster.StopAsync();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;

            // Started with the south down: the north records and verifies.
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var local = await north.RegisterVolunteerAsync(client);
            await north.SubmitAndVerifyAsync(client, local);
            await UntilMinutesAsync(client, Volunteer(tokens, local, North), local, 15);

            // Readiness names the south down, and stays 200 (degraded).
            using (var health = await client.Http.GetAsync(new Uri("health/ready", UriKind.Relative)))
            {
                var body = await health.Content.ReadAsStringAsync();
                output.WriteLine(body);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Contains("\"district:south\":\"down\"", body, StringComparison.Ordinal);
                Assert.Contains("\"district:north\":\"up\"", body, StringComparison.Ordinal);
            }

            // A request in the south: refused with its code, not a failure.
            var refused = await client.PostAsync(Admin(tokens, South), RegisterCommunity,
                new { input = new { commandId = Guid.CreateVersion7(), name = "南区社区", street = "南区街道", district = South } });
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);

            // A read in the south: an outage (try again), not a failure.
            var read = await client.PostAsync(Volunteer(tokens, Guid.CreateVersion7(), South), GraphQLCity.BalanceQuery, new { id = Guid.CreateVersion7() });
            Assert.Contains("UNAVAILABLE", read.Codes);
            Assert.DoesNotContain("INTERNAL", read.Codes);
        }
        finally
        {
            output.WriteLine(api.OutputTail);
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    [Fact]
    public async Task A_credit_for_a_home_district_not_configured_is_dead_lettered_and_replayed_once_it_is()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        ApiProcess? api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);

            // The city directory names a home this deployment does not know (a district configured elsewhere, or not yet).
            var stranger = Guid.CreateVersion7();
            await using (var city = new NpgsqlConnection(world.CityDatabase))
            {
                await city.OpenAsync();
                await using var insert = new NpgsqlCommand("insert into timebank_city.volunteer_homes (volunteer_id, district) values ($1, 'east')", city);
                insert.Parameters.Add(new NpgsqlParameter { Value = stranger });
                await insert.ExecuteNonQueryAsync();
            }

            var record = await north.SubmitAndVerifyAsync(client, stranger);
            await UntilAsync(async () => await DeadLettersAsync(world.NorthDatabase) == 1, "the credit to an unknown district in the north's dead letters");

            // The east is configured and the stranger registered there; the operator replays the dead letter.
            var east = await world.AddDistrictAsync("east");
            await api.DisposeAsync();
            options = options with { Environment = new Dictionary<string, string>(options.Environment) { ["Districts__east"] = east } };
            api = await ApiProcess.StartAsync(options);
            var eastCommunity = await DistrictCommunity.SetUpAsync(client, tokens, "east");
            await eastCommunity.RegisterVolunteerAsync(client, stranger);

            var (code, text) = await StorageReplayAsync(options);
            output.WriteLine(text);
            Assert.Equal(0, code);
            await UntilMinutesAsync(client, Volunteer(tokens, stranger, "east"), stranger, 15);
            Assert.Equal(1, (await new Ledger(east).AccountCreditsByRecordAsync()).GetValueOrDefault(record));
            Assert.Equal(0, await DeadLettersAsync(world.NorthDatabase));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    /// <summary>
    /// ADR 0050 / issue 21: <c>rebuild-read-models</c> in districts mode rebuilds every district's database as its own
    /// tenant, in parts, or only the one named; afterwards each district's read models (boards and KPIs among them) are
    /// the live ones, a credit served in the other district included. A district not configured is refused with its code.
    /// </summary>
    [Fact]
    public async Task Rebuilding_the_read_models_rebuilds_every_district_in_its_own_database_or_the_one_named()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var (ann, cy) = (await north.RegisterVolunteerAsync(client), await north.RegisterVolunteerAsync(client));
            var bo = await south.RegisterVolunteerAsync(client);
            await north.SubmitAndVerifyAsync(client, ann);
            await north.SubmitAndVerifyAsync(client, ann);
            await north.SubmitAndVerifyAsync(client, cy);
            await south.SubmitAndVerifyAsync(client, bo);
            // Bo serves in the north too: verified there, credited home in the south.
            await north.SubmitAndVerifyAsync(client, bo);
            await UntilMinutesAsync(client, Volunteer(tokens, bo, South), bo, 30);
            await UntilMinutesAsync(client, Volunteer(tokens, ann, North), ann, 30);
            await new Ledger(world.NorthDatabase).UntilProjectionsCaughtUpAsync(TimeSpan.FromMinutes(1));
            await new Ledger(world.SouthDatabase).UntilProjectionsCaughtUpAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            // The operator stops the service before a rebuild.
            await api.DisposeAsync();
        }

        var districts = new[] { world.NorthDatabase, world.SouthDatabase };
        var live = new List<SortedDictionary<string, string>>();
        foreach (var database in districts)
        {
            var documents = await new Ledger(database).ProjectedDocumentsAsync();
            Assert.Contains(documents.Keys, k => k.StartsWith("mt_doc_boardentry/", StringComparison.Ordinal));
            Assert.Contains(documents.Keys, k => k.StartsWith("mt_doc_areakpis/", StringComparison.Ordinal));
            live.Add(documents);
            await EmptyBoardsAndKpisAsync(database);
        }

        var (code, text) = await RebuildReadModelsAsync(options, "--part-events", "7");
        output.WriteLine(text);
        Assert.Equal(0, code);
        Assert.Contains("district north:", text, StringComparison.Ordinal);
        Assert.Contains("district south:", text, StringComparison.Ordinal);
        Assert.Contains("north: part 2 committed", text, StringComparison.Ordinal);
        for (var i = 0; i < districts.Length; i++)
        {
            Assert.Equal(live[i], await new Ledger(districts[i]).ProjectedDocumentsAsync());
        }

        // Only the district named: the south is rebuilt, the north not touched.
        await EmptyBoardsAndKpisAsync(world.SouthDatabase);
        await EmptyBoardsAndKpisAsync(world.NorthDatabase);
        (code, text) = await RebuildReadModelsAsync(options, "--district", South);
        Assert.Equal(0, code);
        Assert.DoesNotContain("district north:", text, StringComparison.Ordinal);
        Assert.Equal(live[1], await new Ledger(world.SouthDatabase).ProjectedDocumentsAsync());
        Assert.DoesNotContain(await new Ledger(world.NorthDatabase).ProjectedDocumentsAsync(), d => d.Key.StartsWith("mt_doc_boardentry/", StringComparison.Ordinal));

        (code, text) = await RebuildReadModelsAsync(options, "--district", "east");
        Assert.Equal(2, code);
        Assert.Contains("UNKNOWN_DISTRICT", text, StringComparison.Ordinal);
    }

    /// <summary>Empties a district's boards and KPIs, so that only a rebuild can bring them back.</summary>
    private static async Task EmptyBoardsAndKpisAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var empty = new NpgsqlCommand("DELETE FROM timebank.mt_doc_boardentry; DELETE FROM timebank.mt_doc_boardcount; DELETE FROM timebank.mt_doc_areakpis", connection);
        await empty.ExecuteNonQueryAsync();
    }

    /// <summary><c>rebuild-read-models</c> with the service's configuration, in this process (the command's own code, not a copy).</summary>
    private static async Task<(int Code, string Output)> RebuildReadModelsAsync(ApiProcessOptions options, params string[] args)
    {
        var configuration = Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
            options.Environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value)).Build();
        using var text = new StringWriter();
        var code = await Api.Hosting.RebuildReadModelsCommand.RunAsync(
            configuration, AppContext.BaseDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, text, CancellationToken.None, args);
        return (code, text.ToString());
    }

    private const string AreaKpis = """
        query($area: AreaInput!) { areaKpis(area: $area) {
          level district communities registered active activeRatioPercent socialOrganizations stations stationsMeetingSixHaves
          minutes points verifiedRecords projectsServed stars { level volunteers } } }
        """;

    private static readonly string[] Counts =
        ["communities", "registered", "active", "socialOrganizations", "stations", "stationsMeetingSixHaves", "minutes", "points", "verifiedRecords", "projectsServed"];

    [Fact]
    public async Task The_city_KPIs_are_the_sum_of_every_district_and_a_district_down_is_named_not_left_out()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;

            // North: one community, one volunteer, two records of 15 minutes. South: one community, two volunteers, one record.
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var ann = await north.RegisterVolunteerAsync(client);
            var bo = await south.RegisterVolunteerAsync(client);
            await south.RegisterVolunteerAsync(client);
            await north.SubmitAndVerifyAsync(client, ann);
            await north.SubmitAndVerifyAsync(client, ann);
            await south.SubmitAndVerifyAsync(client, bo);

            // A city admin whose token names no district: the city's figures come from every district's database.
            var cityAdmin = tokens.Issue(new TokenClaims(Guid.Parse("00000000-0000-0000-0000-00000000a002").ToString(), "city_admin", []), TimeSpan.FromHours(1));
            JsonNode city = null!;
            await UntilAsync(async () =>
            {
                city = (await client.PostAsync(cityAdmin, AreaKpis, new { area = new { } })).Ok("areaKpis");
                return Count(city, "minutes") == 45 && Count(city, "registered") == 3 && Count(city, "projectsServed") == 2;
            }, "the city's KPIs to count both districts");
            output.WriteLine(city.ToJsonString());

            // By hand: 2 communities, 3 registered, 45 minutes in 3 verified records, 2 projects served.
            Assert.Equal("CITY", city["level"]!.GetValue<string>());
            Assert.Equal(2, Count(city, "communities"));
            Assert.Equal(3, Count(city, "registered"));
            Assert.Equal(45, Count(city, "minutes"));
            Assert.Equal(3, Count(city, "verifiedRecords"));
            Assert.Equal(2, Count(city, "projectsServed"));

            // Each district's own figures, read separately in its database by the same city admin: the city is their sum.
            var northKpis = (await client.PostAsync(cityAdmin, AreaKpis, new { area = new { district = North } })).Ok("areaKpis");
            var southKpis = (await client.PostAsync(cityAdmin, AreaKpis, new { area = new { district = South } })).Ok("areaKpis");
            output.WriteLine(northKpis.ToJsonString());
            output.WriteLine(southKpis.ToJsonString());
            Assert.Equal((30, 1), (Count(northKpis, "minutes"), Count(northKpis, "registered")));
            Assert.Equal((15, 2), (Count(southKpis, "minutes"), Count(southKpis, "registered")));
            foreach (var count in Counts)
            {
                Assert.True(Count(northKpis, count) + Count(southKpis, count) == Count(city, count), $"{count}: north + south ≠ city");
            }

            Assert.Equal(Stars(northKpis).Zip(Stars(southKpis), (n, s) => n + s), Stars(city));
            var registered = Count(city, "registered");
            double? ratio = registered == 0 ? null : Math.Round(Count(city, "active") * 100.0 / registered, 1, MidpointRounding.AwayFromZero);
            Assert.Equal(ratio, city["activeRatioPercent"]?.GetValue<double>());

            // Every community of the city, from both districts.
            var listed = (await client.PostAsync(cityAdmin, """
                query { communityKpis(area: {}, first: 10) { edges { node { communityId district } } } }
                """)).Ok("communityKpis.edges").AsArray().Select(e => Guid.Parse(e!["node"]!["communityId"]!.GetValue<string>())).Order().ToList();
            Assert.Equal(new[] { north.CommunityId, south.CommunityId }.Order().ToList(), listed);

            // The same communities in the city-wide CSV export.
            using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("kpis.csv", UriKind.Relative)))
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cityAdmin);
                using var csv = await client.Http.SendAsync(request);
                var text = await csv.Content.ReadAsStringAsync();
                Assert.True(csv.StatusCode == HttpStatusCode.OK, text);
                Assert.Contains(north.CommunityId.ToString(), text, StringComparison.Ordinal);
                Assert.Contains(south.CommunityId.ToString(), text, StringComparison.Ordinal);
            }

            // The south's database goes down: the city's figures are refused, naming the south; never a short sum.
            await world.SouthCluster.StopAsync();
            var refused = await client.PostAsync(cityAdmin, AreaKpis, new { area = new { } });
            output.WriteLine(refused.Text);
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);
            Assert.Contains("'south'", refused.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("'north'", refused.Text, StringComparison.Ordinal);
            Assert.Null(refused.At("areaKpis"));
            var listRefused = await client.PostAsync(cityAdmin, "query { communityKpis(area: {}, first: 10) { edges { node { communityId } } } }");
            Assert.Contains("DISTRICT_UNAVAILABLE", listRefused.Codes);

            // The north's own figures are still there.
            Assert.Equal(30, Count((await client.PostAsync(cityAdmin, AreaKpis, new { area = new { district = North } })).Ok("areaKpis"), "minutes"));
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    [Fact]
    public async Task The_city_board_merges_every_district_in_board_order_and_a_city_rank_counts_the_other_districts()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;

            // North: Ann 30 minutes, Cy 15. South: Bo 15 (a tie with Cy across districts).
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var ann = await north.RegisterVolunteerAsync(client);
            var cy = await north.RegisterVolunteerAsync(client);
            var bo = await south.RegisterVolunteerAsync(client);
            await north.SubmitAndVerifyAsync(client, ann);
            await north.SubmitAndVerifyAsync(client, ann);
            await north.SubmitAndVerifyAsync(client, cy);
            await south.SubmitAndVerifyAsync(client, bo);

            const string Board = """
                query($after: String) { leaderboard(area: {}, period: "all", measure: HOURS, first: 2, after: $after) {
                  edges { node { rank volunteerNumber minutes } } pageInfo { endCursor hasNextPage } } }
                """;
            var cityAdmin = tokens.Issue(new TokenClaims(Guid.Parse("00000000-0000-0000-0000-00000000a002").ToString(), "city_admin", []), TimeSpan.FromHours(1));
            JsonNode first = null!;
            await UntilAsync(async () =>
            {
                first = (await client.PostAsync(cityAdmin, Board, new { after = (string?)null })).Ok("leaderboard");
                return first["edges"]!.AsArray().Count == 2 && first["pageInfo"]!["hasNextPage"]!.GetValue<bool>();
            }, "the city board to list both districts");
            var second = (await client.PostAsync(cityAdmin, Board, new { after = first["pageInfo"]!["endCursor"]!.GetValue<string>() })).Ok("leaderboard");
            output.WriteLine(first.ToJsonString());
            output.WriteLine(second.ToJsonString());
            var lines = first["edges"]!.AsArray().Concat(second["edges"]!.AsArray())
                .Select(e => (Rank: e!["node"]!["rank"]!.GetValue<long>(), Number: e["node"]!["volunteerNumber"]!.GetValue<string>(), Minutes: e["node"]!["minutes"]!.GetValue<long>()))
                .ToList();
            Assert.False(second["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

            // Each volunteer's number from their own standing; the tie at 15 is broken by volunteer number, the same rank for both.
            const string Standing = """query { myStanding(level: CITY, period: "all", measure: HOURS, around: 2) { rank minutes entries { volunteerNumber you } } }""";
            async Task<(long Rank, string Number)> StandingOf(Guid volunteer, string district)
            {
                var standing = (await client.PostAsync(Volunteer(tokens, volunteer, district), Standing)).Ok("myStanding");
                output.WriteLine(standing.ToJsonString());
                return (standing["rank"]!.GetValue<long>(),
                    standing["entries"]!.AsArray().Single(e => e!["you"]!.GetValue<bool>())!["volunteerNumber"]!.GetValue<string>());
            }

            var (annRank, annNumber) = await StandingOf(ann, North);
            var (cyRank, cyNumber) = await StandingOf(cy, North);
            var (boRank, boNumber) = await StandingOf(bo, South);
            var tied = new[] { cyNumber, boNumber }.Order(StringComparer.Ordinal).ToList();
            Assert.Equal([(1L, annNumber, 30L), (2L, tied[0], 15L), (2L, tied[1], 15L)], lines);

            // City ranks: Bo, in the south, is behind Ann in the north; Cy ties with Bo.
            Assert.Equal((1L, 2L, 2L), (annRank, cyRank, boRank));

            // The south's database goes down: the city board and a city rank are refused, naming the south.
            await world.SouthCluster.StopAsync();
            var refused = await client.PostAsync(cityAdmin, Board, new { after = (string?)null });
            output.WriteLine(refused.Text);
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);
            Assert.Contains("'south'", refused.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("'north'", refused.Text, StringComparison.Ordinal);
            var rankRefused = await client.PostAsync(Volunteer(tokens, ann, North), Standing);
            Assert.Contains("DISTRICT_UNAVAILABLE", rankRefused.Codes);
            Assert.Contains("'south'", rankRefused.Text, StringComparison.Ordinal);
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    private static long Count(JsonNode kpis, string name) => kpis[name]!.GetValue<long>();

    private static long[] Stars(JsonNode kpis) =>
        [.. kpis["stars"]!.AsArray().OrderBy(s => s!["level"]!.GetValue<int>()).Select(s => s!["volunteers"]!.GetValue<long>())];

    private static string Admin(TokenIssuer tokens, string district) =>
        tokens.Issue(new TokenClaims(Guid.Parse("00000000-0000-0000-0000-00000000a001").ToString(), "city_admin", [], HomeDistrict: district), TimeSpan.FromHours(1));

    private static string Volunteer(TokenIssuer tokens, Guid volunteerId, string district) =>
        tokens.Issue(new TokenClaims(volunteerId.ToString(), "volunteer", [], HomeDistrict: district), TimeSpan.FromHours(1));

    private static Task UntilMinutesAsync(GraphQLHttpClient client, string token, Guid volunteerId, int minutes) =>
        UntilAsync(async () =>
        {
            var answer = await client.PostAsync(token, GraphQLCity.BalanceQuery, new { id = volunteerId });
            return answer.At("account.serviceMinutes")?.GetValue<int>() >= minutes;
        }, $"{minutes} service minutes on {volunteerId}'s account at home");

    /// <summary>Polls, bounded (no timed assertion: the bound only ends a test that would otherwise hang).</summary>
    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting for {what}.");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<long> DeadLettersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'wolverine_dead_letters' order by 1 limit 1", connection);
        var schema = (string?)await find.ExecuteScalarAsync() ?? throw new InvalidOperationException("No dead-letter table in the district's database.");
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.wolverine_dead_letters where message_type like '%CreditHomeDistrict%' or message_type like '%credit%'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary><c>dead-letters replay</c>, as an operator runs it against the same configuration.</summary>
    private static async Task<(int Code, string Output)> StorageReplayAsync(ApiProcessOptions options)
    {
        var assembly = ApiProcess.ApiAssemblyPath();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        // Wolverine 6.62's own `storage replay` refuses a store of several databases (NotSupportedException): ADR 0047.
        start.ArgumentList.Add("dead-letters");
        start.ArgumentList.Add("replay");
        start.Environment["ConnectionStrings__Marten"] = options.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment[$"Secrets__{TokenIssuer.SigningKeyName}"] = Convert.ToBase64String(options.TokenSigningKey);
        start.Environment[$"Secrets__{Api.PersonalData.PersonalDataCipher.MasterKeySecretName}"] = Convert.ToBase64String(options.PersonalDataMasterKey);
        foreach (var (key, value) in options.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The city database in the project's cluster; the north and the south each in a cluster of their own.</summary>
    private sealed record DistrictWorld(LocalPostgres CityCluster, LocalPostgres SouthCluster, string CityDatabase, string NorthDatabase, string SouthDatabase)
    {
        public static async Task<DistrictWorld> StartAsync()
        {
            var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
            var city = new LocalPostgres(new LocalPostgresOptions(root));
            var northCluster = new LocalPostgres(new LocalPostgresOptions(root) { DataDirectory = Path.Combine(root, ".local", "pg-north"), PreferredPort = 55442 });
            var southCluster = new LocalPostgres(new LocalPostgresOptions(root) { DataDirectory = Path.Combine(root, ".local", "pg-south"), PreferredPort = 55452 });
            await city.EnsureRunningAsync();
            await northCluster.EnsureRunningAsync();
            await southCluster.EnsureRunningAsync();
            var run = Guid.NewGuid().ToString("N")[..12];
            return new DistrictWorld(city, southCluster,
                await city.CreateDatabaseAsync($"timebank_city_{run}"),
                await northCluster.CreateDatabaseAsync($"timebank_north_{run}"),
                await southCluster.CreateDatabaseAsync($"timebank_south_{run}"));
        }

        /// <summary>A third district's database, in the city's cluster.</summary>
        public Task<string> AddDistrictAsync(string district) =>
            CityCluster.CreateDatabaseAsync($"timebank_{district}_{Guid.NewGuid():N}"[..30]);

        public ApiProcessOptions Options() => new(CityDatabase)
        {
            Environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__City"] = CityDatabase,
                ["Districts__north"] = NorthDatabase,
                ["Districts__south"] = SouthDatabase,
            },
        };
    }

    /// <summary>A community of one district with its staff member and a project, set up through GraphQL.</summary>
    private sealed class DistrictCommunity(Guid communityId, Guid projectId, string staff)
    {
        private int _slot;

        public Guid CommunityId => communityId;

        public static async Task<DistrictCommunity> SetUpAsync(GraphQLHttpClient client, TokenIssuer tokens, string district)
        {
            var admin = Admin(tokens, district);
            var communityId = Guid.CreateVersion7();
            var staffId = Guid.CreateVersion7();
            var projectId = Guid.CreateVersion7();
            var staff = tokens.Issue(new TokenClaims(staffId.ToString(), "staff", [communityId], HomeDistrict: district), TimeSpan.FromHours(1));
            (await client.PostAsync(admin, RegisterCommunity,
                new { input = new { commandId = Guid.CreateVersion7(), communityId, name = $"{district}社区", street = $"{district}街道", district } }))
                .Ok("registerCommunity.community.id");
            (await client.PostAsync(admin, """
                mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }
                """, new { input = new { commandId = Guid.CreateVersion7(), communityId, staffId } }))
                .Ok("assignStaff.community.staffIds");
            (await client.PostAsync(staff, """
                mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { id } } }
                """, new { input = new { commandId = Guid.CreateVersion7(), projectId, communityId, name = "助老服务", category = "elderly", place = "活动室" } }))
                .Ok("publishProject.project.id");
            return new DistrictCommunity(communityId, projectId, staff);
        }

        public async Task<Guid> RegisterVolunteerAsync(GraphQLHttpClient client, Guid? id = null)
        {
            var volunteerId = id ?? Guid.CreateVersion7();
            (await client.PostAsync(staff, """
                mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
                """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId, homeCommunityId = communityId, volunteerNumber = "V-" + volunteerId.ToString("N")[^12..], displayName = "志愿者" } }))
                .Ok("registerVolunteer.account.volunteerId");
            return volunteerId;
        }

        /// <summary>15 minutes served in this district's project, submitted and verified by its staff; the record's id.</summary>
        public async Task<Guid> SubmitAndVerifyAsync(GraphQLHttpClient client, Guid volunteerId)
        {
            var recordId = Guid.CreateVersion7();
            var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1).AddMinutes(-20 * Interlocked.Increment(ref _slot));
            (await client.PostAsync(staff, GraphQLCity.SubmitMutation, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), recordId, volunteerId, projectId, startedAt = start, endedAt = start.AddMinutes(15),
                    minutesServed = 15, content = "陪伴老人读报", personInCharge = "张主任",
                },
            })).Ok("submitServiceRecord.record.recordId");
            (await client.PostAsync(staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), [recordId])))
                .Ok("verifyServiceRecords.recordIds");
            return recordId;
        }
    }
}
