using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// 16 clients, each crediting one record after another for a random volunteer: submit it, then verify it, through the
/// GraphQL mutations. One operation is both mutations, measured until the verification is acknowledged; the verification
/// credits the account in its own transaction (docs/adr/0027-credit-in-the-verify-transaction.md).
/// The statements and commits of the benchmark database are counted over the recorded part, per credited record.
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
        }, run.Statements is { } counter ? counter.StartAsync : null, cancellation);
        await run.EnsureCreditedAsync(cancellation);
        var statements = run.Statements is { } statementCounter ? await statementCounter.ReadAsync(cancellation) : null;
        if (statements is not null)
        {
            Console.WriteLine($"    {statements.Credited} records credited in the recorded part: {statements.Per(statements.Credited)} per credited record; the statements run most besides connection resets, calls per credited record:");
            foreach (var line in statements.TopLines(statements.Credited))
            {
                Console.WriteLine("      " + line);
            }
        }

        var pgbench = await run.PgbenchAsync(cancellation);
        return
        [
            new Figure("credit a verified record (submit + verify mutations), 16 clients: ops/s", BenchRun.Number(load.OpsPerSecond),
                $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Percent(load.OpsPerSecond / pgbench.Tps), "≥ 20%",
                $"{load.Failed} failed"),
            new Figure("credit: p50 / p99", $"{BenchRun.Ms(load.P50)} / {BenchRun.Ms(load.P99)}", $"pgbench avg {BenchRun.Ms(pgbench.AverageLatencyMs)}", "", "p99 < 20 ms"),
            CpuFigure(load, pgbench),
            StatementsFigure(statements, pgbench),
        ];
    }

    /// <summary>
    /// The statements and commits of the benchmark database per credited record over the recorded part, beside the same
    /// count around pgbench (per transaction).
    /// </summary>
    private static Figure StatementsFigure(StatementCounts? statements, PgbenchResult pgbench) => statements is null
        ? new Figure("credit: statements and commits per credited record", "not measured", "", "", "", "the cluster did not load pg_stat_statements")
        : new Figure("credit: statements and commits per credited record", statements.Per(statements.Credited),
            "pgbench: " + (pgbench.Statements?.Per(pgbench.Transactions) ?? "–") + " per transaction", "", "",
            $"{BenchRun.Number(statements.Credited)} records credited; pg_stat_statements and pg_stat_database of the benchmark database only, BEGIN and COMMIT counted as statements; a connection reset is Npgsql's 7 statements in one message ahead of the next command; a statement outside a transaction is a commit too; the async projections' and Wolverine's work included; round trips not measured (docs/benchmarks.md)");

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
