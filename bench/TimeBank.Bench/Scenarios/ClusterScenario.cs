using TimeBank.LocalDatabase;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// The credit load (16 clients, submit + verify) against services of its own in Wolverine's Balanced mode on a fresh
/// database of the same cluster (docs/adr/0046-several-nodes.md): first one node, then three nodes with the clients spread
/// over them, beside pgbench on the same cluster. All the nodes share this machine's cores with PostgreSQL and the driver,
/// so the figure says what a node costs and whether three nodes contend in the database, not how far more machines scale.
/// </summary>
public sealed class ClusterScenario : IBenchScenario
{
    private const int Clients = 16;
    private const string Database = "timebank_bench_cluster";

    public string Name => "cluster";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var connectionString = await new LocalPostgres(new LocalPostgresOptions(root)).CreateDatabaseAsync(Database, cancellation);
        var first = new ApiProcessOptions(connectionString)
        {
            AssemblyPath = run.ApiOptions.AssemblyPath,
            Environment = new Dictionary<string, string> { ["Cluster__Mode"] = "Balanced" },
        };
        var nodes = new List<ApiProcess>();
        var clients = new List<GraphQLHttpClient>();
        try
        {
            nodes.Add(await ApiProcess.StartAsync(first, cancellation));
            clients.Add(new GraphQLHttpClient(first.BaseAddress, maxConnections: 64));
            var city = await GraphQLCity.SetUpAsync(clients[0], first.Tokens, run.Settings.Volunteers, cancellation);
            var one = await CreditAsync(run, "credit, Balanced, 1 node", clients, city, new CpuMeter(nodes[0].Pid, run.PostmasterPid), cancellation);

            foreach (var _ in Enumerable.Range(0, 2))
            {
                var options = first with { Port = ApiProcessOptions.FreeLoopbackPort() };
                nodes.Add(await ApiProcess.StartAsync(options, cancellation));
                clients.Add(new GraphQLHttpClient(options.BaseAddress, maxConnections: 64));
            }

            await BenchRun.WaitForProjectionsAsync(connectionString, cancellation);
            var three = await CreditAsync(run, "credit, Balanced, 3 nodes", clients, city, new CpuMeter(nodes[0].Pid, run.PostmasterPid), cancellation);
            var pgbench = await run.PgbenchAsync(cancellation);
            const string note = "nodes, PostgreSQL and the driver share this machine's cores; the API's CPU is not counted here";
            return
            [
                new Figure("credit, Balanced, 1 node, 16 clients: ops/s", BenchRun.Number(one.OpsPerSecond),
                    $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Percent(one.OpsPerSecond / pgbench.Tps), "", $"{one.Failed} failed; p50 / p99 {BenchRun.Ms(one.P50)} / {BenchRun.Ms(one.P99)}"),
                new Figure("credit, Balanced, 3 nodes, 16 clients spread over them: ops/s", BenchRun.Number(three.OpsPerSecond),
                    $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Percent(three.OpsPerSecond / pgbench.Tps), "",
                    $"{three.Failed} failed; p50 / p99 {BenchRun.Ms(three.P50)} / {BenchRun.Ms(three.P99)}; {BenchRun.Times(three.OpsPerSecond / one.OpsPerSecond)} one node; {note}"),
            ];
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<LoadResult> CreditAsync(
        BenchRun run, string name, IReadOnlyList<GraphQLHttpClient> clients, GraphQLCity city, CpuMeter cpu, CancellationToken cancellation) =>
        await LoadDriver.RunAsync(name, Clients, run.Settings.Duration, cpu, async (worker, ct) =>
            await CreditOnceAsync(clients[worker % clients.Count], city, Random.Shared.Next(city.Volunteers.Count), ct), cancellation);

    /// <summary>One credit as the load sends it: a record of the volunteer submitted, then verified by the community's staff.</summary>
    public static async Task<bool> CreditOnceAsync(GraphQLHttpClient client, GraphQLCity city, int volunteer, CancellationToken cancellation)
    {
        var recordId = Guid.CreateVersion7();
        var submitted = await client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(volunteer, Guid.CreateVersion7(), recordId), cancellation);
        if (!submitted.IsSuccess)
        {
            return false;
        }

        var verified = await client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), [recordId]), cancellation);
        return verified.IsSuccess;
    }
}
