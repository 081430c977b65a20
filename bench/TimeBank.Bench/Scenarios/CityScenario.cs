using System.Diagnostics;
using System.Globalization;
using JasperFx.Events;
using Marten;
using Npgsql;
using TimeBank.Api.Auth;
using TimeBank.Api.Infrastructure;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Fast at city scale (issue 18). The service stops; a city of <c>--city-volunteers</c> (1,000,000) volunteers in
/// <c>--city-communities</c> (2,000) communities, ~10 events a volunteer over the last 18 months
/// (<see cref="LedgerHistoryGenerator.GenerateCity"/>), is copied into its database in bulk (<see cref="CityImport"/>),
/// and every read model is rebuilt in parts as <c>rebuild-read-models</c> does (the boards and KPIs included), then in one
/// part as the same run's baseline (ADR 0049; <c>--city-no-one-part</c> skips it); every volunteer's personal data is sealed and copied in
/// too (<see cref="CityProfiles"/>: the boards show masked names read through the vault). The
/// service starts again; with 64 clients, beside the balance read of the same run (random volunteers of the city, their
/// own tokens): the first page of the city's board, a random community's board, and "my rank" at city level (req/s:
/// goal ≥ 50% of the balance read; p99 &lt; 20 ms); the city's KPIs for last month and a random community's KPIs as of
/// six months ago (p99 &lt; 50 ms). Last, the catch-up: the service stops, <c>--city-burst</c> (100,000) records are
/// verified and credited through the store (batches of 5,000 events, inline projections applied, as the service's
/// commands write them: the commands' own cost is not what this measures), the service starts, and the time until the
/// BoardProjection and KpiProjection progressions reach the store's high-water mark gives events/s.
/// </summary>
public sealed class CityScenario : IBenchScenario
{
    private const int Connections = 64;

    /// <summary>Volunteers of the city given a token for the loads (the others exist only in the store).</summary>
    private const int TokenSample = 2_000;

    private const int BurstBatchEvents = 5_000;

    /// <summary>The projections the catch-up waits for (their progression rows are named after them).</summary>
    public static readonly string[] CatchUpProjections = ["BoardProjection", "KpiProjection"];

    public const string LeaderboardQuery = """
        query($area: AreaInput!) { leaderboard(area: $area, period: "all", measure: HOURS, first: 20) { edges { cursor node { rank volunteerNumber maskedName minutes points } } pageInfo { hasNextPage endCursor } } }
        """;

    public const string MyStandingQuery = """
        { myStanding(level: CITY, period: "all", measure: HOURS) { level rank onPublicBoards minutes points entries { rank volunteerNumber maskedName minutes points you } } }
        """;

    /// <summary>My rank with no entries around it: one score, so the fewest histogram sums (and names) "my rank" can take.</summary>
    public const string MyRankAloneQuery = """
        { myStanding(level: CITY, period: "all", measure: HOURS, around: 0) { level rank onPublicBoards minutes points entries { rank volunteerNumber maskedName minutes points you } } }
        """;

    public const string AreaKpisQuery = """
        query($area: AreaInput!, $month: String) { areaKpis(area: $area, month: $month) { level communityId communityName district street month communities registered active activeRatioPercent activeRatioTargetPercent activeRatioTargetMet socialOrganizations socialOrganizationTarget socialOrganizationTargetMet stations stationsMeetingSixHaves minutes hours points verifiedRecords projectsServed stars { level volunteers } } }
        """;

    public string Name => "city";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var settings = run.Settings;
        var shape = new CityShape(settings.CityVolunteers, settings.CityCommunities, DateTimeOffset.UtcNow.AddHours(-1));
        var generator = new LedgerHistoryGenerator();
        await run.Api.StopAsync();
        await run.Api.DisposeAsync();

        // --city-keep: the city lives in a database of its own that the next run with the same size takes as it is.
        var kept = settings.CityKeep ? await KeptCity.OpenAsync(run.ConnectionString, shape, cancellation) : null;
        var connectionString = kept?.ConnectionString ?? run.ConnectionString;
        var apiOptions = run.ApiOptions with { ConnectionString = connectionString };
        IReadOnlyList<Figure> made;
        if (kept?.GeneratedFor is { } generatedFor)
        {
            shape = shape with { Now = generatedFor };
            made = await ReuseAsync(kept, shape, generator, apiOptions, cancellation);
        }
        else
        {
            made = await GenerateAndRebuildAsync(settings, shape, generator, apiOptions, cancellation);
        }

        if (kept is not null)
        {
            await kept.MarkCompleteAsync(shape, cancellation);
        }

        run.Api = await ApiProcess.StartAsync(apiOptions, cancellation);
        Console.WriteLine($"  API pid {run.Api.Pid} restarted: ready after {BenchRun.Seconds(run.Api.ReadyAfter)}; projections caught up {BenchRun.Seconds(await BenchRun.WaitForProjectionsAsync(connectionString, cancellation))} later");

        var tokens = run.ApiOptions.Tokens;
        var admin = GraphQLCity.AdminToken(tokens);
        var sample = Enumerable.Range(0, TokenSample).Select(_ => Random.Shared.Next(generator.RegisteredVolunteers)).Distinct().ToArray();
        var volunteerIds = sample.Select(generator.VolunteerId).ToArray();
        var volunteerTokens = volunteerIds.Select(v => tokens.Issue(new TokenClaims(v, "volunteer"), TimeSpan.FromHours(8))).ToArray();
        var communities = generator.CityCommunities.Select(c => c.Id).ToArray();
        var china = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var lastMonth = china.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var pastMonth = china.AddMonths(-6).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var client = run.Client;

        Task<LoadResult> Load(string name, Func<int, string?> token, Func<string> query, Func<object?> variables) =>
            LoadDriver.RunAsync(name, Connections, settings.Duration, run.Cpu, async (_, ct) =>
                (await client.PostAsync(token(Random.Shared.Next(sample.Length)), query(), variables(), ct)).IsSuccess, cancellation);

        var balance = await LoadDriver.RunAsync("city: balance query", Connections, settings.Duration, run.Cpu, async (_, ct) =>
        {
            var v = Random.Shared.Next(sample.Length);
            return (await client.PostAsync(volunteerTokens[v], GraphQLCity.BalanceQuery, new { id = volunteerIds[v] }, ct)).IsSuccess;
        }, cancellation);
        var cityBoard = await Load("city: city board, first page", v => volunteerTokens[v], () => LeaderboardQuery, () => new { area = new { } });
        var communityBoard = await Load("city: community board, first page", v => volunteerTokens[v], () => LeaderboardQuery,
            () => new { area = new { communityId = communities[Random.Shared.Next(communities.Length)] } });
        var myRank = await Load("city: my rank in the city", v => volunteerTokens[v], () => MyStandingQuery, () => null);
        var myRankAlone = await Load("city: my rank in the city, around 0", v => volunteerTokens[v], () => MyRankAloneQuery, () => null);
        var cityKpis = await Load($"city: the city's KPIs of {lastMonth}", _ => admin, () => AreaKpisQuery, () => new { area = new { }, month = lastMonth });
        var communityKpis = await Load($"city: a community's KPIs of {pastMonth}", _ => admin, () => AreaKpisQuery,
            () => new { area = new { communityId = communities[Random.Shared.Next(communities.Length)] }, month = pastMonth });

        var (burstEvents, fromStart, fromFirst, watched) = await CatchUpAsync(run, apiOptions, generator, settings.CityBurst, cancellation);

        Figure Reads(string name, LoadResult load) => new($"city: {name}, {Connections} clients: req/s", BenchRun.Number(load.OpsPerSecond),
            $"balance {BenchRun.Number(balance.OpsPerSecond)} req/s", BenchRun.Percent(load.OpsPerSecond / balance.OpsPerSecond), "≥ 50%",
            $"{load.Failed} failed; {load.CpuPerOperation}");
        Figure Latency(string name, LoadResult load, string target) => new($"city: {name}: p50 / p99", $"{BenchRun.Ms(load.P50)} / {BenchRun.Ms(load.P99)}",
            $"balance {BenchRun.Ms(balance.P50)} / {BenchRun.Ms(balance.P99)}", "", target, $"{load.Failed} failed");
        return
        [
            .. made,
            new Figure($"city: balance query, {Connections} clients: req/s (the baseline of the rows below)", BenchRun.Number(balance.OpsPerSecond), "", "", "",
                $"{balance.Failed} failed; p50 {BenchRun.Ms(balance.P50)}, p99 {BenchRun.Ms(balance.P99)}; {balance.CpuPerOperation}"),
            Reads("city board, first page of 20", cityBoard),
            Latency("city board", cityBoard, "p99 < 20 ms"),
            Reads("a community's board, first page of 20", communityBoard),
            Latency("community board", communityBoard, "p99 < 20 ms"),
            Reads("my rank in the city", myRank),
            Latency("my rank", myRank, "p99 < 20 ms"),
            Reads("my rank in the city with no entries around it (around: 0; one score: the fewest histogram sums)", myRankAlone),
            Latency("my rank, around 0", myRankAlone, "p99 < 20 ms"),
            Latency($"the city's KPIs of last month", cityKpis, "p99 < 50 ms") with { Note = $"{cityKpis.Failed} failed; {BenchRun.Number(cityKpis.OpsPerSecond)} req/s" },
            Latency($"a community's KPIs as of 6 months ago", communityKpis, "p99 < 50 ms") with { Note = $"{communityKpis.Failed} failed; {BenchRun.Number(communityKpis.OpsPerSecond)} req/s" },
            new Figure($"city: catch-up of {watched} after {settings.CityBurst:#,0} records verified: events/s", BenchRun.Number(burstEvents / Math.Max(0.02, fromFirst.TotalSeconds)), "", "", "",
                $"{burstEvents:#,0} events in {BenchRun.Seconds(fromFirst)} from their first move to the high-water mark (polled every 20 ms); {BenchRun.Seconds(fromStart)} from the service's start"),
        ];
    }

    /// <summary>
    /// The city generated and copied in (events/s), its personal data sealed, and every read model rebuilt in parts as
    /// <c>rebuild-read-models</c> does (ADR 0049), then, as the same run's baseline, in one part (ADR 0020's single pass:
    /// every document in memory, written at the end) unless <c>--city-no-one-part</c>; the two must give the same read models.
    /// </summary>
    private static async Task<IReadOnlyList<Figure>> GenerateAndRebuildAsync(
        BenchSettings settings, CityShape shape, LedgerHistoryGenerator generator, ApiProcessOptions apiOptions, CancellationToken cancellation)
    {
        var connectionString = apiOptions.ConnectionString;
        Console.WriteLine($"  generating a city of {shape.Volunteers:#,0} volunteers in {shape.Communities:#,0} communities, ~{shape.TargetEvents:#,0} events over {shape.Months} months, copied in bulk");
        var generation = Stopwatch.StartNew();
        long events;
        using (var store = DocumentStore.For(options => options.ConfigureLedgerStore(connectionString)))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            events = await CityImport.ImportAsync(store, connectionString, generator.GenerateCity(shape), shape.TargetEvents, cancellation);
            generation.Stop();
            await CityProfiles.WriteAsync(store, apiOptions.PersonalDataMasterKey, generator, cancellation);
        }

        var perMillion = TimeSpan.FromTicks((long)(generation.Elapsed.Ticks / (events / 1_000_000.0)));
        Console.WriteLine($"  generated {events:#,0} events in {BenchRun.Seconds(generation.Elapsed)} ({BenchRun.Seconds(perMillion)} per million); the benchmark process holds {ProcessMemory.Megabytes(GC.GetTotalMemory(true))} of managed memory with the city's state (peak RSS {ProcessMemory.Megabytes(ProcessMemory.Of(Environment.ProcessId).PeakResidentBytes)})");

        using var rebuilding = ProjectionRebuild.Store(connectionString);
        // The read models' tables as the rebuild's configuration has them (a city fold's document types included: they
        // are registered with the schema, ADR 0038), as `rebuild-read-models` makes sure of them.
        await rebuilding.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var inStore = await CountAllEventsAsync(connectionString, cancellation);
        var (rebuild, partsPeak) = await RebuildAsync(rebuilding, settings.CityPartEvents, cancellation);
        var inParts = await ReadModelDigest.TakeAsync(connectionString, cancellation);
        Console.WriteLine($"  read models rebuilt in parts of {settings.CityPartEvents:#,0} events over {inStore:#,0} events in {BenchRun.Seconds(rebuild)}, peak RSS {ProcessMemory.Megabytes(partsPeak)}");
        var onePart = (Elapsed: TimeSpan.Zero, Peak: 0L);
        if (settings.CityOnePart)
        {
            onePart = await RebuildAsync(rebuilding, long.MaxValue, cancellation);
            var inOnePart = await ReadModelDigest.TakeAsync(connectionString, cancellation);
            Console.WriteLine($"  read models rebuilt in one part over {inStore:#,0} events in {BenchRun.Seconds(onePart.Elapsed)}, peak RSS {ProcessMemory.Megabytes(onePart.Peak)}");
            if (inParts.Tables.Where(t => inOnePart.Tables.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).ToList() is { Count: > 0 } differing)
            {
                throw new InvalidOperationException($"The rebuild in parts differs from the rebuild in one part in {string.Join(", ", differing)}.");
            }
        }

        return
        [
            new Figure($"city: {shape.Volunteers:#,0} volunteers in {shape.Communities:#,0} communities generated and copied in: events/s", BenchRun.Number(events / generation.Elapsed.TotalSeconds), "", "", "",
                $"{events:#,0} events in {BenchRun.Seconds(generation.Elapsed)}, {BenchRun.Seconds(perMillion)} per million (bulk COPY, stream versions set after)"),
            new Figure($"city: every read model rebuilt in parts of {settings.CityPartEvents:#,0} events over {inStore:#,0} events: events/s", BenchRun.Number(inStore / rebuild.TotalSeconds),
                settings.CityOnePart ? $"one part {BenchRun.Number(inStore / onePart.Elapsed.TotalSeconds)} events/s" : "one part not run (--city-no-one-part)",
                settings.CityOnePart ? BenchRun.Percent(onePart.Elapsed.TotalSeconds / rebuild.TotalSeconds) : "", "",
                settings.CityOnePart
                    ? $"{BenchRun.Seconds(rebuild)} against {BenchRun.Seconds(onePart.Elapsed)}; peak RSS {ProcessMemory.Megabytes(partsPeak)} against {ProcessMemory.Megabytes(onePart.Peak)}; {inParts.Documents:#,0} documents, equal"
                    : $"{BenchRun.Seconds(rebuild)}; peak RSS {ProcessMemory.Megabytes(partsPeak)}; {inParts.Documents:#,0} documents"),
        ];
    }

    /// <summary>
    /// A kept city of this size taken as it is: its history generated again in memory only (the same seed and end give
    /// the same ids and account states, which the loads and the burst need), nothing copied and nothing rebuilt; its
    /// personal data sealed again with this run's master key.
    /// </summary>
    private static async Task<IReadOnlyList<Figure>> ReuseAsync(
        KeptCity kept, CityShape shape, LedgerHistoryGenerator generator, ApiProcessOptions apiOptions, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var events = generator.GenerateCity(shape).LongCount();
        Console.WriteLine($"  the kept city of {shape.Volunteers:#,0} volunteers (generated for {shape.Now:yyyy-MM-dd HH:mm} UTC) is reused: {events:#,0} events generated again in memory in {BenchRun.Seconds(clock.Elapsed)}, not copied; read models as they are");
        using (var store = DocumentStore.For(options => options.ConfigureLedgerStore(kept.ConnectionString)))
        {
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(Api.PersonalData.VolunteerProfile), cancellation);
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(Api.PersonalData.PersonalDataKey), cancellation);
            await CityProfiles.WriteAsync(store, apiOptions.PersonalDataMasterKey, generator, cancellation);
        }

        return
        [
            new Figure($"city: {shape.Volunteers:#,0} volunteers in {shape.Communities:#,0} communities: kept from an earlier run (--city-keep), not generated nor rebuilt here", "", "", "", "",
                $"generated for {shape.Now:yyyy-MM-dd HH:mm} UTC; {events:#,0} events, and every catch-up burst of the runs since"),
        ];
    }

    /// <summary>
    /// The service stopped, a burst of records verified and credited is appended through the store (inline projections
    /// applied), the service started: the time until the watched projections' progressions reach the high-water mark.
    /// </summary>
    private static async Task<(long Events, TimeSpan FromStart, TimeSpan FromFirstProgress, string Watched)> CatchUpAsync(
        BenchRun run, ApiProcessOptions apiOptions, LedgerHistoryGenerator generator, int records, CancellationToken cancellation)
    {
        await run.Api.StopAsync();
        await run.Api.DisposeAsync();
        Console.Write($"  catch-up: {records:#,0} records verified and credited through the store ");
        var appending = Stopwatch.StartNew();
        long events = 0;
        using (var store = DocumentStore.For(options =>
        {
            options.ConfigureLedgerStore(apiOptions.ConnectionString);
            options.Events.AppendMode = EventAppendMode.Quick;
        }))
        {
            var session = store.LightweightSession();
            try
            {
                var inBatch = 0;
                foreach (var e in generator.Burst(records, DateTimeOffset.UtcNow.AddMinutes(-5)))
                {
                    session.Events.Append(e.StreamId, e.Event);
                    events++;
                    if (++inBatch < BurstBatchEvents)
                    {
                        continue;
                    }

                    await session.SaveChangesAsync(cancellation);
                    await session.DisposeAsync();
                    session = store.LightweightSession();
                    inBatch = 0;
                }

                await session.SaveChangesAsync(cancellation);
            }
            finally
            {
                await session.DisposeAsync();
            }
        }

        Console.WriteLine($"→ {events:#,0} events in {BenchRun.Seconds(appending.Elapsed)}");
        await using var connection = new NpgsqlConnection(apiOptions.ConnectionString);
        await connection.OpenAsync(cancellation);
        var highWater = await ScalarAsync<long>(connection, $"SELECT max(seq_id) AS {StatementCounter.OwnMarker}hwm FROM timebank.mt_events", cancellation);
        // Shard names are the projections' names (some qualified by namespace) and ":All".
        var names = CatchUpProjections.Select(p => "%" + p + ":%").ToArray();
        var found = await ScalarAsync<long>(connection, $"SELECT count(*) AS {StatementCounter.OwnMarker}n FROM timebank.mt_event_progression WHERE name LIKE ANY(@names)", cancellation, names);
        // Before the boards and KPIs exist, the catch-up of the async projections there are.
        var watched = found > 0 ? string.Join(" and ", CatchUpProjections) : "the async projections";
        var filter = found > 0 ? "name LIKE ANY(@names)" : "name NOT LIKE 'HighWater%'";

        var before = await ScalarAsync<long>(connection, $"SELECT coalesce(max(last_seq_id), 0) AS {StatementCounter.OwnMarker}before FROM timebank.mt_event_progression WHERE {filter}", cancellation, names);
        var clock = Stopwatch.StartNew();
        var starting = ApiProcess.StartAsync(apiOptions, cancellation);
        TimeSpan? firstProgress = null;
        var nextReport = TimeSpan.FromSeconds(10);
        while (true)
        {
            if (starting.IsFaulted)
            {
                await starting;
            }

            var (least, most) = await ProgressAsync(connection, filter, names, cancellation);
            if (most > before)
            {
                firstProgress ??= clock.Elapsed;
            }

            if (least >= highWater)
            {
                break;
            }

            if (clock.Elapsed > nextReport)
            {
                Console.WriteLine($"    {BenchRun.Seconds(clock.Elapsed)}: high-water mark {highWater:#,0}; {await ScalarAsync<string>(connection,
                    $"SELECT string_agg(name || ' ' || last_seq_id, ', ' ORDER BY name) AS {StatementCounter.OwnMarker}rows FROM timebank.mt_event_progression", cancellation)}");
                nextReport += TimeSpan.FromSeconds(10);
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{watched} had not caught up after 10 minutes.");
            }

            await Task.Delay(20, cancellation);
        }

        var fromStart = clock.Elapsed;
        run.Api = await starting;
        var fromFirst = fromStart - (firstProgress ?? fromStart);
        Console.WriteLine($"  {watched} went from {before:#,0} to the high-water mark {highWater:#,0} {BenchRun.Seconds(fromStart)} after the service's start (ready after {BenchRun.Seconds(run.Api.ReadyAfter)}), {BenchRun.Seconds(fromFirst)} after they first moved");
        return (events, fromStart, fromFirst, watched);
    }

    /// <summary>The least and the most advanced of the watched progressions.</summary>
    private static async Task<(long Least, long Most)> ProgressAsync(NpgsqlConnection connection, string filter, string[] names, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce(min(last_seq_id), 0), coalesce(max(last_seq_id), 0) AS {StatementCounter.OwnMarker}progress FROM timebank.mt_event_progression WHERE {filter}", connection);
        command.Parameters.AddWithValue("names", names);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellation, string[]? names = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (names is not null && sql.Contains("@names", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("names", names);
        }

        return (T)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private static async Task<long> CountAllEventsAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        return await ScalarAsync<long>(connection, $"SELECT count(*) AS {StatementCounter.OwnMarker}count FROM timebank.mt_events", cancellation);
    }

    /// <summary>One rebuild, timed, and the process's peak resident memory during it (the kernel's high-water mark, reset first).</summary>
    private static async Task<(TimeSpan Elapsed, long PeakResident)> RebuildAsync(DocumentStore store, long partEvents, CancellationToken cancellation)
    {
        GC.Collect();
        // "5" resets the process's peak resident set size (VmHWM) to its current size (Linux, proc(5)).
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5", cancellation);
        var clock = Stopwatch.StartNew();
        await store.RebuildAllAsync(new Progress(clock), cancellation, partEvents);
        return (clock.Elapsed, ProcessMemory.Of(Environment.ProcessId).PeakResidentBytes);
    }

    private sealed class Progress(Stopwatch clock) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => Console.WriteLine($"      {BenchRun.Seconds(clock.Elapsed)}: {value}");
    }
}
