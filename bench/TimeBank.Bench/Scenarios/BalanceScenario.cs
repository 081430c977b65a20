using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>64 connections, each asking a random volunteer's balance with that volunteer's own token.</summary>
public sealed class BalanceScenario : IBenchScenario
{
    private const int Connections = 64;

    public string Name => "balance";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var load = await LoadDriver.RunAsync("balance query", Connections, run.Settings.Duration, run.Cpu, async (_, ct) =>
        {
            var volunteer = Random.Shared.Next(city.Volunteers.Count);
            var answer = await run.Client.PostAsync(city.VolunteerTokens[volunteer], GraphQLCity.BalanceQuery, new { id = city.Volunteers[volunteer] }, ct);
            return answer.IsSuccess;
        }, cancellation);
        var ping = await run.PingAsync(Connections, cancellation);
        var requests = load.Succeeded + load.Failed;
        var budget = TimeSpan.FromSeconds(Environment.ProcessorCount / (0.25 * ping.OpsPerSecond));
        var databaseAndDriver = (load.Cpu.Postgres + load.Cpu.Driver) / requests;
        return
        [
            new Figure("balance query through GraphQL, 64 connections: req/s", BenchRun.Number(load.OpsPerSecond),
                $"GET /ping {BenchRun.Number(ping.OpsPerSecond)} req/s", BenchRun.Percent(load.OpsPerSecond / ping.OpsPerSecond), "≥ 25%",
                $"{load.Failed} failed"),
            new Figure("balance: p50 / p99", $"{BenchRun.Ms(load.P50)} / {BenchRun.Ms(load.P99)}",
                $"/ping {BenchRun.Ms(ping.P50)} / {BenchRun.Ms(ping.P99)}", "", "p99 < 10 ms"),
            new Figure("balance: CPU per request", load.Cpu.PerOperation(requests), "/ping: " + ping.Cpu.PerOperation(ping.Succeeded + ping.Failed), "", "",
                $"at 25% of /ping the {Environment.ProcessorCount} cores have {CpuTimes.Micros(budget)} of CPU a request for all three; PostgreSQL and the driver take {CpuTimes.Micros(databaseAndDriver)} now"),
        ];
    }
}
