using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// Both halves of issue 21 at once (docs/adr/0046-several-nodes.md, docs/adr/0047-a-database-per-district.md): three API
/// nodes in Wolverine's Balanced mode on the city database and two district clusters, a write load through every node in
/// both districts (south volunteers serving in the north too), and the node that runs the most projection shards killed
/// (-9) right after it acknowledged a verification whose credit goes home to the south.
/// </summary>
[Collection(DistrictClustersCollection.Name)]
[Trait("Category", "Fault")]
public sealed class CityClusterTests(ITestOutputHelper output)
{
    private const string North = DistrictWorld.North;
    private const string South = DistrictWorld.South;
    private static readonly string[] Districts = [North, South];
    private static readonly TimeSpan StaleNodeTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killed_after_a_cross_district_verify_the_busiest_of_three_nodes_loses_nothing_in_either_district_and_the_city_stays_their_sum()
    {
        var world = await DistrictWorld.StartAsync();
        var settings = BalancedNodes.Settings(StaleNodeTimeout);
        // Every five seconds, on the scheduled-message path the hourly job takes; points expire as soon as they are earned.
        settings["PointsExpiry__Schedule"] = "*/5 * * * * *";
        foreach (var district in Districts)
        {
            settings[$"Policies__Districts__{district}__PointsExpiryMonths"] = "0";
        }

        var first = world.Options(settings);
        var tokens = first.Tokens;
        var killedAt = DateTimeOffset.MinValue;
        await using (var nodes = await BalancedNodes.StartAsync(world.CityDatabase, first, count: 3))
        {
            try
            {
                // One agent per async shard and district database, each on exactly one node (one row each in the city's table).
                var shards = BalancedNodes.AsyncShards() * Districts.Length;
                var placed = await nodes.UntilShardsPlacedAsync(shards, TimeSpan.FromSeconds(60), $"all {shards} projection shards of both districts placed on a node",
                    id => nodes.Nodes.Any(n => n.NodeId == id));
                output.WriteLine(string.Join('\n', placed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} on node {nodes.NumberOf(p.Value)}")));
                foreach (var district in Districts)
                {
                    // The agent names the district's database: event-subscriptions://marten/main/<host>.<database>/<shard>/all.
                    var database = new Npgsql.NpgsqlConnectionStringBuilder(world.DatabaseOf(district)).Database;
                    Assert.Equal(shards / Districts.Length, placed.Keys.Count(agent => agent.Contains($".{database}/", StringComparison.Ordinal)));
                }

                var clients = nodes.Nodes.Select(n => new GraphQLHttpClient(n.Api.Options.BaseAddress, timeout: TimeSpan.FromSeconds(10))).ToList();
                try
                {
                    var south = await GraphQLCity.SetUpAsync(clients[0], tokens, volunteers: 12, district: South);
                    // Six of the south's volunteers serve in the north as well: their credits go home through district-credits.
                    var visitors = south.Volunteers.Take(6).ToHashSet();
                    var north = await GraphQLCity.SetUpAsync(clients[1], tokens, volunteers: 6, district: North, visitors: [.. visitors]);

                    // Armed once the victim is chosen: its north load kills it as soon as it acknowledges a visitor's verification.
                    var victim = -1;
                    var killed = new TaskCompletionSource<(Guid Record, Task Kill)>(TaskCreationOptions.RunContinuationsAsynchronously);
                    Action<Guid, Guid> KillAfterACrossDistrictVerify(int node) => (record, volunteer) =>
                    {
                        if (visitors.Contains(volunteer) && Volatile.Read(ref victim) == node && Interlocked.Exchange(ref victim, -2) == node)
                        {
                            killed.TrySetResult((record, nodes.Nodes[node].Api.KillAsync()));
                        }
                    };
                    var loads = clients.SelectMany((client, node) => new[]
                    {
                        (District: North, Load: new WriteLoad(client, north, workers: 2, KillAfterACrossDistrictVerify(node))),
                        (District: South, Load: new WriteLoad(client, south, workers: 2)),
                    }).ToList();
                    loads.ForEach(l => l.Load.Start());
                    await Poll.UntilAsync(TimeSpan.FromSeconds(60), "60 verifications acknowledged through the three nodes in both districts", () =>
                        Task.FromResult(loads.Sum(l => l.Load.Verified.Count) >= 60 ? (object)true : null));

                    // The node that runs the most shards now (the one with the recurring agent among those) dies after its next cross-district verify.
                    var chosen = await nodes.BusiestAsync(await nodes.ProjectionPlacementAsync());
                    var ran = (await nodes.AgentsAsync()).Where(a => a.Node == chosen.NodeId).Select(a => a.Agent).ToList();
                    Volatile.Write(ref victim, nodes.Nodes.FindIndex(n => n.NodeId == chosen.NodeId));
                    var (lastRecord, kill) = await killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
                    await kill;
                    killedAt = DateTimeOffset.UtcNow;
                    // What the north's outbox held at that moment (credits on their way home, and any other outgoing message).
                    var outbox = (await Db.QueryAsync(world.NorthDatabase, "SELECT count(*) FROM timebank.wolverine_outgoing_envelopes", r => r.GetInt64(0))).Single();
                    output.WriteLine($"killed node {nodes.NumberOf(chosen.NodeId)} (pid {chosen.Api.Pid}) right after it acknowledged the north's verification of {lastRecord} (a south volunteer), with {outbox} envelopes in the north's outbox; it ran {string.Join(", ", ran)}");
                    var survivors = nodes.Nodes.Where(n => n.NodeId != chosen.NodeId).Select(n => n.NodeId).ToHashSet();

                    // The load goes on through the survivors for a while.
                    var verifiedAtKill = loads.Sum(l => l.Load.Verified.Count);
                    await Poll.UntilAsync(TimeSpan.FromSeconds(60), "30 more verifications acknowledged through the survivors", () =>
                        Task.FromResult(loads.Sum(l => l.Load.Verified.Count) >= verifiedAtKill + 30 ? (object)true : null));
                    foreach (var (_, load) in loads)
                    {
                        await load.StopAsync();
                    }

                    var moved = await nodes.UntilShardsPlacedAsync(shards, StaleNodeTimeout + TimeSpan.FromSeconds(60), "every projection shard placed on a surviving node",
                        survivors.Contains);
                    output.WriteLine($"shards on the survivors {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s after the kill");

                    // Every acknowledged command is in its own district's events, once, and not in the other's.
                    var recordedIn = new Dictionary<string, HashSet<Guid>>();
                    foreach (var district in Districts)
                    {
                        var ledger = new Ledger(world.DatabaseOf(district));
                        var other = await new Ledger(world.DatabaseOf(Districts.Single(d => d != district))).EventCountsAsync();
                        await ledger.UntilCreditsDrainedAsync(TimeSpan.FromSeconds(60));
                        var events = await ledger.EventCountsAsync();
                        var mine = loads.Where(l => l.District == district).Select(l => l.Load).ToList();
                        Assert.All(mine.SelectMany(l => l.Submitted), id =>
                        {
                            Assert.True(events.GetValueOrDefault((id, "service_record_submitted.v1")) == 1, $"acknowledged submission {id} is not once in the {district}'s events");
                            Assert.False(other.ContainsKey((id, "service_record_submitted.v1")), $"submission {id} is in the other district too");
                        });
                        Assert.All(mine.SelectMany(l => l.Verified), id =>
                            Assert.True(events.GetValueOrDefault((id, "service_record_verified.v1")) == 1, $"acknowledged verification {id} is not once in the {district}'s events"));
                        recordedIn[district] = [.. events.Where(e => e.Key.Type == "service_record_verified.v1").Select(e => e.Key.Stream)];
                        // Each verified record is marked credited once where it was served, home or not.
                        Assert.All(recordedIn[district], id => Assert.Equal(1, events.GetValueOrDefault((id, "service_record_credited.v1"))));
                        output.WriteLine($"{district}: {recordedIn[district].Count} verified records ({mine.Sum(l => l.Verified.Count)} acknowledged)");
                    }

                    Assert.Contains(lastRecord, recordedIn[North]);

                    // Each record credited once, in its volunteer's home district only: the visitors' north records in the south.
                    var servedByVisitors = (await Db.QueryAsync(world.NorthDatabase,
                            "SELECT stream_id, (data->>'VolunteerId')::uuid FROM timebank.mt_events WHERE type = 'service_record_submitted.v1'", r => (Record: r.GetGuid(0), Volunteer: r.GetGuid(1))))
                        .Where(s => visitors.Contains(s.Volunteer) && recordedIn[North].Contains(s.Record)).Select(s => s.Record).ToHashSet();
                    Assert.Contains(lastRecord, servedByVisitors);
                    var creditedIn = new Dictionary<string, Dictionary<Guid, long>>
                    {
                        [North] = await new Ledger(world.NorthDatabase).AccountCreditsByRecordAsync(),
                    };
                    creditedIn[South] = await Poll.UntilAsync(TimeSpan.FromSeconds(60), "every visitor's north record credited in the south", async () =>
                        await new Ledger(world.SouthDatabase).AccountCreditsByRecordAsync() is var credits && servedByVisitors.All(credits.ContainsKey) ? credits : null);
                    var homeOf = new Dictionary<string, HashSet<Guid>>
                    {
                        [North] = [.. recordedIn[North].Except(servedByVisitors)],
                        [South] = [.. recordedIn[South].Union(servedByVisitors)],
                    };
                    foreach (var district in Districts)
                    {
                        Assert.Equal(homeOf[district].Order(), creditedIn[district].Keys.Order());
                        Assert.All(creditedIn[district], c => Assert.True(c.Value == 1, $"record {c.Key} credited {c.Value} times in the {district}"));
                    }

                    output.WriteLine($"{servedByVisitors.Count} north records of south volunteers credited once in the south, none in the north; {lastRecord}, the last before the kill, among them");

                    // The expiry job goes on on a survivor, in both districts: every lot expires once, and a run after the kill.
                    foreach (var district in Districts)
                    {
                        var database = world.DatabaseOf(district);
                        var expiries = await Poll.UntilAsync(TimeSpan.FromSeconds(60), $"every lot of the {district} expired by the recurring job", async () =>
                            await Db.ExpiriesByLotAsync(database) is var byLot && homeOf[district].All(byLot.ContainsKey) ? byLot : null);
                        Assert.All(expiries, e => Assert.True(e.Value == 1, $"lot {e.Key} expired {e.Value} times in the {district}"));
                        var sweeps = await Poll.UntilAsync(TimeSpan.FromSeconds(30), $"a run of the job in the {district} after the kill", async () =>
                            await Db.SweepsAsync(database) is var runs && runs.Any(s => s.RanAt > killedAt.AddSeconds(1)) ? runs : null);
                        // Each run is recorded under the city occurrence it belongs to (the key), in the district's own sweep
                        // transaction: a second delivery of an occurrence finds it and does not sweep; one that raced it could not commit.
                        Assert.All(sweeps, s => Assert.StartsWith(nameof(Api.Accounts.ExpireDuePointsInEveryDistrict) + ":", s.Id, StringComparison.Ordinal));
                        Assert.Empty(await Db.DeadLettersAsync(database));
                        output.WriteLine($"{district}: {expiries.Count} lots expired once each, by {sweeps.Count} runs of the job ({sweeps.Count(s => s.RanAt > killedAt)} after the kill; the last {sweeps.MaxBy(s => s.RanAt).Id})");
                    }

                    Assert.Empty(await Db.DeadLettersAsync(world.CityDatabase));
                    foreach (var district in Districts)
                    {
                        await new Ledger(world.DatabaseOf(district)).UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
                    }

                    output.WriteLine(string.Join('\n', moved.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} now on node {nodes.NumberOf(p.Value)}")));

                    // Each visitor's north record noted in the north once its credit reached home (for the north's KPIs), once.
                    var noted = await Poll.UntilAsync(TimeSpan.FromSeconds(60), "every visitor's north record told of its credit at home", async () =>
                        await new Ledger(world.NorthDatabase).EventsByRecordAsync("service_credited_at_home.v1") is var notes && servedByVisitors.All(notes.ContainsKey) ? notes : null);
                    Assert.Equal(servedByVisitors.Order(), noted.Keys.Order());
                    Assert.All(noted, n => Assert.True(n.Value == 1, $"record {n.Key} noted {n.Value} times in the north"));
                    Assert.Empty(await new Ledger(world.SouthDatabase).EventsByRecordAsync("service_credited_at_home.v1"));
                    foreach (var district in Districts)
                    {
                        await new Ledger(world.DatabaseOf(district)).UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
                    }

                    // The city's KPIs, read through a survivor, are the sum of the districts' own.
                    var cityAdmin = DistrictWorld.CityAdmin(tokens);
                    var survivor = clients[nodes.Nodes.FindIndex(n => n.NodeId != chosen.NodeId)];
                    var city = (await survivor.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { } })).Ok("areaKpis");
                    var districtKpis = new Dictionary<string, System.Text.Json.Nodes.JsonNode>();
                    foreach (var district in Districts)
                    {
                        districtKpis[district] = (await survivor.PostAsync(cityAdmin, AreaKpis.Query, new { area = new { district } })).Ok("areaKpis");
                    }

                    output.WriteLine(city.ToJsonString());
                    AreaKpis.AssertTheSum(city, [.. districtKpis.Values]);
                    // Every verified record counts once, in the district where it was served (ADR 0047): the visitors' north
                    // records in the north's KPIs (noted there from home), not in the south's, where they are credited.
                    foreach (var district in Districts)
                    {
                        Assert.Equal(recordedIn[district].Count, AreaKpis.Count(districtKpis[district], "verifiedRecords"));
                        Assert.Equal(15L * recordedIn[district].Count, AreaKpis.Count(districtKpis[district], "minutes"));
                    }

                    var verifiedRecords = recordedIn.Values.Sum(r => r.Count);
                    Assert.Equal(verifiedRecords, AreaKpis.Count(city, "verifiedRecords"));
                    Assert.Equal(15L * verifiedRecords, AreaKpis.Count(city, "minutes"));
                    output.WriteLine($"city KPIs: {verifiedRecords} verified records, {servedByVisitors.Count} of them served in the north by south volunteers");
                }
                finally
                {
                    clients.ForEach(c => c.Dispose());
                }

                await nodes.StopAsync();
            }
            catch (Exception)
            {
                output.WriteLine(nodes.OutputTails());
                throw;
            }
        }

        // Each district's projections equal a rebuild of that district's events.
        foreach (var district in Districts)
        {
            output.WriteLine($"{district}: {await new Ledger(world.DatabaseOf(district)).AssertProjectionsEqualARebuildAsync()} projected documents equal a rebuild");
        }
    }
}
