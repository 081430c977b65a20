using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TimeBank.TestSupport;

namespace TimeBank.Bench;

/// <summary>One figure of the table: the result, the baseline measured in the same run, their ratio, the target.</summary>
public sealed record Figure(string Name, string Result, string Baseline, string Ratio, string Target, string Note = "");

/// <summary>
/// Everything the scenarios share in one run: the service as a child process, its database, a city set up through
/// GraphQL, and the baselines (measured once, on first use, in this run).
/// </summary>
public sealed class BenchRun(BenchSettings settings, string connectionString, string rebuildConnectionString, ApiProcessOptions apiOptions)
{
    private PgbenchResult? _pgbench;
    private LoadResult? _ping;

    public BenchSettings Settings => settings;

    public string ConnectionString => connectionString;

    /// <summary>A second database, only for the rebuild's generated history.</summary>
    public string RebuildConnectionString => rebuildConnectionString;

    public ApiProcessOptions ApiOptions => apiOptions;

    public required ApiProcess Api { get; set; }

    public required GraphQLHttpClient Client { get; init; }

    public required GraphQLCity City { get; init; }

    /// <summary>The first start of the service on this (fresh) database: schema created, then ready.</summary>
    public required (TimeSpan Ready, TimeSpan FirstGraphQL) FirstStart { get; init; }

    /// <summary>The API's peak resident memory right after the first load scenarios.</summary>
    public ProcessMemory? MemoryAfterFirstLoad { get; set; }

    /// <summary>The postmaster of the benchmark's cluster: its processes are the PostgreSQL whose CPU time is read.</summary>
    public required int PostmasterPid { get; init; }

    /// <summary>Counts the statements and commits of the benchmark database in a window; null when the cluster cannot.</summary>
    public StatementCounter? Statements { get; init; }

    /// <summary>The CPU time of the API now running, the benchmark cluster's PostgreSQL and this process.</summary>
    public CpuMeter Cpu => new(Api.Pid, PostmasterPid);

    public async Task<PgbenchResult> PgbenchAsync(CancellationToken cancellation)
    {
        if (_pgbench is null)
        {
            Console.Write($"  baseline pgbench: {Pgbench.Clients} clients, single-row INSERT, {settings.Duration.TotalSeconds:0} s ");
            if (Statements is not null)
            {
                await Statements.StartAsync(cancellation);
            }

            _pgbench = await Pgbench.RunAsync(connectionString, settings.Duration, Cpu, cancellation);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"→ {_pgbench.Tps:0} tps, average {_pgbench.AverageLatencyMs:0.00} ms"));
            Console.WriteLine("    " + _pgbench.CpuPerTransaction);
            if (Statements is not null)
            {
                _pgbench = _pgbench with { Statements = await Statements.ReadAsync(cancellation) };
                Console.WriteLine("    per transaction: " + _pgbench.Statements.Per(_pgbench.Transactions) + " (pg_stat_statements, pg_stat_database)");
            }
        }

        return _pgbench;
    }

    public async Task<LoadResult> PingAsync(int connections, CancellationToken cancellation)
    {
        _ping ??= await LoadDriver.RunAsync("baseline GET /ping", connections, settings.Duration, Cpu, async (_, ct) =>
        {
            using var response = await Client.Http.GetAsync(new Uri("ping", UriKind.Relative), ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            return response.IsSuccessStatusCode;
        }, cancellation);
        return _ping;
    }

    public async Task<long> CountEventsAsync(string type, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"SELECT count(*) AS {StatementCounter.OwnMarker}count FROM timebank.mt_events WHERE type = @type", connection);
        command.Parameters.AddWithValue("type", type);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// Checks that every verified record is credited: the verify command credits its records in its own transaction
    /// (docs/adr/0027-credit-in-the-verify-transaction.md), so there is nothing to wait for.
    /// </summary>
    public async Task EnsureCreditedAsync(CancellationToken cancellation)
    {
        var verified = await CountEventsAsync("service_record_verified.v1", cancellation);
        var credited = await CountEventsAsync("service_record_credited.v1", cancellation);
        if (credited < verified)
        {
            throw new InvalidOperationException($"{verified - credited} of {verified} verified records are not credited.");
        }
    }

    /// <summary>
    /// Waits until the async projections have caught up with every event stored so far (their progression reaches the
    /// last event's sequence number), so that a load does not share the machine with their catch-up; returns how long.
    /// Only the projections' shards (<c>…:All</c>) count: the daemon's own rows (a stuck gap it skipped, its allocation
    /// fence) may stay behind for good.
    /// </summary>
    public Task<TimeSpan> WaitForProjectionsAsync(CancellationToken cancellation) => WaitForProjectionsAsync(connectionString, cancellation);

    /// <summary>The same wait on another database of the cluster (a scenario that runs a service of its own).</summary>
    public static async Task<TimeSpan> WaitForProjectionsAsync(string connectionString, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce((SELECT max(seq_id) FROM timebank.mt_events), 0) - coalesce((SELECT min(last_seq_id) FROM timebank.mt_event_progression WHERE name LIKE '%:All'), 0) AS {StatementCounter.OwnMarker}behind",
            connection);
        while ((long)(await command.ExecuteScalarAsync(cancellation))! > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("The async projections had not caught up after 5 minutes.");
            }

            await Task.Delay(100, cancellation);
        }

        return clock.Elapsed;
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Number(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Times(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}

/// <summary>A scenario of the benchmark: one class per figure of the table; its name is the command-line argument.</summary>
public interface IBenchScenario
{
    string Name { get; }

    Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation);
}
