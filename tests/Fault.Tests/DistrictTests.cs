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
[Collection(DistrictClustersCollection.Name)]
[Trait("Category", "Fault")]
public sealed class DistrictTests(ITestOutputHelper output)
{
    private const string North = DistrictWorld.North;
    private const string South = DistrictWorld.South;

    private const string RegisterCommunity = """
        mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
        """;

    [Fact]
    public async Task A_service_in_another_district_is_credited_home_once_even_when_the_api_dies_before_the_send()
    {
        var world = await DistrictWorld.StartAsync();
        // The points-expiry job runs every 10 s, so that occurrences come while the south is down whatever the machine's
        // speed; points earned in the north expire as soon as they are credited (at home, with the serving district's policy).
        var options = world.Options(new Dictionary<string, string>
        {
            ["PointsExpiry__Schedule"] = "*/10 * * * * *",
            [$"Policies__Districts__{North}__PointsExpiryMonths"] = "0",
        });
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;

            // A district this deployment has no database for: refused with its code, nothing written.
            var refused = await client.PostAsync(DistrictWorld.Admin(tokens, North), RegisterCommunity,
                new { input = new { commandId = Guid.CreateVersion7(), name = "无名社区", street = "无名街道", district = "nowhere" } });
            Assert.Contains("UNKNOWN_DISTRICT", refused.Codes);

            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var traveller = await south.RegisterVolunteerAsync(client);
            var local = await north.RegisterVolunteerAsync(client);

            // Served in the north, homed in the south: verified in the north, credited in the south.
            var first = await north.SubmitAndVerifyAsync(client, traveller);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 15);

            // Reads of one district never see the other's data.
            Assert.Null((await client.PostAsync(DistrictWorld.Volunteer(tokens, traveller, North), GraphQLCity.BalanceQuery, new { id = traveller })).At("account"));
            Assert.Null((await client.PostAsync(DistrictWorld.Volunteer(tokens, local, South), GraphQLCity.BalanceQuery, new { id = local })).At("account"));
            Assert.NotNull((await client.PostAsync(DistrictWorld.Volunteer(tokens, local, North), GraphQLCity.BalanceQuery, new { id = local })).At("account"));

            // The south's database goes down: readiness names it and stays 200 (degraded); the north keeps working. Asked
            // until the city's probe answers too (each probe gives up after 2 s, and once it did on a saturated machine: CI).
            await world.SouthCluster.StopAsync();
            var southDownAt = DateTimeOffset.UtcNow;
            var readiness = (Status: HttpStatusCode.ServiceUnavailable, Body: "");
            await UntilAsync(async () => (readiness = await ReadinessAsync(client)).Body.Contains("\"city\":\"up\"", StringComparison.Ordinal),
                "readiness to find the city's database");
            output.WriteLine(readiness.Body);
            Assert.Equal(HttpStatusCode.OK, readiness.Status);
            Assert.Contains("\"district:south\":\"down\"", readiness.Body, StringComparison.Ordinal);
            Assert.Contains("\"district:north\":\"up\"", readiness.Body, StringComparison.Ordinal);

            // A read and a command in the south, down while the node runs: refused with the code that names it, as when
            // it was down at the node's start (not a bare UNAVAILABLE); the command wrote nothing (counted once it is back).
            var southRead = await client.PostAsync(DistrictWorld.Volunteer(tokens, traveller, South), GraphQLCity.BalanceQuery, new { id = traveller });
            Assert.Equal(["DISTRICT_UNAVAILABLE"], southRead.Codes);
            Assert.Contains("'south'", southRead.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            var southCommand = await client.PostAsync(DistrictWorld.Admin(tokens, South), RegisterCommunity,
                new { input = new { commandId = Guid.CreateVersion7(), name = "南区新社区", street = "南区街道", district = South } });
            Assert.Equal(["DISTRICT_UNAVAILABLE"], southCommand.Codes);
            Assert.Contains("'south'", southCommand.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            // A south till's requests (its cashier's token names the south), a hold (sent as a command) and a hold's
            // completion (through the account's queue): 503 naming the south, to send again later.
            var southCashier = DistrictWorld.Cashier(tokens, Guid.CreateVersion7(), South);
            foreach (var (path, body) in new (string, object?)[]
            {
                ("till/holds", new { code = "12345678", amount = 1, tillRequestId = Guid.CreateVersion7() }),
                ($"till/holds/{Guid.CreateVersion7()}/complete", null),
            })
            {
                using var tillRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
                var till = await client.SendAsync(tillRequest, southCashier);
                Assert.True(till.Status == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)till.Status} {till.Text}");
                Assert.Equal("DISTRICT_UNAVAILABLE", till.Body!["code"]!.GetValue<string>());
                Assert.Contains("'south'", till.Body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }

            // Verified in the north while its home is down: the credit waits in the north's outbox.
            var second = await north.SubmitAndVerifyAsync(client, traveller);

            // Occurrences of the job come while the south is down: the north's part of each runs without waiting for the south.
            await Poll.UntilAsync(TimeSpan.FromSeconds(90), "the north's part of an occurrence after the south went down",
                async () => (await Db.SweepsAsync(world.NorthDatabase)).Any(s => OccurrenceOf(s.Id) > southDownAt) ? "swept" : null);
            // The city's occurrences are marked handled before the kill: a new node does not run them again (which would hide
            // a south's part that was lost); what is left of them for the south must be kept somewhere durable.
            await Poll.UntilAsync(TimeSpan.FromSeconds(60), "the city's occurrences marked handled", async () =>
                (await Db.QueryAsync(world.CityDatabase,
                    "SELECT count(*) FROM timebank.wolverine_incoming_envelopes WHERE message_type LIKE '%ExpireDuePointsInEveryDistrict' AND status = 'Incoming'",
                    r => r.GetInt64(0))).Single() == 0 ? "handled" : null);
            // Occurrences due after the south went down: the south could not have swept any of them before it came back.
            var missed = (await Db.SweepsAsync(world.NorthDatabase)).Where(s => OccurrenceOf(s.Id) > southDownAt).Select(s => s.Id).ToHashSet();
            output.WriteLine($"the north swept {string.Join(", ", missed)} with the south down");

            // The API dies (-9) with the south still down.
            await api.KillAsync();
            await api.DisposeAsync();
            output.WriteLine($"killed pid {api.Pid} after verifying {second} in the north with the south down");

            await world.SouthCluster.EnsureRunningAsync();
            api = await ApiProcess.StartAsync(options);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 30);

            var credits = await new Ledger(world.SouthDatabase).AccountCreditsByRecordAsync();
            Assert.Equal(1, credits.GetValueOrDefault(first));
            Assert.Equal(1, credits.GetValueOrDefault(second));
            Assert.Empty(await new Ledger(world.NorthDatabase).AccountCreditsByRecordAsync());
            // The command refused while the south was down wrote nothing: the south's one community is the one set up.
            Assert.Equal(1, await new Ledger(world.SouthDatabase).CountEventsAsync("community_registered.v1"));

            // The south's part of each occurrence it missed waited for it (kept in the city, across the kill) and ran once it
            // answered, not at a later occurrence; each lot expired once, by one of the runs.
            var southSweeps = await Poll.UntilAsync(TimeSpan.FromSeconds(120), "the south's parts of the occurrences it missed",
                async () => await Db.SweepsAsync(world.SouthDatabase) is var sweeps && missed.IsSubsetOf(sweeps.Select(s => s.Id)) ? sweeps : null);
            output.WriteLine(string.Join('\n', southSweeps.Where(s => missed.Contains(s.Id)).Select(s => $"the south's part of {s.Id} ran at {s.RanAt:O}")));
            var expired = await Poll.UntilAsync(TimeSpan.FromSeconds(60), "both lots to expire in the south",
                async () => await Db.ExpiriesByLotAsync(world.SouthDatabase) is var byLot && byLot.ContainsKey(first) && byLot.ContainsKey(second) ? byLot : null);
            Assert.Equal(1, expired[first]);
            Assert.Equal(1, expired[second]);
            Assert.Empty(await Db.DeadLettersAsync(world.CityDatabase));
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    /// <summary>When the occurrence a sweep's id names was due (<c>ExpireDuePointsInEveryDistrict:2026-12-07T05:00:00.0000000Z</c>).</summary>
    private static DateTimeOffset OccurrenceOf(string sweepId) =>
        DateTimeOffset.Parse(sweepId[(sweepId.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Issue 21: a district's database that crashes and comes back is served again by the node that ran all along (no
    /// restart): its commands accepted, the credits another district sent it meanwhile applied once, its projections
    /// caught up, a hold that expired while it was down expired by its scheduled message, its share of the points-expiry
    /// job running again; in Solo (Marten's daemon) and in Balanced (Wolverine's agents per district database).
    /// </summary>
    [Theory]
    [InlineData("Solo")]
    [InlineData("Balanced")]
    public async Task A_district_database_that_comes_back_is_served_again_by_the_running_node_and_gets_what_was_sent_to_it_once(string mode)
    {
        var world = await DistrictWorld.StartAsync();
        var settings = mode == "Balanced" ? BalancedNodes.Settings(TimeSpan.FromSeconds(5)) : new Dictionary<string, string>();
        // The points-expiry job every five seconds; points earned in the north expire as soon as they are credited (at home,
        // with the serving district's policy). The south's holds last ten seconds.
        settings["PointsExpiry__Schedule"] = "*/5 * * * * *";
        settings[$"Policies__Districts__{North}__PointsExpiryMonths"] = "0";
        settings[$"Policies__Districts__{South}__HoldLifetimeSeconds"] = "10";
        // No time credits kept on a north account: every north record's 15 minutes overflow to the north community's pool,
        // through the district-credits queue (ADR 0047), the north's own records too.
        settings[$"Policies__Districts__{North}__TimeCreditCapHours"] = "0";
        var options = world.Options(settings);
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var traveller = await south.RegisterVolunteerAsync(client);
            var resident = await south.RegisterVolunteerAsync(client);
            var local = await north.RegisterVolunteerAsync(client);
            var before = await north.SubmitAndVerifyAsync(client, traveller);
            var southBefore = await south.SubmitAndVerifyAsync(client, resident);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 15);
            await UntilPoolAsync(client, north, "overflowReceived", 15);

            // A south volunteer's point held at a south till, just before the south goes down.
            var merchantId = await ApprovedMerchantAsync(client, tokens, south.CommunityId, South);
            var cashier = DistrictWorld.Cashier(tokens, merchantId, South);
            var held = await TillAsync(client, cashier, HttpMethod.Post, "till/holds",
                new { code = await CodeAsync(client, DistrictWorld.Volunteer(tokens, resident, South)), amount = 1, tillRequestId = Guid.CreateVersion7() });
            var holdId = held["holdId"]!.GetValue<Guid>();

            // The south's cluster crashes (every backend ended at once, no checkpoint).
            await world.SouthCluster.CrashAsync();
            var (status, body) = await ReadinessAsync(client);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("\"district:south\":\"down\"", body, StringComparison.Ordinal);
            Assert.Contains("\"district:north\":\"up\"", body, StringComparison.Ordinal);

            // The north keeps working, and verifies two records of the south's volunteer: marked credited in the north,
            // their credits waiting in the north's outbox for a home that does not answer.
            await north.SubmitAndVerifyAsync(client, local);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, local, North), local, 15);
            // The north's own overflow goes through district-credits while the south, on the same queue, does not answer.
            await UntilPoolAsync(client, north, "overflowReceived", 30);
            Guid[] meanwhile = [await north.SubmitAndVerifyAsync(client, traveller), await north.SubmitAndVerifyAsync(client, traveller)];
            var northEvents = await new Ledger(world.NorthDatabase).EventCountsAsync();
            Assert.All(meanwhile, record => Assert.Equal(1, northEvents.GetValueOrDefault((record, "service_record_credited.v1"))));
            var waiting = (await Db.QueryAsync(world.NorthDatabase, "SELECT count(*) FROM timebank.wolverine_outgoing_envelopes", r => r.GetInt64(0))).Single();
            Assert.True(waiting >= meanwhile.Length, $"{waiting} envelopes in the north's outbox, {meanwhile.Length} credits sent home");

            // The south stays down past the hold's expiry, then starts again; the node is not restarted.
            var expiresAt = held["expiresAt"]!.GetValue<DateTimeOffset>();
            if (expiresAt - DateTimeOffset.UtcNow is { Ticks: > 0 } left)
            {
                await Task.Delay(left + TimeSpan.FromSeconds(1));
            }

            await world.StartSouthAgainAsync();
            var backAt = DateTimeOffset.UtcNow;
            output.WriteLine($"{mode}: the south down for {(backAt - held["heldAt"]!.GetValue<DateTimeOffset>()).TotalSeconds:0} s; {waiting} envelopes were in the north's outbox");
            await UntilAsync(async () => (await ReadinessAsync(client)).Body.Contains("\"district:south\":\"up\"", StringComparison.Ordinal), "readiness to name the south up");

            // A command in the south is accepted; the credits sent meanwhile arrive, each once; none in the north.
            var southAfter = await south.SubmitAndVerifyAsync(client, resident);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 45);
            output.WriteLine($"{mode}: the credits sent while the south was down arrived {(DateTimeOffset.UtcNow - backAt).TotalSeconds:0.0} s after it came back");
            HashSet<Guid> creditedInTheSouth = [before, southBefore, .. meanwhile, southAfter];
            var credits = await new Ledger(world.SouthDatabase).AccountCreditsByRecordAsync();
            Assert.Equal(creditedInTheSouth.Order(), credits.Keys.Order());
            Assert.All(credits, c => Assert.True(c.Value == 1, $"record {c.Key} credited {c.Value} times in the south"));
            Assert.DoesNotContain((await new Ledger(world.NorthDatabase).AccountCreditsByRecordAsync()).Keys, creditedInTheSouth.Contains);
            await UntilPoolAsync(client, north, "overflowReceived", 60);

            // The hold that expired while the south was down: expired by its scheduled message, once.
            await UntilHoldExpiredAsync(client, cashier, holdId);
            Assert.Equal(1, await new Ledger(world.SouthDatabase).CountEventsAsync("hold_expired.v1"));

            // The south's async projections run again: its KPIs count the resident's record verified after the crash.
            var cityAdmin = DistrictWorld.CityAdmin(tokens);
            await UntilAsync(async () => (await client.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { district = South } })).At("areaKpis.minutes")?.GetValue<long>() == 30,
                "the south's KPIs to count 30 minutes");

            // The south's share of the points-expiry job runs again: the north's lots credited there, those that arrived
            // after it came back among them, expire once each.
            Guid[] servedInTheNorth = [before, .. meanwhile];
            var expiries = await Poll.UntilAsync(TimeSpan.FromSeconds(60), "every lot served in the north expired in the south", async () =>
                await Db.ExpiriesByLotAsync(world.SouthDatabase) is var byLot && servedInTheNorth.All(byLot.ContainsKey) ? byLot : null);
            Assert.Equal(servedInTheNorth.Order(), expiries.Keys.Order());
            Assert.All(expiries, e => Assert.True(e.Value == 1, $"lot {e.Key} expired {e.Value} times in the south"));
            await new Ledger(world.SouthDatabase).UntilProjectionsCaughtUpAsync(TimeSpan.FromMinutes(1));

            (status, body) = await ReadinessAsync(client);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain("\"down\"", body, StringComparison.Ordinal);
            foreach (var database in new[] { world.CityDatabase, world.NorthDatabase, world.SouthDatabase })
            {
                Assert.Empty(await Db.DeadLettersAsync(database));
            }

            Assert.False(api.HasExited);
        }
        catch (Exception)
        {
            output.WriteLine(api.OutputTail);
            throw;
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }

        // The south's projected documents equal a rebuild of its events.
        output.WriteLine($"{mode}: {await new Ledger(world.SouthDatabase).AssertProjectionsEqualARebuildAsync()} projected documents of the south equal a rebuild");
    }

    private static Task UntilHoldExpiredAsync(GraphQLHttpClient client, string cashier, Guid holdId) =>
        UntilAsync(async () =>
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, new Uri($"till/holds/{holdId}", UriKind.Relative));
            // Until then a hold may not be found (404, whose problem's "status" is a number).
            return await client.SendAsync(read, cashier) is { Status: HttpStatusCode.OK, Body: var hold } && hold?["status"]?.GetValue<string>() == "EXPIRED";
        }, $"hold {holdId} to expire");

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(GraphQLHttpClient client)
    {
        using var health = await client.Http.GetAsync(new Uri("health/ready", UriKind.Relative));
        return (health.StatusCode, await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_node_started_with_a_district_down_serves_the_others_refuses_that_district_with_its_code_and_takes_it_up_once_it_answers()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options(new Dictionary<string, string> { [$"Policies__Districts__{South}__HoldLifetimeSeconds"] = "10" });
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
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, local, North), local, 15);

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
            var refused = await client.PostAsync(DistrictWorld.Admin(tokens, South), RegisterCommunity,
                new { input = new { commandId = Guid.CreateVersion7(), name = "南区社区", street = "南区街道", district = South } });
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);

            // A read in the south: the district named as unavailable (try again), not a failure.
            var read = await client.PostAsync(DistrictWorld.Volunteer(tokens, Guid.CreateVersion7(), South), GraphQLCity.BalanceQuery, new { id = Guid.CreateVersion7() });
            Assert.Contains("DISTRICT_UNAVAILABLE", read.Codes);
            Assert.DoesNotContain("INTERNAL", read.Codes);

            // The south's cluster starts; the node is not restarted. It takes the south up: readiness, commands, the
            // queue from the north, the south's projections.
            await world.StartSouthAgainAsync();
            var upAt = DateTimeOffset.UtcNow;
            await UntilAsync(async () => (await ReadinessAsync(client)).Body.Contains("\"district:south\":\"up\"", StringComparison.Ordinal), "readiness to name the south up");
            await UntilAsync(async () => !(await client.PostAsync(DistrictWorld.Volunteer(tokens, Guid.CreateVersion7(), South), GraphQLCity.BalanceQuery,
                new { id = Guid.CreateVersion7() })).Codes.Any(c => c is "UNAVAILABLE" or "DISTRICT_UNAVAILABLE"), "the south's requests served again");
            output.WriteLine($"the south served {(DateTimeOffset.UtcNow - upAt).TotalSeconds:0.0} s after it answered");
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var traveller = await south.RegisterVolunteerAsync(client);
            var servedInTheNorth = await north.SubmitAndVerifyAsync(client, traveller);
            var servedAtHome = await south.SubmitAndVerifyAsync(client, traveller);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 30);
            var credits = await new Ledger(world.SouthDatabase).AccountCreditsByRecordAsync();
            Assert.Equal(new[] { servedInTheNorth, servedAtHome }.Order(), credits.Keys.Order());
            Assert.All(credits, c => Assert.Equal(1, c.Value));
            await UntilAsync(async () => (await client.PostAsync(DistrictWorld.CityAdmin(tokens), AreaKpis.Query, new { area = new { district = South } })).At("areaKpis.minutes")?.GetValue<long>() == 15,
                "the south's KPIs to count its record");

            // The south's scheduled messages run: a hold placed there now expires by its own (ten seconds).
            var merchantId = await ApprovedMerchantAsync(client, tokens, south.CommunityId, South);
            var cashier = DistrictWorld.Cashier(tokens, merchantId, South);
            var held = await TillAsync(client, cashier, HttpMethod.Post, "till/holds",
                new { code = await CodeAsync(client, DistrictWorld.Volunteer(tokens, traveller, South)), amount = 1, tillRequestId = Guid.CreateVersion7() });
            await UntilHoldExpiredAsync(client, cashier, held["holdId"]!.GetValue<Guid>());
            await new Ledger(world.SouthDatabase).UntilProjectionsCaughtUpAsync(TimeSpan.FromMinutes(1));
            var ready = await ReadinessAsync(client);
            Assert.Equal(HttpStatusCode.OK, ready.Status);
            Assert.DoesNotContain("\"down\"", ready.Body, StringComparison.Ordinal);
            foreach (var database in new[] { world.CityDatabase, world.NorthDatabase, world.SouthDatabase })
            {
                Assert.Empty(await Db.DeadLettersAsync(database));
            }
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
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, stranger, "east"), stranger, 15);
            Assert.Equal(1, (await new Ledger(east).AccountCreditsByRecordAsync()).GetValueOrDefault(record));
            Assert.Equal(0, await DeadLettersAsync(world.NorthDatabase));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

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
            var cityAdmin = DistrictWorld.CityAdmin(tokens);
            JsonNode city = null!;
            await UntilAsync(async () =>
            {
                city = (await client.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { } })).Ok("areaKpis");
                return AreaKpis.Count(city, "minutes") == 45 && AreaKpis.Count(city, "registered") == 3 && AreaKpis.Count(city, "projectsServed") == 2;
            }, "the city's KPIs to count both districts");
            output.WriteLine(city.ToJsonString());

            // By hand: 2 communities, 3 registered, 45 minutes in 3 verified records, 2 projects served.
            Assert.Equal("CITY", city["level"]!.GetValue<string>());
            Assert.Equal(2, AreaKpis.Count(city, "communities"));
            Assert.Equal(3, AreaKpis.Count(city, "registered"));
            Assert.Equal(45, AreaKpis.Count(city, "minutes"));
            Assert.Equal(3, AreaKpis.Count(city, "verifiedRecords"));
            Assert.Equal(2, AreaKpis.Count(city, "projectsServed"));

            // Each district's own figures, read separately in its database by the same city admin: the city is their sum.
            var northKpis = (await client.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { district = North } })).Ok("areaKpis");
            var southKpis = (await client.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { district = South } })).Ok("areaKpis");
            output.WriteLine(northKpis.ToJsonString());
            output.WriteLine(southKpis.ToJsonString());
            Assert.Equal((30, 1), (AreaKpis.Count(northKpis, "minutes"), AreaKpis.Count(northKpis, "registered")));
            Assert.Equal((15, 2), (AreaKpis.Count(southKpis, "minutes"), AreaKpis.Count(southKpis, "registered")));
            AreaKpis.AssertTheSum(city, northKpis, southKpis);

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
            var refused = await client.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { } });
            output.WriteLine(refused.Text);
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);
            Assert.Contains("'south'", refused.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("'north'", refused.Text, StringComparison.Ordinal);
            Assert.Null(refused.At("areaKpis"));
            var listRefused = await client.PostAsync(cityAdmin, "query { communityKpis(area: {}, first: 10) { edges { node { communityId } } } }");
            Assert.Contains("DISTRICT_UNAVAILABLE", listRefused.Codes);

            // The north's own figures are still there.
            Assert.Equal(30, AreaKpis.Count((await client.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { district = North } })).Ok("areaKpis"), "minutes"));
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
            var cityAdmin = DistrictWorld.CityAdmin(tokens);
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
                var standing = (await client.PostAsync(DistrictWorld.Volunteer(tokens, volunteer, district), Standing)).Ok("myStanding");
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
            var rankRefused = await client.PostAsync(DistrictWorld.Volunteer(tokens, ann, North), Standing);
            Assert.Contains("DISTRICT_UNAVAILABLE", rankRefused.Codes);
            Assert.Contains("'south'", rankRefused.Text, StringComparison.Ordinal);
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    [Fact]
    public async Task A_record_revoked_where_it_was_served_is_taken_back_at_home_once_and_its_overflow_returns_to_the_serving_pool()
    {
        var world = await DistrictWorld.StartAsync();
        // The north's cap is nought: every time credit a north record earns goes to the pool of the north's community.
        var options = world.Options() with
        {
            Environment = new Dictionary<string, string>(world.Options().Environment) { ["Policies__Districts__north__TimeCreditCapHours"] = "0" },
        };
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var traveller = await south.RegisterVolunteerAsync(client);
            var record = await north.SubmitAndVerifyAsync(client, traveller);

            // Credited at home (the hours), the time credits over the north's cap in the north's pool.
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 15);
            await UntilPoolAsync(client, north, "overflowReceived", 15);

            // Revoked in the north, twice under one command id: taken back at home once, the overflow returned to the north's pool.
            var revoke = new { input = new { commandId = Guid.CreateVersion7(), recordId = record, reason = "服务时间登记有误" } };
            const string Revoke = "mutation($input: RevokeServiceRecordInput!) { revokeServiceRecord(input: $input) { record { recordId status } } }";
            (await client.PostAsync(north.Staff, Revoke, revoke)).Ok("revokeServiceRecord.record.recordId");
            (await client.PostAsync(north.Staff, Revoke, revoke)).Ok("revokeServiceRecord.record.recordId");
            await UntilAsync(async () => (await client.PostAsync(DistrictWorld.Volunteer(tokens, traveller, South), GraphQLCity.BalanceQuery, new { id = traveller }))
                .At("account.serviceMinutes")?.GetValue<int>() == 0, "the revoked record's 15 minutes taken back at home");
            await UntilPoolAsync(client, north, "overflowReturned", 15);

            var southLedger = new Ledger(world.SouthDatabase);
            var northLedger = new Ledger(world.NorthDatabase);
            Assert.Equal(1, (await southLedger.AccountCreditsByRecordAsync()).GetValueOrDefault(record));
            Assert.Equal(1, (await southLedger.EventsByRecordAsync("service_credit_revoked.v1")).GetValueOrDefault(record));
            Assert.Equal(1, (await northLedger.EventsByRecordAsync("pool_overflow_received.v1")).GetValueOrDefault(record));
            Assert.Equal(1, (await northLedger.EventsByRecordAsync("pool_overflow_returned.v1")).GetValueOrDefault(record));
            Assert.Empty(await northLedger.EventsByRecordAsync("service_credit_revoked.v1"));
            Assert.Empty(await southLedger.EventsByRecordAsync("pool_overflow_received.v1"));

            // Gifts between the districts (ADR 0047). A north relative of the traveller, recorded by the north's staff (the
            // traveller read in the south) and copied to the south; each confirms at home.
            var kin = await north.RegisterVolunteerAsync(client);
            var (kinToken, travellerToken) = (DistrictWorld.Volunteer(tokens, kin, North), DistrictWorld.Volunteer(tokens, traveller, South));
            var relationId = (await client.PostAsync(north.Staff, """
                mutation($input: RecordRelationInput!) { recordRelation(input: $input) { relation { relationId } } }
                """, new { input = new { commandId = Guid.CreateVersion7(), memberId = kin, relativeId = traveller, kind = "PARENT" } }))
                .Ok("recordRelation.relation.relationId").GetValue<string>();
            const string Relatives = "{ myRelatives { relationId state } }";
            await UntilAsync(async () => (await client.PostAsync(travellerToken, Relatives)).At("myRelatives")?.AsArray().Count == 1, "the relation copied to the south");
            const string Confirm = "mutation($input: ConfirmRelationInput!) { confirmRelation(input: $input) { relation { state } } }";
            (await client.PostAsync(travellerToken, Confirm, new { input = new { commandId = Guid.CreateVersion7(), relationId } })).Ok("confirmRelation.relation.state");
            (await client.PostAsync(kinToken, Confirm, new { input = new { commandId = Guid.CreateVersion7(), relationId } })).Ok("confirmRelation.relation.state");
            foreach (var token in new[] { kinToken, travellerToken })
            {
                await UntilAsync(async () => (await client.PostAsync(token, Relatives)).At("myRelatives")?[0]?["state"]?.GetValue<string>() == "CONFIRMED",
                    "the relation confirmed by both in both districts");
            }

            // The kin earns time credits in the south (under the south's cap), credited at home in the north.
            await south.SubmitAndVerifyAsync(client, kin);
            await UntilMinutesAsync(client, kinToken, kin, 15);
            async Task<int> CreditsAsync(string token, Guid id) =>
                (await client.PostAsync(token, GraphQLCity.BalanceQuery, new { id })).Ok("account")["timeCredits"]!.GetValue<int>();
            Assert.Equal((15, 0), (await CreditsAsync(kinToken, kin), await CreditsAsync(travellerToken, traveller)));

            // North → south: given in the north, received in the south; delivered a second time, it credits nothing.
            const string Give = "mutation($input: GiveGiftInput!) { giveGift(input: $input) { account { timeCredits } } }";
            var gift = Guid.CreateVersion7();
            Assert.Equal(5, (await client.PostAsync(kinToken, Give, new { input = new { commandId = gift, receiverId = traveller, timeCredits = 10 } }))
                .Ok("giveGift.account.timeCredits").GetValue<int>());
            await UntilAsync(async () => await CreditsAsync(travellerToken, traveller) == 10, "the gift received in the south");
            Assert.True(await RedeliverAsync(world.SouthDatabase, nameof(Api.Districts.GiftToHomeDistrict)) > 0, "no handled gift in the south's inbox to deliver again");
            await UntilAsync(async () => await IncomingAsync(world.SouthDatabase) == 0, "the gift's second delivery handled");
            Assert.Equal((5, 10), (await CreditsAsync(kinToken, kin), await CreditsAsync(travellerToken, traveller)));

            // South → north: the north's cap is nought, so the north turns it back, and it returns to the giver once, with the code.
            var returnedGift = Guid.CreateVersion7();
            Assert.Equal(6, (await client.PostAsync(travellerToken, Give, new { input = new { commandId = returnedGift, receiverId = kin, timeCredits = 4 } }))
                .Ok("giveGift.account.timeCredits").GetValue<int>());
            await UntilAsync(async () => await CreditsAsync(travellerToken, traveller) == 10, "the refused gift returned to the giver in the south");
            Assert.True(await RedeliverAsync(world.NorthDatabase, nameof(Api.Districts.GiftToHomeDistrict)) > 0, "no handled gift in the north's inbox to deliver again");
            Assert.True(await RedeliverAsync(world.SouthDatabase, nameof(TimeBank.Ledger.Accounts.ReturnGift)) > 0, "no handled return in the south's inbox to deliver again");
            await UntilAsync(async () => await IncomingAsync(world.SouthDatabase) == 0 && await IncomingAsync(world.NorthDatabase) == 0, "the second deliveries handled");
            await UntilAsync(async () => await IncomingAsync(world.SouthDatabase) == 0, "the return sent again by the north's second delivery handled");
            Assert.Equal((5, 10), (await CreditsAsync(kinToken, kin), await CreditsAsync(travellerToken, traveller)));
            const string History = "query($id: ID!) { history(volunteerId: $id) { edges { node { kind timeCredits transferId reasonCode } } } }";
            JsonNode? returnedLine = null;
            await UntilAsync(async () => (returnedLine = (await client.PostAsync(travellerToken, History, new { id = traveller })).At("history.edges")?.AsArray()
                .Select(e => e!["node"]!).FirstOrDefault(n => n["kind"]!.GetValue<string>() == "GIFT_RETURNED")) is not null, "the returned gift in the giver's history");
            Assert.Equal((4, returnedGift.ToString(), "RECEIVER_CAP_EXCEEDED"),
                (returnedLine!["timeCredits"]!.GetValue<int>(), returnedLine["transferId"]!.GetValue<string>(), returnedLine["reasonCode"]!.GetValue<string>()));

            // In the databases: each gift given once where its giver lives, received (or turned back) once where its receiver lives.
            Assert.Equal((1L, 1L, 1L, 1L), (await EventsAsync(world.NorthDatabase, "gift_given.v1"), await EventsAsync(world.SouthDatabase, "gift_received.v1"),
                await EventsAsync(world.SouthDatabase, "gift_given.v1"), await EventsAsync(world.NorthDatabase, "gift_turned_back.v1")));
            Assert.Equal((1L, 0L, 0L), (await EventsAsync(world.SouthDatabase, "gift_returned.v1"), await EventsAsync(world.NorthDatabase, "gift_received.v1"),
                await EventsAsync(world.NorthDatabase, "gift_returned.v1")));
            Assert.Equal(0, await DeadLettersAsync(world.NorthDatabase));
            Assert.Equal(0, await DeadLettersAsync(world.SouthDatabase));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task<long> EventsAsync(string connectionString, string type) =>
        (await Db.QueryAsync(connectionString, $"SELECT count(*) FROM timebank.mt_events WHERE type = '{type}'", r => r.GetInt64(0))).Single();

    [Fact]
    public async Task A_south_volunteers_service_in_the_north_counts_in_the_norths_KPIs_once_the_volunteer_at_home_and_a_revocation_takes_it_back()
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
            var traveller = await south.RegisterVolunteerAsync(client);
            var record = await north.SubmitAsync(client, traveller);

            // Verified in the north twice under one command id; credited at home, and the north told of the credit.
            var verify = Guid.CreateVersion7();
            await north.VerifyAsync(client, record, verify);
            await north.VerifyAsync(client, record, verify);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 15);
            var northLedger = new Ledger(world.NorthDatabase);
            var southLedger = new Ledger(world.SouthDatabase);
            await UntilAsync(async () => (await northLedger.EventsByRecordAsync("service_credited_at_home.v1")).ContainsKey(record), "the north told of the credit at home");

            // A second delivery of the credit at home and of the note in the north (their inbox rows made new again):
            // the account's decider credits nothing, so nothing is told; the record's notes nothing.
            Assert.True(await RedeliverAsync(world.SouthDatabase, nameof(Api.Districts.CreditHomeDistrict)) > 0, "no handled credit in the south's inbox to deliver again");
            Assert.True(await RedeliverAsync(world.NorthDatabase, nameof(TimeBank.Ledger.ServiceRecords.NoteCreditedAtHome)) > 0, "no handled note in the north's inbox to deliver again");
            await UntilAsync(async () => await IncomingAsync(world.SouthDatabase) == 0 && await IncomingAsync(world.NorthDatabase) == 0, "the second deliveries handled");

            var cityAdmin = DistrictWorld.CityAdmin(tokens);
            async Task<JsonNode> KpisAsync(object area) => (await client.PostAsync(cityAdmin, AreaKpis.Query, new { area })).Ok("areaKpis");
            JsonNode served = null!;
            await UntilAsync(async () => AreaKpis.Count(served = await KpisAsync(new { communityId = north.CommunityId }), "minutes") == 15, "the north community's KPIs to count the record");
            output.WriteLine(served.ToJsonString());

            // Where it was served: the minutes, points, record and project, once; nobody registered or active there.
            var points = AreaKpis.Count(served, "points");
            Assert.True(points > 0, "the record's points counted where it was served");
            Assert.Equal((15L, 1L, 1L, 0L, 0L),
                (AreaKpis.Count(served, "minutes"), AreaKpis.Count(served, "verifiedRecords"), AreaKpis.Count(served, "projectsServed"),
                 AreaKpis.Count(served, "registered"), AreaKpis.Count(served, "active")));
            var northKpis = await KpisAsync(new { district = North });
            Assert.Equal((15L, points, 1L), (AreaKpis.Count(northKpis, "minutes"), AreaKpis.Count(northKpis, "points"), AreaKpis.Count(northKpis, "verifiedRecords")));

            // At home: the volunteer registered, the month served counted for their activity (active takes two months of three
            // by the product's policy: KpiDistrictsTests shows it with one), and no flow.
            await southLedger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
            var southKpis = await KpisAsync(new { district = South });
            var homeKpis = await KpisAsync(new { communityId = south.CommunityId });
            output.WriteLine(southKpis.ToJsonString());
            foreach (var kpis in new[] { southKpis, homeKpis })
            {
                Assert.Equal((0L, 0L, 0L, 0L, 1L),
                    (AreaKpis.Count(kpis, "minutes"), AreaKpis.Count(kpis, "points"), AreaKpis.Count(kpis, "verifiedRecords"), AreaKpis.Count(kpis, "projectsServed"),
                     AreaKpis.Count(kpis, "registered")));
            }

            Assert.Equal(1, await ServedMonthsAsync(world.SouthDatabase, traveller));

            // The city: north plus south, the record in it once.
            var city = await KpisAsync(new { });
            AreaKpis.AssertTheSum(city, northKpis, southKpis);
            Assert.Equal((15L, points, 1L, 1L), (AreaKpis.Count(city, "minutes"), AreaKpis.Count(city, "points"), AreaKpis.Count(city, "verifiedRecords"), AreaKpis.Count(city, "registered")));

            // In the databases: one credit in the south, one note in the north, nothing of either in the other district.
            Assert.Equal(1, (await southLedger.AccountCreditsByRecordAsync()).GetValueOrDefault(record));
            Assert.Equal(1, (await northLedger.EventsByRecordAsync("service_credited_at_home.v1")).GetValueOrDefault(record));
            Assert.Empty(await northLedger.AccountCreditsByRecordAsync());
            Assert.Empty(await southLedger.EventsByRecordAsync("service_credited_at_home.v1"));

            // Revoked in the north, twice under one command id: taken back at home, and out of the north's KPIs, once.
            var revoke = new { input = new { commandId = Guid.CreateVersion7(), recordId = record, reason = "服务时间登记有误" } };
            const string Revoke = "mutation($input: RevokeServiceRecordInput!) { revokeServiceRecord(input: $input) { record { recordId status } } }";
            (await client.PostAsync(north.Staff, Revoke, revoke)).Ok("revokeServiceRecord.record.recordId");
            (await client.PostAsync(north.Staff, Revoke, revoke)).Ok("revokeServiceRecord.record.recordId");
            await UntilAsync(async () => (await northLedger.EventsByRecordAsync("service_credit_revoked_at_home.v1")).ContainsKey(record), "the north told of the revocation at home");
            await northLedger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
            await southLedger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));

            // Verified and revoked this month: the month's flows are back to nought everywhere, and the month no longer served at home.
            served = await KpisAsync(new { communityId = north.CommunityId });
            city = await KpisAsync(new { });
            output.WriteLine(city.ToJsonString());
            foreach (var kpis in new[] { served, await KpisAsync(new { district = North }), city })
            {
                Assert.Equal((0L, 0L, 0L, 0L),
                    (AreaKpis.Count(kpis, "minutes"), AreaKpis.Count(kpis, "points"), AreaKpis.Count(kpis, "verifiedRecords"), AreaKpis.Count(kpis, "projectsServed")));
            }

            AreaKpis.AssertTheSum(city, await KpisAsync(new { district = North }), await KpisAsync(new { district = South }));
            Assert.Equal(0, await ServedMonthsAsync(world.SouthDatabase, traveller));
            Assert.Equal(1, (await southLedger.EventsByRecordAsync("service_credit_revoked.v1")).GetValueOrDefault(record));
            Assert.Equal(1, (await northLedger.EventsByRecordAsync("service_credit_revoked_at_home.v1")).GetValueOrDefault(record));
            Assert.Empty(await southLedger.EventsByRecordAsync("service_credit_revoked_at_home.v1"));
            Assert.Equal(0, await DeadLettersAsync(world.NorthDatabase));
            Assert.Equal(0, await DeadLettersAsync(world.SouthDatabase));
        }
        finally
        {
            output.WriteLine(api.OutputTail);
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task Anyone_verifies_a_certificate_of_any_district_without_a_token_and_a_district_down_is_named_only_when_it_may_hold_it()
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
            var (northNumber, northCode) = await north.IssueCertificateAsync(client, await north.RegisterVolunteerAsync(client));
            var (southNumber, southCode) = await south.IssueCertificateAsync(client, await south.RegisterVolunteerAsync(client));
            var unknownNumber = southNumber[..^6] + "999999";

            // No token, so no district: each certificate is found in its own district's database, through all three doors.
            Assert.Equal("VALID", await VerdictAsync(client, northNumber, northCode));
            Assert.Equal("VALID", await VerdictAsync(client, southNumber, southCode));
            Assert.Equal("WRONG_CODE", await VerdictAsync(client, southNumber, northCode));
            Assert.Equal("UNKNOWN", await VerdictAsync(client, unknownNumber, southCode));
            using (var json = await client.Http.GetAsync(new Uri($"certificates/verify?number={southNumber}&code={southCode}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, json.StatusCode);
                Assert.Contains("\"verdict\":\"VALID\"", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var page = await client.Http.GetAsync(new Uri($"verify?number={northNumber}&code={northCode}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("有效 · Valid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The south down: the north's certificate still verifies; one that may be in the south is refused, naming it.
            await world.SouthCluster.StopAsync();
            Assert.Equal("VALID", await VerdictAsync(client, northNumber, northCode));
            var refused = await client.PostAsync(null, VerifyCertificate, new { number = unknownNumber, code = southCode });
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);
            Assert.Contains("'south'", refused.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            using (var json = await client.Http.GetAsync(new Uri($"certificates/verify?number={southNumber}&code={southCode}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
            }
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    [Fact]
    public async Task A_north_community_certifies_a_south_volunteers_service_as_a_local_ones_and_the_south_down_refuses_it_with_nothing_written()
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
            var traveller = await south.RegisterVolunteerAsync(client, displayName: "南山行");
            var local = await north.RegisterVolunteerAsync(client, displayName: "北海宁");

            // What a local volunteer's certificate carries: the traveller's own, issued at home in the south.
            await south.SubmitAndVerifyAsync(client, traveller);
            const string Fields = "certificateId number verificationCode volunteerNumber totalMinutes records { recordId } verificationAddress";
            var atHome = (await south.IssueAsync(client, traveller, Fields)).Ok("issueCertificate.certificate");

            // Served in the north: its staff issue the certificate there, reading the account and the person in the south.
            var served = await north.SubmitAndVerifyAsync(client, traveller);
            var visiting = (await north.IssueAsync(client, traveller, Fields)).Ok("issueCertificate.certificate");
            output.WriteLine(visiting.ToJsonString());
            Assert.Equal("V-" + traveller.ToString("N")[^12..], visiting["volunteerNumber"]!.GetValue<string>());
            Assert.Equal(atHome["volunteerNumber"]!.GetValue<string>(), visiting["volunteerNumber"]!.GetValue<string>());
            Assert.Equal([served], visiting["records"]!.AsArray().Select(r => r!["recordId"]!.GetValue<Guid>()));
            Assert.Equal(15, visiting["totalMinutes"]!.GetValue<long>());
            var northNumber = visiting["number"]!.GetValue<string>();
            var northCode = visiting["verificationCode"]!.GetValue<string>();
            // The sealed digest of the person is the one the home district's own certificate carries (same data, same salt).
            var northIssued = await IssuedAsync(world.NorthDatabase);
            var southIssued = await IssuedAsync(world.SouthDatabase);
            var digest = Assert.Single(northIssued)["Content"]!["PersonDigest"]!.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(digest));
            Assert.Equal(Assert.Single(southIssued)["Content"]!["PersonDigest"]!.GetValue<string>(), digest);

            // A request from the traveller (their token names the south) to the north's community runs in the north, where
            // the records and the staff who answer it are; nothing of it in the south.
            var own = DistrictWorld.Volunteer(tokens, traveller, South);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var requested = (await client.PostAsync(own, """
                mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { certificate { certificateId status } } }
                """, new { input = new { commandId = Guid.CreateVersion7(), communityId = north.CommunityId, from = today.AddDays(-30), to = today.AddDays(-1) } }))
                .Ok("requestCertificate.certificate");
            Assert.Equal("REQUESTED", requested["status"]!.GetValue<string>());
            var requestId = requested["certificateId"]!.GetValue<Guid>();
            Assert.Equal(1, await new Ledger(world.NorthDatabase).CountEventsAsync("certificate_requested.v1"));
            Assert.Equal(0, await new Ledger(world.SouthDatabase).CountEventsAsync("certificate_requested.v1"));
            Assert.Equal([requestId], (await client.PostAsync(north.Staff, "query($id: ID!) { certificateRequests(communityId: $id) { edges { node { certificateId } } } }",
                new { id = north.CommunityId })).Ok("certificateRequests.edges").AsArray().Select(e => e!["node"]!["certificateId"]!.GetValue<Guid>()));

            // The traveller's own reads, with the same token, find what the north keeps beside what the south does: their list
            // (the query, and the account's as /me asks it), the certificate by id, and its PDF.
            var visitingId = visiting["certificateId"]!.GetValue<Guid>();
            Guid[] mine = [requestId, visitingId, atHome["certificateId"]!.GetValue<Guid>()];
            const string Listed = "query($id: ID!) { certificates(volunteerId: $id) { certificateId } }";
            Assert.Equal(mine, (await client.PostAsync(own, Listed, new { id = traveller })).Ok("certificates").AsArray().Select(c => c!["certificateId"]!.GetValue<Guid>()));
            Assert.Equal(mine, (await client.PostAsync(own, TimeBank.Web.Components.AccountView.Query, new { id = traveller })).Ok("account.certificates").AsArray()
                .Select(c => c!["certificateId"]!.GetValue<Guid>()));
            Assert.Equal(northNumber, (await client.PostAsync(own, "query($id: ID!) { certificate(certificateId: $id) { number } }", new { id = visitingId }))
                .Ok("certificate.number").GetValue<string>());
            var ownText = await PdfTextAsync(client, own, visitingId);
            Assert.Contains("南山行", ownText, StringComparison.Ordinal);
            Assert.Contains(northNumber, ownText, StringComparison.Ordinal);
            // Only their own: another volunteer of the north sees none of the traveller's, the south's staff not the north's.
            Assert.Empty((await client.PostAsync(DistrictWorld.Volunteer(tokens, local, North), Listed, new { id = traveller })).Ok("certificates").AsArray());
            Assert.Contains("NOT_FOUND", (await client.PostAsync(south.Staff, "query($id: ID!) { certificate(certificateId: $id) { number } }", new { id = visitingId })).Codes);

            // Verified VALID without a token, through the three doors, with the person as at home (masked; the name on the paper matches).
            Assert.Equal("VALID", await VerdictAsync(client, northNumber, northCode));
            const string Person = "query($number: String!, $code: String!, $name: String) { verifyCertificate(number: $number, code: $code, name: $name) { verdict maskedName personMatches } }";
            var person = (await client.PostAsync(null, Person, new { number = northNumber, code = northCode, name = "南山行" })).Ok("verifyCertificate");
            var homePerson = (await client.PostAsync(null, Person, new { number = atHome["number"]!.GetValue<string>(), code = atHome["verificationCode"]!.GetValue<string>(), name = "南山行" }))
                .Ok("verifyCertificate");
            Assert.Equal("南**", person["maskedName"]!.GetValue<string>());
            Assert.True(person["personMatches"]!.GetValue<bool>());
            Assert.Equal(homePerson.ToJsonString(), person.ToJsonString());
            using (var json = await client.Http.GetAsync(new Uri($"certificates/verify?number={northNumber}&code={northCode}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, json.StatusCode);
                var body = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
                Assert.Equal("VALID", body["verdict"]!.GetValue<string>());
                Assert.Equal("南**", body["maskedName"]!.GetValue<string>());
            }

            using (var page = await client.Http.GetAsync(new Uri($"verify?number={northNumber}&code={northCode}", UriKind.Relative)))
            {
                var body = await page.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("有效 · Valid", body, StringComparison.Ordinal);
                Assert.Contains("南**", body, StringComparison.Ordinal);
            }

            // The QR code's token carries the salt read at home; the printed certificate names the person as a local one's does.
            var token = new Uri(visiting["verificationAddress"]!.GetValue<string>()).Query.Split("token=")[1];
            Assert.Equal("南**", (await client.PostAsync(null, "query($token: String!) { verifyCertificateToken(token: $token) { verdict maskedName } }", new { token }))
                .Ok("verifyCertificateToken.maskedName").GetValue<string>());
            var text = await PdfTextAsync(client, north.Staff, visiting["certificateId"]!.GetValue<Guid>());
            Assert.Contains("南山行", text, StringComparison.Ordinal);
            Assert.Contains(northNumber, text, StringComparison.Ordinal);
            Assert.DoesNotContain("已删除", text, StringComparison.Ordinal);

            // The year's bulk issuance in the north, a local and a visiting volunteer: both issued, no failure.
            await north.SubmitAndVerifyAsync(client, local);
            var jobId = Guid.CreateVersion7();
            (await client.PostAsync(north.Staff, """
                mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId } }
                """, new
            {
                input = new
                {
                    commandId = jobId, communityId = north.CommunityId, year = DateTime.UtcNow.Date.AddDays(-1).Year,
                    personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "",
                },
            })).Ok("startBulkIssuance.jobId");
            JsonNode job = null!;
            await UntilAsync(async () =>
            {
                job = (await client.PostAsync(north.Staff, "query($id: ID!) { bulkIssuance(jobId: $id) { status total issued failures { volunteerId code message } } }", new { id = jobId }))
                    .Ok("bulkIssuance");
                return job["status"]!.GetValue<string>() == "COMPLETED";
            }, "the north's bulk issuance to complete");
            output.WriteLine(job.ToJsonString());
            Assert.Equal(2, job["total"]!.GetValue<int>());
            Assert.Equal(2, job["issued"]!.GetValue<int>());
            Assert.Empty(job["failures"]!.AsArray());

            // Every certificate of the north is in the north: the south holds only its own.
            Assert.Equal(3, await new Ledger(world.NorthDatabase).CountEventsAsync("certificate_issued.v1"));
            Assert.Equal(3, await new Ledger(world.NorthDatabase).CountEventsAsync("certificate_number_taken.v1"));
            Assert.Single(await IssuedAsync(world.SouthDatabase));
            Assert.Equal(1, await new Ledger(world.SouthDatabase).CountEventsAsync("certificate_number_taken.v1"));

            // The south down: issuing for the traveller is refused with its code, naming the south; nothing written, no number taken.
            await world.SouthCluster.StopAsync();
            var refused = await north.IssueAsync(client, traveller, "number");
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Codes);
            Assert.Contains("'south'", refused.Errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(3, await new Ledger(world.NorthDatabase).CountEventsAsync("certificate_issued.v1"));
            Assert.Equal(3, await new Ledger(world.NorthDatabase).CountEventsAsync("certificate_number_taken.v1"));
            // The next number of the register goes to the next certificate issued: none was taken by the refusal.
            var next = (await north.IssueAsync(client, local, "number")).Ok("issueCertificate.certificate.number").GetValue<string>();
            Assert.EndsWith("-000004", next, StringComparison.Ordinal);

            // A volunteer's own lists, gathered from every district, give what the north holds and name the south beside it.
            var gathered = await client.PostAsync(DistrictWorld.Volunteer(tokens, local, North), """
                query($id: ID!) { certificates(volunteerId: $id) { number } mySignUps(first: 10) { edges { node { slotId } } } }
                """, new { id = local });
            output.WriteLine(gathered.Text);
            Assert.Equal(2, gathered.At("certificates")!.AsArray().Count);
            Assert.Contains(next, gathered.At("certificates")!.AsArray().Select(c => c!["number"]!.GetValue<string>()));
            Assert.Empty(gathered.At("mySignUps.edges")!.AsArray());
            Assert.Equal(["DISTRICT_UNAVAILABLE", "DISTRICT_UNAVAILABLE"], gathered.Codes);
            Assert.All(gathered.Errors, e => Assert.Contains("'south'", e!["message"]!.GetValue<string>(), StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(api.OutputTail);
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    /// <summary>The certificates issued in a district's database, as their <c>certificate_issued.v1</c> events store them.</summary>
    private static async Task<List<JsonNode>> IssuedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select data::text from timebank.mt_events where type = 'certificate_issued.v1' order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var issued = new List<JsonNode>();
        while (await reader.ReadAsync())
        {
            issued.Add(JsonNode.Parse(reader.GetString(0))!);
        }

        return issued;
    }

    /// <summary>A certificate's PDF, fetched with the token, as pdftotext reads it.</summary>
    private static async Task<string> PdfTextAsync(GraphQLHttpClient client, string token, Guid certificateId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"certificates/{certificateId}/pdf", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"certificate-{certificateId}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        try
        {
            return await PdfTools.RunAsync("pdftotext", "-layout", "-enc", "UTF-8", file, "-");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_city_wide_boards_csv_merges_every_district_and_a_city_admin_reads_any_districts_board_in_its_database()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;

            // North: Ann 30 minutes. South: Bo 15, Di 30 (a tie with Ann across districts, broken by volunteer number).
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var ann = await north.RegisterVolunteerAsync(client);
            var bo = await south.RegisterVolunteerAsync(client);
            var di = await south.RegisterVolunteerAsync(client);
            await north.SubmitAndVerifyAsync(client, ann);
            await north.SubmitAndVerifyAsync(client, ann);
            await south.SubmitAndVerifyAsync(client, bo);
            await south.SubmitAndVerifyAsync(client, di);
            await south.SubmitAndVerifyAsync(client, di);
            static string NumberOf(Guid volunteer) => "V-" + volunteer.ToString("N")[^12..];
            var tied = new[] { NumberOf(ann), NumberOf(di) }.Order(StringComparer.Ordinal).ToList();

            // A city admin whose token names no district.
            var cityAdmin = DistrictWorld.CityAdmin(tokens);
            async Task<(HttpStatusCode Status, string Text)> CsvAsync(string query)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("boards.csv?period=all&measure=HOURS" + query, UriKind.Relative));
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cityAdmin);
                using var answer = await client.Http.SendAsync(request);
                return (answer.StatusCode, (await answer.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
            }

            static List<string> Rows(string csv) => [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(row => string.Join(',', row.Split(',').Where((_, i) => i != 2)))];

            // The city-wide export: every district's board merged in board order, city ranks.
            (HttpStatusCode Status, string Text) city = (HttpStatusCode.NoContent, "");
            // The boards are async projections: waited for until Di's second record is on the south's (a race seen under load).
            await UntilAsync(async () => (city = await CsvAsync("")).Status == HttpStatusCode.OK && Rows(city.Text) is { Count: 3 } rows
                && rows.Count(row => row.Split(',')[2] == "30") == 2, "the city-wide boards.csv to list both districts, every record on its board");
            output.WriteLine(city.Text);
            Assert.Equal([$"1,{tied[0]},30,{Points(city.Text, tied[0])}", $"1,{tied[1]},30,{Points(city.Text, tied[1])}", $"3,{NumberOf(bo)},15,{Points(city.Text, NumberOf(bo))}"], Rows(city.Text));

            // A district's, a street's and a community's board, read in that district's database for the same city admin.
            Assert.Equal([NumberOf(di), NumberOf(bo)], Numbers((await CsvAsync("&district=south")).Text));
            Assert.Equal([NumberOf(ann)], Numbers((await CsvAsync($"&district=north&street={Uri.EscapeDataString("north街道")}")).Text));
            Assert.Equal([NumberOf(di), NumberOf(bo)], Numbers((await CsvAsync($"&communityId={south.CommunityId}")).Text));
            const string Board = """
                query($area: AreaInput!) { leaderboard(area: $area, period: "all", measure: HOURS, first: 10) { edges { node { rank volunteerNumber minutes } } } }
                """;
            List<string> Lines(JsonNode board) =>
                [.. board["edges"]!.AsArray().Select(e => $"{e!["node"]!["rank"]!.GetValue<long>()},{e["node"]!["volunteerNumber"]!.GetValue<string>()},{e["node"]!["minutes"]!.GetValue<long>()}")];
            Assert.Equal([$"1,{NumberOf(di)},30", $"2,{NumberOf(bo)},15"], Lines((await client.PostAsync(cityAdmin, Board, new { area = new { district = South } })).Ok("leaderboard")));
            Assert.Equal([$"1,{NumberOf(ann)},30"], Lines((await client.PostAsync(cityAdmin, Board, new { area = new { district = North, street = "north街道" } })).Ok("leaderboard")));
            Assert.Equal([$"1,{NumberOf(di)},30", $"2,{NumberOf(bo)},15"], Lines((await client.PostAsync(cityAdmin, Board, new { area = new { communityId = south.CommunityId } })).Ok("leaderboard")));
            Assert.Contains("AREA_UNKNOWN", (await client.PostAsync(cityAdmin, Board, new { area = new { communityId = Guid.CreateVersion7() } })).Codes);

            // The south's database goes down: the city-wide export is refused whole, naming the south; the north's is still there.
            await world.SouthCluster.StopAsync();
            var refused = await CsvAsync("");
            output.WriteLine(refused.Text);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
            Assert.Contains("DISTRICT_UNAVAILABLE", refused.Text, StringComparison.Ordinal);
            Assert.Contains("'south'", refused.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("'north'", refused.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(NumberOf(ann), refused.Text, StringComparison.Ordinal);
            var northOnly = await CsvAsync("&district=north");
            Assert.Equal(HttpStatusCode.OK, northOnly.Status);
            Assert.Equal([NumberOf(ann)], Numbers(northOnly.Text));
        }
        finally
        {
            await api.DisposeAsync();
            await world.SouthCluster.EnsureRunningAsync();
        }
    }

    /// <summary>
    /// ADR 0048. While the API is dead, the north's read models are rebuilt: its copies of the south's holds are no
    /// projection's, so they stay, and after the restart the till's day, the statement, its CSV and a void at the north's
    /// till read them. A third hold, never completed, expires meanwhile by its scheduled message in the south (the south's
    /// holds last 15 seconds here), once, and the north's copy learns it.
    /// </summary>
    [Fact]
    public async Task A_south_volunteer_redeems_at_a_north_merchant_decided_at_home_and_the_north_learns_each_change_once_even_when_the_api_dies_before_the_send()
    {
        var world = await DistrictWorld.StartAsync();
        var options = world.Options(new Dictionary<string, string> { [$"Policies__Districts__{South}__HoldLifetimeSeconds"] = "15" });
        var api = await ApiProcess.StartAsync(options);
        NpgsqlConnection? blocker = null;
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var tokens = options.Tokens;
            var north = await DistrictCommunity.SetUpAsync(client, tokens, North);
            var south = await DistrictCommunity.SetUpAsync(client, tokens, South);
            var traveller = await south.RegisterVolunteerAsync(client);
            await south.SubmitAndVerifyAsync(client, traveller);
            await south.SubmitAndVerifyAsync(client, traveller);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 30);
            var before = await PointsAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller);
            Assert.True(before >= 3, $"the traveller has {before} points");
            var merchantId = await ApprovedMerchantAsync(client, tokens, north.CommunityId);
            var cashier = DistrictWorld.Cashier(tokens, merchantId, North);

            // A south code at a north till: held in the south at once; the same till request again is the same hold.
            var holdRequest = Guid.CreateVersion7();
            var code = await CodeAsync(client, DistrictWorld.Volunteer(tokens, traveller, South));
            var held = await TillAsync(client, cashier, HttpMethod.Post, "till/holds", new { code, amount = 2, tillRequestId = holdRequest });
            Assert.Equal("HELD", held["status"]!.GetValue<string>());
            var holdId = held["holdId"]!.GetValue<Guid>();
            var heldAgain = await TillAsync(client, cashier, HttpMethod.Post, "till/holds", new { code, amount = 2, tillRequestId = holdRequest });
            Assert.Equal(holdId, heldAgain["holdId"]!.GetValue<Guid>());

            // Completed (twice: the second changes nothing), a refund of 1 (twice, the same till request: counted once).
            Assert.Equal("COMPLETED", (await TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{holdId}/complete"))["status"]!.GetValue<string>());
            Assert.Equal("COMPLETED", (await TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{holdId}/complete"))["status"]!.GetValue<string>());
            var refund = new { amount = 1, tillRequestId = Guid.CreateVersion7() };
            Assert.Equal(1, (await TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{holdId}/refunds", refund))["refunded"]!.GetValue<long>());
            Assert.Equal(1, (await TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{holdId}/refunds", refund))["refunded"]!.GetValue<long>());

            // A second hold, voided.
            var voidedId = (await TillAsync(client, cashier, HttpMethod.Post, "till/holds",
                new { code = await CodeAsync(client, DistrictWorld.Volunteer(tokens, traveller, South)), amount = 1, tillRequestId = Guid.CreateVersion7() }))["holdId"]!.GetValue<Guid>();
            Assert.Equal("VOIDED", (await TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{voidedId}/void"))["status"]!.GetValue<string>());

            // The balance drops once, at home: 2 redeemed, 1 refunded, the void gives its point back.
            Assert.Equal(before - 1, await PointsAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller));
            var southLedger = new Ledger(world.SouthDatabase);
            Assert.Equal(2, await southLedger.CountEventsAsync("points_held.v1"));
            Assert.Equal(1, await southLedger.CountEventsAsync("hold_completed.v1"));
            Assert.Equal(1, await southLedger.CountEventsAsync("points_refunded.v1"));
            Assert.Equal(1, await southLedger.CountEventsAsync("hold_voided.v1"));
            foreach (var type in new[] { "points_held.v1", "hold_completed.v1", "points_refunded.v1", "hold_voided.v1" })
            {
                Assert.Equal(0, await new Ledger(world.NorthDatabase).CountEventsAsync(type));
            }

            // The north's till day and statement show the sale.
            var admin = DistrictWorld.Admin(tokens, North);
            await UntilAsync(async () => await TillDayAsync(client, admin, merchantId) == $"{holdId} COMPLETED 2 1;{voidedId} VOIDED 1 0",
                "the north's till day to show the completed and the voided hold");
            await UntilAsync(async () => await StatementAsync(client, admin, merchantId) == "2 1 1 1", "the north's statement: 2 redeemed, 1 refunded");

            // A third hold, never completed: it expires while what follows runs (the API's death and the rebuild included).
            var expiring = await TillAsync(client, cashier, HttpMethod.Post, "till/holds",
                new { code = await CodeAsync(client, DistrictWorld.Volunteer(tokens, traveller, South)), amount = 1, tillRequestId = Guid.CreateVersion7() });
            var expiringId = expiring["holdId"]!.GetValue<Guid>();
            Assert.Equal(TimeSpan.FromSeconds(15), expiring["expiresAt"]!.GetValue<DateTimeOffset>() - expiring["heldAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal($"{holdId} COMPLETED 2 1;{voidedId} VOIDED 1 0;{expiringId} HELD 1 0", await TillDayAsync(client, admin, merchantId));
            Assert.Equal(before - 2, await PointsAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller));
            await new Ledger(world.NorthDatabase).UntilProjectionsCaughtUpAsync(TimeSpan.FromMinutes(1));

            // The north's queue table locked: a second refund commits in the south, and its send to the north waits (the
            // till waits for it too). The API dies (-9) then, with the message only in the south's outbox.
            blocker = await LockQueueAsync(world.NorthDatabase);
            var refunding = TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{holdId}/refunds", new { amount = 1, tillRequestId = Guid.CreateVersion7() });
            await UntilAsync(async () => await southLedger.CountEventsAsync("points_refunded.v1") == 2, "the second refund committed in the south");
            await api.KillAsync();
            await api.DisposeAsync();
            await blocker.DisposeAsync();
            blocker = null;
            Assert.Equal(2, await SettledAbroadAsync(world.NorthDatabase)); // the completion and the first refund only
            await Assert.ThrowsAnyAsync<Exception>(() => refunding); // the till had no answer: it would send the request again

            // The service down, the operator rebuilds the north's read models: every document of the north is as it was,
            // its copies of the three holds homed in the south among them (none of them a projection's Hold).
            var documents = await new Ledger(world.NorthDatabase).ProjectedDocumentsAsync();
            var rebuildClock = Stopwatch.StartNew();
            var (rebuilt, text) = await RebuildReadModelsAsync(options, "--district", North);
            Assert.True(rebuilt == 0, text);
            output.WriteLine($"the north rebuilt in {rebuildClock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(documents, await new Ledger(world.NorthDatabase).ProjectedDocumentsAsync());
            Assert.Equal(3, documents.Keys.Count(k => k.StartsWith("mt_doc_holdhomedelsewhere/", StringComparison.Ordinal)));
            Assert.DoesNotContain(documents.Keys, k => k.StartsWith("mt_doc_hold/", StringComparison.Ordinal));

            api = await ApiProcess.StartAsync(options);
            await UntilAsync(async () => await StatementAsync(client, admin, merchantId) == "2 2 1 2", "the north's statement: the second refund, once");
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"date,redeemed,refunded,net,redemptions,refunds\r\n{today},2,2,0,1,2\r\n", await StatementCsvAsync(client, admin, merchantId));
            // The third hold expired in the south by its scheduled message, once (its point back once), and the north's copy
            // learned it; the voided hold, of which the north heard nothing since the rebuild, is still listed.
            await UntilHoldExpiredAsync(client, cashier, expiringId);
            output.WriteLine($"the third hold seen expired at the north's till {(DateTimeOffset.UtcNow - expiring["expiresAt"]!.GetValue<DateTimeOffset>()).TotalSeconds:0.0} s after it expired");
            Assert.Equal($"{holdId} COMPLETED 2 2;{voidedId} VOIDED 1 0;{expiringId} EXPIRED 1 0", await TillDayAsync(client, admin, merchantId));
            Assert.Equal(1, await southLedger.CountEventsAsync("hold_expired.v1"));
            Assert.Equal(0, await new Ledger(world.NorthDatabase).CountEventsAsync("hold_expired.v1"));
            Assert.Equal(2, await southLedger.CountEventsAsync("points_refunded.v1"));
            Assert.Equal(3, await SettledAbroadAsync(world.NorthDatabase));
            Assert.Equal(before, await PointsAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller));
            // A void at the north's till finds the voided hold through the north's copy, and the south answers it as it stands.
            Assert.Equal("VOIDED", (await TillAsync(client, cashier, HttpMethod.Post, $"till/holds/{voidedId}/void"))["status"]!.GetValue<string>());
        }
        finally
        {
            if (blocker is not null)
            {
                await blocker.DisposeAsync();
            }

            output.WriteLine(api.OutputTail);
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_south_volunteer_checked_out_of_a_north_slot_is_recorded_in_the_north_and_credited_home()
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
            var traveller = await south.RegisterVolunteerAsync(client);
            var startsAt = DateTimeOffset.UtcNow.AddMinutes(10);
            var slotId = await north.PublishSlotAsync(client, startsAt, startsAt.AddHours(1), withdrawUntil: startsAt);

            // The traveller acts with their own token, which names their home, the south: each of their commands on the
            // north's slot runs in the north, where the slot is, and answers the slot as it stands there (ADR 0047).
            var own = DistrictWorld.Volunteer(tokens, traveller, South);
            const string MySignUp = "slot { slotId mySignUp { status } } replayed";
            var signUp = new { commandId = Guid.CreateVersion7(), slotId };
            Assert.Equal("SIGNED_UP", (await MySlotAsync(client, own, "signUpForSlot", "SlotInput", signUp, MySignUp))["slot"]!["mySignUp"]!["status"]!.GetValue<string>());
            // The same command again is answered from what the north remembers of it: nothing new.
            Assert.True((await MySlotAsync(client, own, "signUpForSlot", "SlotInput", signUp, MySignUp))["replayed"]!.GetValue<bool>());
            Assert.Null((await MySlotAsync(client, own, "withdrawFromSlot", "SlotInput", new { commandId = Guid.CreateVersion7(), slotId }, MySignUp))["slot"]!["mySignUp"]);
            await SlotAsync(client, own, "signUpForSlot", "SlotInput", new { commandId = Guid.CreateVersion7(), slotId });
            var code = (await client.PostAsync(north.Staff, "query($id: ID!) { slot(slotId: $id) { checkInCode } }", new { id = slotId })).Ok("slot.checkInCode").GetValue<string>();
            await SlotAsync(client, own, "checkInToSlot", "AttendanceInput", new { commandId = Guid.CreateVersion7(), slotId, code });

            // What the traveller reads with the same token: the slot, their sign-ups and the city's board, each from the north.
            var reads = await client.PostAsync(own, """
                query($id: ID!) {
                  slot(slotId: $id) { mySignUp { status } }
                  mySignUps(first: 10) { edges { node { slotId } } }
                  slotBoard(first: 10) { edges { node { slotId } } }
                }
                """, new { id = slotId });
            Assert.Equal("CHECKED_IN", reads.Ok("slot.mySignUp.status").GetValue<string>());
            Assert.Equal([slotId], reads.Ok("mySignUps.edges").AsArray().Select(e => e!["node"]!["slotId"]!.GetValue<Guid>()));
            Assert.Contains(slotId, reads.Ok("slotBoard.edges").AsArray().Select(e => e!["node"]!["slotId"]!.GetValue<Guid>()));

            // A record is at least a minute of service (RECORD_MINUTES_INVALID): the real clock runs past it.
            await Task.Delay(TimeSpan.FromSeconds(62));
            await SlotAsync(client, own, "checkOutOfSlot", "AttendanceInput", new { commandId = Guid.CreateVersion7(), slotId, code });
            await north.AttendAsync(client, "verifySlotRecords", slotId, null);

            // Every step of the slot is in the north; the south holds none.
            var northLedger = new Ledger(world.NorthDatabase);
            var southLedger = new Ledger(world.SouthDatabase);
            Assert.Equal(2, await northLedger.CountEventsAsync("slot_signed_up.v1"));
            Assert.Equal(1, await northLedger.CountEventsAsync("slot_sign_up_withdrawn.v1"));
            Assert.Equal(1, await northLedger.CountEventsAsync("slot_checked_in.v1"));
            Assert.Equal(1, await northLedger.CountEventsAsync("slot_checked_out.v1"));
            foreach (var type in (string[])["slot_signed_up.v1", "slot_sign_up_withdrawn.v1", "slot_checked_in.v1", "slot_checked_out.v1"])
            {
                Assert.Equal(0, await southLedger.CountEventsAsync(type));
            }

            // Recorded in the north, credited once in the south.
            var recordId = TimeBank.Ledger.Slots.SlotDecider.RecordIdOf(slotId, traveller);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, traveller, South), traveller, 1);
            Assert.Equal(1, (await new Ledger(world.SouthDatabase).AccountCreditsByRecordAsync()).GetValueOrDefault(recordId));
            Assert.Empty(await new Ledger(world.NorthDatabase).AccountCreditsByRecordAsync());
            Assert.Equal(1, await new Ledger(world.NorthDatabase).CountEventsAsync("service_record_verified.v1"));
        }
        finally
        {
            output.WriteLine(api.OutputTail);
            await api.DisposeAsync();
        }
    }

    /// <summary>A slot's mutation; the payload's <paramref name="fields"/> (a refusal fails the test with its code).</summary>
    private static async Task<JsonNode> MySlotAsync(GraphQLHttpClient client, string token, string mutation, string inputType, object input, string fields) =>
        (await client.PostAsync(token, $$"""
            mutation($input: {{inputType}}!) { {{mutation}}(input: $input) { {{fields}} } }
            """, new { input })).Ok(mutation);

    internal static async Task SlotAsync(GraphQLHttpClient client, string token, string mutation, string inputType, object input) =>
        (await client.PostAsync(token, $$"""
            mutation($input: {{inputType}}!) { {{mutation}}(input: $input) { slot { slotId } } }
            """, new { input })).Ok($"{mutation}.slot.slotId");

    private static async Task<long> PointsAsync(GraphQLHttpClient client, string token, Guid volunteerId) =>
        (await client.PostAsync(token, GraphQLCity.BalanceQuery, new { id = volunteerId })).Ok("account.availablePoints").GetValue<long>();

    private static async Task<Guid> ApprovedMerchantAsync(GraphQLHttpClient client, TokenIssuer tokens, Guid communityId, string district = North)
    {
        var admin = DistrictWorld.Admin(tokens, district);
        var merchantId = Guid.CreateVersion7();
        (await client.PostAsync(admin, """
            mutation($input: RegisterMerchantInput!) { registerMerchant(input: $input) { merchant { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), merchantId, communityId, name = "爱心超市" } })).Ok("registerMerchant.merchant.id");
        (await client.PostAsync(admin, """
            mutation($input: ApproveMerchantInput!) { approveMerchant(input: $input) { merchant { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), merchantId } })).Ok("approveMerchant.merchant.id");
        return merchantId;
    }

    private static async Task<string> CodeAsync(GraphQLHttpClient client, string volunteer) =>
        (await client.PostAsync(volunteer, """
            mutation($input: IssueRedemptionCodeInput!) { issueRedemptionCode(input: $input) { redemptionCode { code } } }
            """, new { input = new { commandId = Guid.CreateVersion7() } })).Ok("issueRedemptionCode.redemptionCode.code").GetValue<string>();

    /// <summary>A till's request; the hold it answers (a refusal fails the test with its code).</summary>
    private static async Task<JsonObject> TillAsync(GraphQLHttpClient client, string cashier, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        var answer = await client.SendAsync(request, cashier);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{method} {path}: {(int)answer.Status} {answer.Text}");
        return answer.Body!;
    }

    /// <summary>The merchant's holds of today as its till lists them, oldest first: "holdId STATUS amount refunded;...".</summary>
    private static async Task<string> TillDayAsync(GraphQLHttpClient client, string token, Guid merchantId)
    {
        var answer = await client.PostAsync(token, """
            query($id: ID!, $day: DateOnly!) { merchant(id: $id) { holds(day: $day) { edges { node { holdId status amount refunded } } } } }
            """, new { id = merchantId, day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        return string.Join(';', answer.Ok("merchant.holds.edges").AsArray().Reverse()
            .Select(e => e!["node"]!).Select(h => $"{h["holdId"]} {h["status"]} {h["amount"]} {h["refunded"]}"));
    }

    /// <summary>The merchant's statement of today: "redeemed refunded redemptions refunds".</summary>
    private static async Task<string> StatementAsync(GraphQLHttpClient client, string token, Guid merchantId)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var answer = await client.PostAsync(token, """
            query($id: ID!, $from: DateOnly!, $to: DateOnly!) { settlementStatement(merchantId: $id, from: $from, to: $to) { redeemed refunded redemptions refunds } }
            """, new { id = merchantId, from = today, to = today });
        var s = answer.Ok("settlementStatement");
        return $"{s["redeemed"]} {s["refunded"]} {s["redemptions"]} {s["refunds"]}";
    }

    /// <summary>The merchant's statement of today as its CSV download.</summary>
    private static async Task<string> StatementCsvAsync(GraphQLHttpClient client, string token, Guid merchantId)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"merchants/{merchantId}/statements.csv?from={today}&to={today}", UriKind.Relative));
        var answer = await client.SendAsync(request, token);
        Assert.True(answer.Status == HttpStatusCode.OK, $"statements.csv: {(int)answer.Status} {answer.Text}");
        return answer.Text;
    }

    /// <summary>Locks the district's queue table of <c>district-credits</c> (a transaction left open): nothing can be written to it until disposed.</summary>
    private static async Task<NpgsqlConnection> LockQueueAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand(
            "select table_schema || '.' || table_name from information_schema.tables where table_name like 'wolverine_queue_district_credits%' and table_name not like '%scheduled%' limit 1",
            connection);
        var table = (string?)await find.ExecuteScalarAsync() ?? throw new InvalidOperationException("No district-credits queue table in the district's database.");
        await using var begin = new NpgsqlCommand($"begin; lock table {table} in access exclusive mode", connection);
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>The movements settled with the district's merchants on holds homed in other districts, as stored there.</summary>
    private static async Task<long> SettledAbroadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from timebank.mt_doc_settledabroad", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private const string VerifyCertificate = "query($number: String!, $code: String!) { verifyCertificate(number: $number, code: $code) { verdict } }";

    private static async Task<string> VerdictAsync(GraphQLHttpClient client, string number, string code) =>
        (await client.PostAsync(null, VerifyCertificate, new { number, code })).Ok("verifyCertificate.verdict").GetValue<string>();

    private static Task UntilPoolAsync(GraphQLHttpClient client, DistrictCommunity community, string field, int minutes) =>
        UntilAsync(async () => (await client.PostAsync(community.Staff, $"query($id: ID!) {{ communityPool(communityId: $id) {{ {field} }} }}", new { id = community.CommunityId }))
            .At($"communityPool.{field}")?.GetValue<int>() == minutes, $"{minutes} minutes {field} in the pool of {community.CommunityId}");

    /// <summary>The volunteer numbers of a board's CSV, in its order.</summary>
    private static List<string> Numbers(string csv) =>
        [.. csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(row => row.Split(',')[1])];

    /// <summary>The points column of a volunteer's row of a board's CSV (points depend on the policy, not on the merge).</summary>
    private static string Points(string csv, string number) =>
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(row => row.Split(',')).Single(cells => cells[1] == number)[4];

    /// <summary>
    /// ADR 0049 / issue 21: <c>rebuild-read-models</c> in districts mode rebuilds every district's database as its own
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
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, bo, South), bo, 30);
            await UntilMinutesAsync(client, DistrictWorld.Volunteer(tokens, ann, North), ann, 30);
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

    /// <summary>
    /// Delivers a message again: its handled rows in the district's inbox made incoming and unowned, as after a node
    /// died holding them; the durability agent hands them to their handler again. The number of rows.
    /// </summary>
    private static async Task<int> RedeliverAsync(string connectionString, string messageType)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE timebank.wolverine_incoming_envelopes SET status = 'Incoming', owner_id = 0, attempts = 0 WHERE status = 'Handled' AND message_type LIKE @type", connection);
        update.Parameters.AddWithValue("type", "%" + messageType);
        return await update.ExecuteNonQueryAsync();
    }

    private static async Task<long> IncomingAsync(string connectionString) =>
        (await Db.QueryAsync(connectionString, "SELECT count(*) FROM timebank.wolverine_incoming_envelopes WHERE status = 'Incoming'", r => r.GetInt64(0))).Single();

    /// <summary>The months the home district's KPIs count as served for the volunteer's activity (its KPI document).</summary>
    private static async Task<long> ServedMonthsAsync(string connectionString, Guid volunteerId) =>
        (await Db.QueryAsync(connectionString,
            $"SELECT count(*) FROM timebank.mt_doc_kpivolunteer, jsonb_object_keys(data->'ServedMonths') WHERE id = '{volunteerId:N}'", r => r.GetInt64(0))).Single();

    private static async Task<long> DeadLettersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'wolverine_dead_letters' order by 1 limit 1", connection);
        var schema = (string?)await find.ExecuteScalarAsync() ?? throw new InvalidOperationException("No dead-letter table in the district's database.");
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.wolverine_dead_letters", connection);
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
}
