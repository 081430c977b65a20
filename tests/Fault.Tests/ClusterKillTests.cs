using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// Three API nodes against one database in Wolverine's Balanced mode (docs/adr/0046-several-nodes.md): the node that runs
/// the most async projections is killed (-9) in the middle of a write load sent through all three.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    /// <summary>The city GraphQLCity sets up; its points expire as soon as they are earned, so that every sweep has work.</summary>
    private const string District = "市南区";

    private static readonly TimeSpan StaleNodeTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killed_under_load_one_of_three_nodes_loses_nothing_its_projections_move_and_the_expiry_job_runs_once_per_occurrence()
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var connectionString = await cluster.CreateDatabaseAsync($"timebank_cluster_{Guid.NewGuid():N}"[..40]);
        var ledger = new Ledger(connectionString);
        var settings = BalancedNodes.Settings(StaleNodeTimeout);
        // Every five seconds, on the scheduled-message path the hourly job takes.
        settings["PointsExpiry__Schedule"] = "*/5 * * * * *";
        settings[$"Policies__Districts__{District}__PointsExpiryMonths"] = "0";
        var first = new ApiProcessOptions(connectionString) { Environment = settings };

        await using (var nodes = await BalancedNodes.StartAsync(connectionString, first, count: 3))
        {
            try
            {
                var shards = BalancedNodes.AsyncShards();
                var placed = await nodes.UntilShardsPlacedAsync(shards, TimeSpan.FromSeconds(60), $"all {shards} async projection shards placed on a node",
                    _ => true);
                // One row per agent, naming one node: each shard runs on exactly one live node.
                Assert.All(placed, p => Assert.Contains(p.Value, nodes.Nodes.Select(n => n.NodeId)));
                output.WriteLine(string.Join('\n', placed.Select(p => $"{p.Key} on node {nodes.NumberOf(p.Value)}")));

                var clients = nodes.Nodes.Select(n => new GraphQLHttpClient(n.Api.Options.BaseAddress, timeout: TimeSpan.FromSeconds(10))).ToList();
                try
                {
                    var city = await GraphQLCity.SetUpAsync(clients[0], first.Tokens, volunteers: 20);
                    var loads = clients.Select(client => new WriteLoad(client, city, workers: 3)).ToList();
                    loads.ForEach(l => l.Start());
                    await Poll.UntilAsync(TimeSpan.FromSeconds(60), "60 verifications acknowledged through the three nodes", () =>
                        Task.FromResult(loads.Sum(l => l.Verified.Count) >= 60 ? (object)true : null));

                    // The node that runs the most projection shards dies (the one with the recurring agent when it is one of them).
                    var victim = await nodes.BusiestAsync(placed);
                    var ran = (await nodes.AgentsAsync()).Where(a => a.Node == victim.NodeId).Select(a => a.Agent).ToList();
                    var killedAt = DateTimeOffset.UtcNow;
                    await victim.Api.KillAsync();
                    output.WriteLine($"killed node {nodes.NumberOf(victim.NodeId)} (pid {victim.Api.Pid}), which ran {string.Join(", ", ran)}");
                    var survivors = nodes.Nodes.Where(n => n != victim).Select(n => n.NodeId).ToHashSet();
                    // The load goes on through the survivors for a while.
                    var verifiedAtKill = loads.Sum(l => l.Verified.Count);
                    await Poll.UntilAsync(TimeSpan.FromSeconds(60), "30 more verifications acknowledged through the survivors", () =>
                        Task.FromResult(loads.Sum(l => l.Verified.Count) >= verifiedAtKill + 30 ? (object)true : null));
                    foreach (var load in loads)
                    {
                        await load.StopAsync();
                    }

                    var moved = await nodes.UntilShardsPlacedAsync(shards, StaleNodeTimeout + TimeSpan.FromSeconds(60), "every projection shard placed on a surviving node",
                        survivors.Contains);
                    output.WriteLine($"shards on the survivors {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s after the kill");

                    var submitted = loads.SelectMany(l => l.Submitted).ToList();
                    var verified = loads.SelectMany(l => l.Verified).ToList();
                    var events = await ledger.EventCountsAsync();
                    Assert.All(submitted, id => Assert.True(events.ContainsKey((id, "service_record_submitted.v1")), $"acknowledged submission {id} is not in the events"));
                    Assert.All(verified, id => Assert.True(events.ContainsKey((id, "service_record_verified.v1")), $"acknowledged verification {id} is not in the events"));

                    // Every verified record is credited exactly once, on both streams.
                    await ledger.UntilCreditsDrainedAsync(TimeSpan.FromSeconds(60));
                    events = await ledger.EventCountsAsync();
                    var recorded = events.Where(e => e.Key.Type == "service_record_verified.v1").Select(e => e.Key.Stream).ToList();
                    var accountCredits = await ledger.AccountCreditsByRecordAsync();
                    Assert.All(recorded, id =>
                    {
                        Assert.Equal(1, events.GetValueOrDefault((id, "service_record_credited.v1")));
                        Assert.Equal(1, accountCredits.GetValueOrDefault(id));
                    });
                    output.WriteLine($"{recorded.Count} verified records ({verified.Count} acknowledged), each credited once");

                    // The expiry job goes on on a survivor: every lot, earned before or after the kill, expires, and once.
                    var expiries = await Poll.UntilAsync(TimeSpan.FromSeconds(60), "every credited lot expired by the recurring job", async () =>
                        await Db.ExpiriesByLotAsync(connectionString) is var byLot && recorded.All(byLot.ContainsKey) ? byLot : null);
                    Assert.All(expiries, e => Assert.True(e.Value == 1, $"lot {e.Key} expired {e.Value} times"));
                    var sweeps = await Db.SweepsAsync(connectionString);
                    Assert.Contains(sweeps, s => s.RanAt > killedAt.AddSeconds(1));
                    // An occurrence is recorded in its own run's transaction, under its deduplication id (the key): a second
                    // run of it could not commit and would end here.
                    Assert.Empty(await Db.DeadLettersAsync(connectionString));
                    output.WriteLine($"{expiries.Count} lots expired once each, by {sweeps.Count} runs of the job ({sweeps.Count(s => s.RanAt > killedAt)} after the kill)");

                    await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
                    output.WriteLine(string.Join('\n', moved.Select(p => $"{p.Key} now on node {nodes.NumberOf(p.Value)}")));
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

        output.WriteLine($"{await ledger.AssertProjectionsEqualARebuildAsync()} projected documents equal a rebuild");
    }
}
