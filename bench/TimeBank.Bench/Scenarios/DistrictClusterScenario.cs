using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// The credit load (16 clients, submit + verify) in districts mode (docs/adr/0047-a-database-per-district.md) against
/// services of its own in Wolverine's Balanced mode (docs/adr/0046-several-nodes.md): the city database in the project's
/// cluster, the north and the south each in a local cluster of its own, a community in each; half the clients work in the
/// north, half in the south, and a third of the north's volunteers are homed in the south (their credits go home through
/// <c>district-credits</c>). First one node, then three with the clients spread over them; pgbench on the project's
/// cluster. Everything shares this machine's cores.
/// </summary>
public sealed class DistrictClusterScenario : IBenchScenario
{
    private const int Clients = 16;

    public string Name => "districts";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var world = await DistrictWorld.StartAsync();
        var first = world.Options(new Dictionary<string, string> { ["Cluster__Mode"] = "Balanced" }) with { AssemblyPath = run.ApiOptions.AssemblyPath };
        var nodes = new List<ApiProcess>();
        var clients = new List<GraphQLHttpClient>();
        try
        {
            nodes.Add(await ApiProcess.StartAsync(first, cancellation));
            clients.Add(new GraphQLHttpClient(first.BaseAddress, maxConnections: 64));
            var half = Math.Max(3, run.Settings.Volunteers / 2);
            var south = await GraphQLCity.SetUpAsync(clients[0], first.Tokens, half, cancellation, DistrictWorld.South);
            var north = await GraphQLCity.SetUpAsync(clients[0], first.Tokens, half * 2 / 3, cancellation, DistrictWorld.North, [.. south.Volunteers.Take(half / 3)]);
            var one = await CreditAsync(run, "credit, districts, Balanced, 1 node", clients, north, south, new CpuMeter(nodes[0].Pid, run.PostmasterPid), cancellation);

            foreach (var _ in Enumerable.Range(0, 2))
            {
                var options = first with { Port = ApiProcessOptions.FreeLoopbackPort() };
                nodes.Add(await ApiProcess.StartAsync(options, cancellation));
                clients.Add(new GraphQLHttpClient(options.BaseAddress, maxConnections: 64));
            }

            await BenchRun.WaitForProjectionsAsync(world.NorthDatabase, cancellation);
            await BenchRun.WaitForProjectionsAsync(world.SouthDatabase, cancellation);
            var three = await CreditAsync(run, "credit, districts, Balanced, 3 nodes", clients, north, south, new CpuMeter(nodes[0].Pid, run.PostmasterPid), cancellation);
            var pgbench = await run.PgbenchAsync(cancellation);
            const string note = "nodes, three PostgreSQL clusters and the driver share this machine's cores";
            return
            [
                Row("1 node", one, pgbench, ""),
                Row("3 nodes, the clients spread over them", three, pgbench, $"; {BenchRun.Times(three.Load.OpsPerSecond / one.Load.OpsPerSecond)} one node; {note}"),
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

    private static Figure Row(string nodes, (LoadResult Load, double CrossDistrict) result, PgbenchResult pgbench, string more) =>
        new($"credit, districts (north + south), Balanced, {nodes}, 16 clients: credits/s", BenchRun.Number(result.Load.OpsPerSecond),
            $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps (city's cluster)", BenchRun.Percent(result.Load.OpsPerSecond / pgbench.Tps), "",
            $"{result.Load.Failed} failed; p50 / p99 {BenchRun.Ms(result.Load.P50)} / {BenchRun.Ms(result.Load.P99)}; "
            + $"{BenchRun.Percent(result.CrossDistrict)} of the credits cross-district (credited home by queue){more}");

    /// <summary>Worker w sends through node w mod n, in the north or the south by turns; the share of credits that were a visitor's (warm-up included).</summary>
    private static async Task<(LoadResult Load, double CrossDistrict)> CreditAsync(
        BenchRun run, string name, IReadOnlyList<GraphQLHttpClient> clients, GraphQLCity north, GraphQLCity south, CpuMeter cpu, CancellationToken cancellation)
    {
        long crossDistrict = 0;
        long credited = 0;
        var homedHere = north.Volunteers.Count - south.Volunteers.Count(north.Volunteers.Contains);
        var load = await LoadDriver.RunAsync(name, Clients, run.Settings.Duration, cpu, async (worker, ct) =>
        {
            var client = clients[worker % clients.Count];
            var city = (worker / clients.Count) % 2 == 0 ? north : south;
            var volunteer = Random.Shared.Next(city.Volunteers.Count);
            if (!await ClusterScenario.CreditOnceAsync(client, city, volunteer, ct))
            {
                return false;
            }

            Interlocked.Increment(ref credited);
            if (city == north && volunteer >= homedHere)
            {
                Interlocked.Increment(ref crossDistrict);
            }

            return true;
        }, cancellation);
        return (load, (double)crossDistrict / Math.Max(1, credited));
    }
}
