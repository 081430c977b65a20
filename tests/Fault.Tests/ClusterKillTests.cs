using System.Globalization;
using JasperFx.Events.Projections;
using Npgsql;
using TimeBank.Api.Infrastructure;
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
    private const string ProjectionAgents = "event-subscriptions://%";

    /// <summary>Wolverine's recurring-message agent, one per cluster: it keeps the next occurrence of each schedule scheduled.</summary>
    private const string RecurringAgent = "wolverine-recurring:";

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
        var first = new ApiProcessOptions(connectionString)
        {
            Environment = new Dictionary<string, string>
            {
                ["Cluster__Mode"] = "Balanced",
                ["Cluster__HealthCheckPollingTime"] = "00:00:01",
                ["Cluster__StaleNodeTimeout"] = StaleNodeTimeout.ToString("c", CultureInfo.InvariantCulture),
                ["Cluster__CheckAssignmentPeriod"] = "00:00:01",
                // Every five seconds, on the scheduled-message path the hourly job takes.
                ["PointsExpiry__Schedule"] = "*/5 * * * * *",
                [$"Policies__Districts__{District}__PointsExpiryMonths"] = "0",
            },
        };

        // One after another, so that each process is known by the node row it adds.
        var nodes = new List<(ApiProcess Api, Guid NodeId)>();
        try
        {
            foreach (var options in new[] { first, first with { Port = ApiProcessOptions.FreeLoopbackPort() }, first with { Port = ApiProcessOptions.FreeLoopbackPort() } })
            {
                var api = await ApiProcess.StartAsync(options);
                var known = nodes.Select(n => n.NodeId).ToHashSet();
                nodes.Add((api, Guid.Empty));
                var added = await UntilAsync(TimeSpan.FromSeconds(30), $"node {nodes.Count} (pid {api.Pid}) registered in wolverine_nodes", async () =>
                    (await NodesAsync(connectionString)).Except(known).ToList() is [_] added ? added : null);
                nodes[^1] = (api, added[0]);
            }

            var shards = AsyncShards();
            var placed = await UntilAsync(TimeSpan.FromSeconds(60), $"all {shards} async projection shards placed on a node", async () =>
                await ProjectionPlacementAsync(connectionString) is { Count: var count } placement && count == shards ? placement : null);
            // One row per agent, naming one node: each shard runs on exactly one live node.
            Assert.All(placed, p => Assert.Contains(p.Value, nodes.Select(n => n.NodeId)));
            output.WriteLine(string.Join('\n', placed.Select(p => $"{p.Key} on node {nodes.FindIndex(n => n.NodeId == p.Value) + 1}")));

            var clients = nodes.Select(n => new GraphQLHttpClient(n.Api.Options.BaseAddress, timeout: TimeSpan.FromSeconds(10))).ToList();
            try
            {
                var city = await GraphQLCity.SetUpAsync(clients[0], first.Tokens, volunteers: 20);
                var loads = clients.Select(client => new WriteLoad(client, city, workers: 3)).ToList();
                loads.ForEach(l => l.Start());
                await UntilAsync(TimeSpan.FromSeconds(60), "60 verifications acknowledged through the three nodes", () =>
                    Task.FromResult(loads.Sum(l => l.Verified.Count) >= 60 ? (object)true : null));

                // The node that runs the most projection shards dies; of those, the one that runs the recurring-message agent
                // (the points-expiry job's occurrences) if it is one of them.
                var agents = await AgentsAsync(connectionString);
                var victim = nodes.MaxBy(n => (placed.Count(p => p.Value == n.NodeId) * 2) + (agents.Any(a => a.Node == n.NodeId && a.Agent.StartsWith(RecurringAgent, StringComparison.Ordinal)) ? 1 : 0));
                var killedAt = DateTimeOffset.UtcNow;
                await victim.Api.KillAsync();
                output.WriteLine($"killed node {nodes.IndexOf(victim) + 1} (pid {victim.Api.Pid}), which ran {string.Join(", ", agents.Where(a => a.Node == victim.NodeId).Select(a => a.Agent))}");
                var survivors = nodes.Where(n => n != victim).ToList();
                // The load goes on through the survivors for a while.
                var verifiedAtKill = loads.Sum(l => l.Verified.Count);
                await UntilAsync(TimeSpan.FromSeconds(60), "30 more verifications acknowledged through the survivors", () =>
                    Task.FromResult(loads.Sum(l => l.Verified.Count) >= verifiedAtKill + 30 ? (object)true : null));
                foreach (var load in loads)
                {
                    await load.StopAsync();
                }

                var moved = await UntilAsync(StaleNodeTimeout + TimeSpan.FromSeconds(60), "every projection shard placed on a surviving node", async () =>
                    await ProjectionPlacementAsync(connectionString) is { Count: var count } placement && count == shards
                        && placement.Values.All(id => survivors.Any(s => s.NodeId == id)) ? placement : null);
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
                var expiries = await UntilAsync(TimeSpan.FromSeconds(60), "every credited lot expired by the recurring job", async () =>
                    await ExpiriesByLotAsync(connectionString) is var byLot && recorded.All(byLot.ContainsKey) ? byLot : null);
                Assert.All(expiries, e => Assert.True(e.Value == 1, $"lot {e.Key} expired {e.Value} times"));
                var sweeps = await SweepsAsync(connectionString);
                Assert.Contains(sweeps, s => s.RanAt > killedAt.AddSeconds(1));
                // An occurrence is recorded in its own run's transaction, under its deduplication id (the key): a second
                // run of it could not commit and would end here.
                Assert.Empty(await DeadLettersAsync(connectionString));
                output.WriteLine($"{expiries.Count} lots expired once each, by {sweeps.Count} runs of the job ({sweeps.Count(s => s.RanAt > killedAt)} after the kill)");

                await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
                output.WriteLine(string.Join('\n', moved.Select(p => $"{p.Key} now on node {nodes.FindIndex(n => n.NodeId == p.Value) + 1}")));
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }

            foreach (var (api, _) in nodes)
            {
                await api.StopAsync();
            }
        }
        catch (Exception) when (nodes.Count > 0)
        {
            foreach (var (api, _) in nodes)
            {
                output.WriteLine($"--- pid {api.Pid}:\n{api.OutputTail}");
            }

            throw;
        }
        finally
        {
            foreach (var (api, _) in nodes)
            {
                await api.DisposeAsync();
            }
        }

        var live = await ledger.ProjectedDocumentsAsync();
        await ledger.RebuildAllAsync();
        var rebuilt = await ledger.ProjectedDocumentsAsync();
        Assert.Equal(rebuilt.Keys, live.Keys);
        Assert.All(live, document => Assert.Equal(rebuilt[document.Key], document.Value));
        output.WriteLine($"{live.Count} projected documents equal a rebuild");
    }

    private static int AsyncShards()
    {
        using var store = ProjectionRebuild.Store("Host=127.0.0.1");
        return store.Options.Projections.All.Count(p => p.Lifecycle == ProjectionLifecycle.Async);
    }

    /// <summary>Polls until <paramref name="attempt"/> has an answer; fails with <paramref name="what"/> after <paramref name="within"/>.</summary>
    private static async Task<T> UntilAsync<T>(TimeSpan within, string what, Func<Task<T?>> attempt)
        where T : class
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await attempt() is { } done)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not within {within.TotalSeconds:0} s: {what}.");
            await Task.Delay(200);
        }
    }

    private static async Task<List<Guid>> NodesAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT id FROM timebank.wolverine_nodes", r => r.GetGuid(0));

    /// <summary>Each async projection shard's agent and the node it is assigned to (wolverine_node_assignments).</summary>
    private static async Task<Dictionary<string, Guid>> ProjectionPlacementAsync(string connectionString) =>
        (await QueryAsync(connectionString, $"SELECT id, node_id FROM timebank.wolverine_node_assignments WHERE id LIKE '{ProjectionAgents}'",
            r => (Agent: r.GetString(0), Node: r.GetGuid(1)))).ToDictionary(a => a.Agent, a => a.Node);

    private static async Task<List<(string Agent, Guid Node)>> AgentsAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT id, node_id FROM timebank.wolverine_node_assignments", r => (r.GetString(0), r.GetGuid(1)));

    private static async Task<Dictionary<Guid, long>> ExpiriesByLotAsync(string connectionString) =>
        (await QueryAsync(connectionString, "SELECT (data->>'LotId')::uuid, count(*) FROM timebank.mt_events WHERE type = 'points_expired.v1' GROUP BY 1",
            r => (Lot: r.GetGuid(0), Count: r.GetInt64(1)))).ToDictionary(e => e.Lot, e => e.Count);

    private static async Task<List<(string Id, DateTimeOffset RanAt)>> SweepsAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT id, (data->>'RanAt')::timestamptz FROM timebank.mt_doc_pointsexpirysweep",
            r => (r.GetString(0), new DateTimeOffset(r.GetDateTime(1), TimeSpan.Zero)));

    private static async Task<List<string>> DeadLettersAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT message_type || ': ' || coalesce(exception_message, '') FROM timebank.wolverine_dead_letters", r => r.GetString(0));

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
