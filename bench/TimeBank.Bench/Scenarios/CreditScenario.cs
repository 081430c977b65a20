using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// 16 clients, each crediting one record after another for a random volunteer: submit it, then verify it, through the
/// GraphQL mutations. One operation is both mutations, measured until the verification is acknowledged; the verification
/// credits the account in its own transaction (docs/adr/0027-credit-in-the-verify-transaction.md).
/// </summary>
public sealed class CreditScenario : IBenchScenario
{
    private const int Clients = 16;

    public string Name => "credit";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var load = await LoadDriver.RunAsync("credit (submit + verify)", Clients, run.Settings.Duration, run.Cpu, async (_, ct) =>
        {
            var volunteer = Random.Shared.Next(city.Volunteers.Count);
            var recordId = Guid.CreateVersion7();
            var submitted = await run.Client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(volunteer, Guid.CreateVersion7(), recordId), ct);
            if (!submitted.IsSuccess)
            {
                return false;
            }

            var verified = await run.Client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), [recordId]), ct);
            return verified.IsSuccess;
        }, cancellation);
        await run.EnsureCreditedAsync(cancellation);
        var pgbench = await run.PgbenchAsync(cancellation);
        return
        [
            new Figure("credit a verified record (submit + verify mutations), 16 clients: ops/s", BenchRun.Number(load.OpsPerSecond),
                $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Percent(load.OpsPerSecond / pgbench.Tps), "≥ 20%",
                $"{load.Failed} failed"),
            new Figure("credit: p50 / p99", $"{BenchRun.Ms(load.P50)} / {BenchRun.Ms(load.P99)}", $"pgbench avg {BenchRun.Ms(pgbench.AverageLatencyMs)}", "", "p99 < 20 ms"),
            CpuFigure(load, pgbench),
        ];
    }

    /// <summary>
    /// What one operation cost each party, beside what one pgbench transaction cost PostgreSQL and pgbench; and how many
    /// operations a second PostgreSQL's part alone would allow on this machine's cores, if the API and the driver were free.
    /// </summary>
    private static Figure CpuFigure(LoadResult load, PgbenchResult pgbench)
    {
        var operations = load.Succeeded + load.Failed;
        var bound = load.Cpu.PostgresBound(operations);
        return new Figure("credit: CPU per operation", load.Cpu.PerOperation(operations), "pgbench: " + pgbench.Cpu.PerOperation(pgbench.Transactions), "", "",
            $"PostgreSQL's part alone allows at most {BenchRun.Number(bound)} ops/s on {Environment.ProcessorCount} cores ({BenchRun.Percent(bound / pgbench.Tps)} of pgbench)");
    }
}
