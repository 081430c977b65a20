using System.Diagnostics;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Staff verify one activity of 1,000 records (of random volunteers: many streams, few events each) in one command.
/// Events/s is 1,000 verifications over the time of the mutation; compared with pgbench's single-row inserts/s.
/// </summary>
public sealed class VerifyBatchScenario : IBenchScenario
{
    private const int Records = 1_000;

    public string Name => "verify";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var rounds = run.Settings.Duration >= TimeSpan.FromSeconds(10) ? 3 : 1;
        var timings = new List<TimeSpan>();
        var cpu = default(CpuTimes);
        for (var round = 0; round < rounds; round++)
        {
            var ids = Enumerable.Range(0, Records).Select(_ => Guid.CreateVersion7()).ToArray();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (id, ct) =>
                (await run.Client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(Random.Shared.Next(city.Volunteers.Count), Guid.CreateVersion7(), id), ct))
                    .Ok("submitServiceRecord.record.recordId"));
            var before = run.Cpu.Read();
            var clock = Stopwatch.StartNew();
            var answer = await run.Client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), ids), cancellation);
            clock.Stop();
            cpu += run.Cpu.Read() - before;
            var verified = answer.Ok("verifyServiceRecords.recordIds").AsArray().Count;
            if (verified != Records)
            {
                throw new InvalidOperationException($"Verified {verified} records, not {Records}.");
            }

            timings.Add(clock.Elapsed);
            Console.WriteLine($"  verify {Records} records in one command: {BenchRun.Seconds(clock.Elapsed)} ({BenchRun.Number(Records / clock.Elapsed.TotalSeconds)} events/s)");
            var drain = await run.WaitForCreditsAsync(cancellation);
            Console.WriteLine($"    their {Records} credits applied {BenchRun.Seconds(drain)} later");
        }

        var median = timings.Order().ElementAt(timings.Count / 2);
        var eventsPerSecond = Records / median.TotalSeconds;
        var pgbench = await run.PgbenchAsync(cancellation);
        var verifications = (double)rounds * Records;

        // One command runs on one connection, so one PostgreSQL backend does its work: its CPU time bounds the command's.
        var bound = verifications / cpu.Postgres.TotalSeconds;
        return
        [
            new Figure($"verify one activity of {Records:#,0} records in one command: events/s (median of {rounds})", BenchRun.Number(eventsPerSecond),
                $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Times(eventsPerSecond / pgbench.Tps), "≥ 2×",
                $"the command took {BenchRun.Seconds(median)}"),
            new Figure("verify: CPU per record verified", cpu.PerOperation(verifications), "pgbench: " + pgbench.Cpu.PerOperation(pgbench.Transactions), "", "",
                $"PostgreSQL's part alone allows at most {BenchRun.Number(bound)} events/s ({BenchRun.Times(bound / pgbench.Tps)} pgbench): one command is one backend"),
        ];
    }
}
