using System.Diagnostics;
using Npgsql;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Staff verify one activity of 1,000 records (of random volunteers: many streams, few events each) in one command.
/// Events/s is 1,000 verifications over the time of the mutation, which credits them too (ADR 0027); compared with
/// pgbench's single-row inserts/s. The same rounds are timed on until every volunteer's balance is checked to show its
/// credit: records/s verified and credited.
/// </summary>
public sealed class VerifyBatchScenario : IBenchScenario
{
    private const int Records = 1_000;

    /// <summary>Verify commands per round: batches of the most records one command may verify.</summary>
    private static readonly int Batches = (Records + VerificationBatch.MaxRecords - 1) / VerificationBatch.MaxRecords;

    public string Name => "verify";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var rounds = run.Settings.Duration >= TimeSpan.FromSeconds(10) ? 3 : 1;
        var timings = new List<TimeSpan>();
        var credited = new List<TimeSpan>();
        var statements = default(StatementCounts);
        var cpu = default(CpuTimes);
        var ids = Array.Empty<Guid>();
        for (var round = 0; round < rounds; round++)
        {
            ids = [.. Enumerable.Range(0, Records).Select(_ => Guid.CreateVersion7())];
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation }, async (id, ct) =>
                (await run.Client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(Random.Shared.Next(city.Volunteers.Count), Guid.CreateVersion7(), id), ct))
                    .Ok("submitServiceRecord.record.recordId"));
            // The last round's statements and commits, from the first verify command until the last credit; the async
            // projections first catch up with the submissions, so that their work on those is not counted.
            var counter = round == rounds - 1 ? run.Statements : null;
            if (counter is not null)
            {
                await run.WaitForProjectionsAsync(cancellation);
                await counter.StartAsync(cancellation);
            }

            var before = run.Cpu.Read();
            var clock = Stopwatch.StartNew();
            var verified = 0;
            foreach (var batch in ids.Chunk(VerificationBatch.MaxRecords))
            {
                var answer = await run.Client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), batch), cancellation);
                verified += answer.Ok("verifyServiceRecords.recordIds").AsArray().Count;
            }

            var commanded = clock.Elapsed;
            cpu += run.Cpu.Read() - before;
            if (verified != Records)
            {
                throw new InvalidOperationException($"Verified {verified} records, not {Records}.");
            }

            timings.Add(commanded);
            Console.WriteLine($"  verify {Records} records in {Describe(Batches)}: {BenchRun.Seconds(commanded)} ({BenchRun.Number(Records / commanded.TotalSeconds)} events/s)");

            // Every volunteer's balance shows its credit once the credit's event is stored: the account document is an
            // inline projection, written in the verify command's own transaction (ADR 0027). Checked, not waited for.
            await run.EnsureCreditedAsync(cancellation);
            credited.Add(clock.Elapsed);
            Console.WriteLine($"    their {Records} credits checked {BenchRun.Seconds(clock.Elapsed - commanded)} later: {BenchRun.Seconds(clock.Elapsed)} from the first verify to the check ({BenchRun.Number(Records / clock.Elapsed.TotalSeconds)} records/s)");
            if (counter is not null)
            {
                statements = await counter.ReadAsync(cancellation);
                Console.WriteLine($"    {statements.Credited} records credited: {statements.Per(statements.Credited)} per credited record; the statements run most besides connection resets, calls per credited record:");
                foreach (var line in statements.TopLines(statements.Credited))
                {
                    Console.WriteLine("      " + line);
                }
            }
        }

        var median = timings.Order().ElementAt(timings.Count / 2);
        var medianCredited = credited.Order().ElementAt(credited.Count / 2);
        var creditedPerSecond = Records / medianCredited.TotalSeconds;
        var eventsPerSecond = Records / median.TotalSeconds;
        var floors = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            floors.Add(await SetBasedWritesAsync(run.ConnectionString, ids, cancellation));
        }

        var floor = floors.Order().ElementAt(2);
        var best = floors.Min();
        Console.WriteLine($"  the same writes as three set-based statements, rolled back: {string.Join(" / ", floors.Select(f => BenchRun.Ms(f.TotalMilliseconds)))}");
        var pgbench = await run.PgbenchAsync(cancellation);
        var verifications = (double)rounds * Records;

        // One command runs on one connection, so one PostgreSQL backend does its work: its CPU time bounds the command's.
        var bound = verifications / cpu.Postgres.TotalSeconds;
        return
        [
            new Figure($"verify one activity of {Records:#,0} records in {Describe(Batches)}: events/s (median of {rounds})", BenchRun.Number(eventsPerSecond),
                $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Times(eventsPerSecond / pgbench.Tps), "≥ 2×",
                $"the command took {BenchRun.Seconds(median)}"),
            new Figure($"verify and credit {Records:#,0} records (batches of {VerificationBatch.MaxRecords:#,0}, the most allowed), until every volunteer's balance shows its credit: records/s (median of {rounds})",
                BenchRun.Number(creditedPerSecond), $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Times(creditedPerSecond / pgbench.Tps), "",
                $"{BenchRun.Seconds(medianCredited)} from the first verify command to the last credit stored (the balance is an inline projection of the credit, written in the verify's transaction); last round per record: {statements?.Per(statements.Credited) ?? "statements not counted"}"),
            new Figure("verify: CPU per record verified", cpu.PerOperation(verifications), "pgbench: " + pgbench.Cpu.PerOperation(pgbench.Transactions), "", "",
                $"PostgreSQL's CPU in the command alone allows at most {BenchRun.Number(bound)} events/s ({BenchRun.Times(bound / pgbench.Tps)} pgbench): a command's statements run on one connection, one after another"),
            new Figure($"verify: the floor of the schema, the command's writes for {Records:#,0} records as three set-based statements: events/s",
                BenchRun.Number(Records / floor.TotalSeconds), $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps", BenchRun.Times(Records / floor.TotalSeconds / pgbench.Tps), "",
                $"median of 5, {BenchRun.Ms(floor.TotalMilliseconds)} (best {BenchRun.Ms(best.TotalMilliseconds)}, {BenchRun.Times(Records / best.TotalSeconds / pgbench.Tps)}): stream versions, events, record documents; without reading, deciding, the command's own record or the credits on the accounts, and rolled back (no commit)"),
        ];
    }

    private static string Describe(int batches) => batches == 1 ? "one command" : $"{batches} commands";

    /// <summary>
    /// What the verify command has to write, with nothing else: the records' stream versions, one event each (a copy of the
    /// one the command appended) and the records' documents, as one UPDATE and two INSERTs over the whole set, in one
    /// transaction that is rolled back. PostgreSQL's own cost for these rows, indexes and constraints: no design on this
    /// schema writes them faster.
    /// </summary>
    private static async Task<TimeSpan> SetBasedWritesAsync(string connectionString, Guid[] ids, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    UPDATE timebank.mt_streams s SET version = s.version + 1, timestamp = now() WHERE s.id = ANY($1)
                    """),
                new NpgsqlBatchCommand("""
                    INSERT INTO timebank.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, is_archived)
                    SELECT (SELECT max(seq_id) FROM timebank.mt_events) + row_number() OVER (), gen_random_uuid(), e.stream_id, s.version, e.data, e.type, now(),
                           e.tenant_id, e.mt_dotnet_type, e.correlation_id, e.causation_id, false
                    FROM timebank.mt_events e JOIN timebank.mt_streams s ON s.id = e.stream_id
                    WHERE e.stream_id = ANY($1) AND e.type = 'service_record_verified.v1'
                    """),
                new NpgsqlBatchCommand("""
                    INSERT INTO timebank.mt_doc_servicerecord (id, data, mt_last_modified, mt_dotnet_type, mt_version)
                    SELECT id, data, now(), mt_dotnet_type, mt_version + 1 FROM timebank.mt_doc_servicerecord WHERE id = ANY($1)
                    ON CONFLICT (id) DO UPDATE SET data = excluded.data, mt_last_modified = excluded.mt_last_modified, mt_version = excluded.mt_version
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
        }

        var clock = Stopwatch.StartNew();
        await batch.ExecuteNonQueryAsync(cancellation);
        clock.Stop();
        await transaction.RollbackAsync(cancellation);
        return clock.Elapsed;
    }
}
