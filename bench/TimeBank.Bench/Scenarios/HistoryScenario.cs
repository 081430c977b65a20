using System.Diagnostics;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Whether a submission costs more once the volunteer has a long history: the overlap check reads the volunteer's records
/// (ADR 0026). <see cref="Workers"/> volunteers get <see cref="LongHistory"/> records each and the others one record each,
/// all through the submit mutation, and the async projections catch up with them. Then the same submit load runs twice:
/// each worker submitting for random volunteers with one record, then each for its own volunteer with the long history
/// (one worker per volunteer: submissions for one volunteer wait for each other on the account's lock, which would
/// measure that lock, not the history). The long-history row is compared with the one-record row of the same run: the
/// goal is within 20% of it.
/// </summary>
public sealed class HistoryScenario : IBenchScenario
{
    private const int Workers = 8;

    private const int LongHistory = 1_000;

    public string Name => "history";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var light = Enumerable.Range(Workers, city.Volunteers.Count - Workers).ToArray();
        Console.Write($"  seeding: {Workers} volunteers with {LongHistory:#,0} records each, {light.Length} with one ");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Workers), new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellation },
            async (volunteer, ct) =>
            {
                for (var i = 0; i < LongHistory; i++)
                {
                    (await SubmitAsync(run, volunteer, ct)).Ok("submitServiceRecord.record.recordId");
                }
            });
        await Parallel.ForEachAsync(light, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellation },
            async (volunteer, ct) => (await SubmitAsync(run, volunteer, ct)).Ok("submitServiceRecord.record.recordId"));
        Console.WriteLine($"→ {BenchRun.Seconds(clock.Elapsed)}; async projections caught up {BenchRun.Seconds(await run.WaitForProjectionsAsync(cancellation))} later");

        var few = await LoadDriver.RunAsync("submit, volunteers with 1 record", Workers, run.Settings.Duration, run.Cpu,
            async (_, ct) => (await SubmitAsync(run, light[Random.Shared.Next(light.Length)], ct)).IsSuccess, cancellation);
        var many = await LoadDriver.RunAsync($"submit, volunteers with {LongHistory:#,0} records", Workers, run.Settings.Duration, run.Cpu,
            async (worker, ct) => (await SubmitAsync(run, worker, ct)).IsSuccess, cancellation);
        var pgbench = await run.PgbenchAsync(cancellation);
        var ratio = many.OpsPerSecond / few.OpsPerSecond;
        return
        [
            new Figure($"submit a record for a volunteer with 1 record, {Workers} clients: ops/s", BenchRun.Number(few.OpsPerSecond),
                $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Percent(few.OpsPerSecond / pgbench.Tps), "",
                $"{few.Failed} failed; p50 {BenchRun.Ms(few.P50)}, p99 {BenchRun.Ms(few.P99)}; {few.CpuPerOperation}"),
            new Figure($"submit a record for a volunteer with {LongHistory:#,0} records, {Workers} clients: ops/s", BenchRun.Number(many.OpsPerSecond),
                $"1 record: {BenchRun.Number(few.OpsPerSecond)} ops/s", BenchRun.Times(ratio), "within 20% (≥ 0.80×)",
                $"{many.Failed} failed; p50 {BenchRun.Ms(many.P50)}, p99 {BenchRun.Ms(many.P99)}; {many.CpuPerOperation}"),
        ];
    }

    private static Task<GraphQLResponse> SubmitAsync(BenchRun run, int volunteer, CancellationToken cancellation) =>
        run.Client.PostAsync(run.City.Staff, GraphQLCity.SubmitMutation, run.City.Submission(volunteer, Guid.CreateVersion7(), Guid.CreateVersion7()), cancellation);
}
