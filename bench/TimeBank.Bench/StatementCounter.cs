using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace TimeBank.Bench;

/// <summary>
/// What the benchmark database was asked in a window: the top-level statements its clients sent (pg_stat_statements'
/// calls; BEGIN and COMMIT are statements too), the transactions it committed (pg_stat_database's xact_commit), and the
/// records credited meanwhile. The benchmark's own queries are left out of both.
/// </summary>
/// <param name="Resets">Of the statements, those of Npgsql's connection reset (<see cref="StatementCounter.ResetStatements"/>).</param>
/// <param name="CommitStatements">Of the commits, those asked by a COMMIT statement; the others are statements run outside a transaction.</param>
public sealed record StatementCounts(
    long Statements, long Resets, long Commits, long CommitStatements, long Credited, IReadOnlyList<(string Query, long Calls)> Top)
{
    /// <summary>Statements and commits per operation, e.g. "84.5 statements (35.0 besides connection resets), 16.1 commits (3.0 by COMMIT)".</summary>
    public string Per(double operations) => operations > 0
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Statements / operations:0.0} statements ({(Statements - Resets) / operations:0.0} besides connection resets), {Commits / operations:0.0} commits ({CommitStatements / operations:0.0} by COMMIT)")
        : "–";

    /// <summary>The statements run most often, calls per operation first, one a line.</summary>
    public IEnumerable<string> TopLines(double operations) =>
        Top.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Calls / operations,6:0.00}  {t.Query}"));
}

/// <summary>
/// Counts, from the server, what the benchmark database ran between <see cref="StartAsync"/> and <see cref="ReadAsync"/>:
/// pg_stat_statements of that database only (reset for it alone at the start) and its pg_stat_database row. Other
/// databases of the cluster are never counted. The benchmark's own queries carry a column alias starting with
/// <see cref="OwnMarker"/> and are left out (their commits are taken off too).
/// </summary>
public sealed partial class StatementCounter(string connectionString)
{
    /// <summary>The column alias that marks a query of the benchmark's own (<c>SELECT count(*) AS bench_count …</c>).</summary>
    public const string OwnMarker = "bench_";

    /// <summary>
    /// What Npgsql sends when a pooled connection that holds prepared statements is opened again (instead of DISCARD ALL,
    /// which would drop them): seven statements in one message, ahead of the connection's first command.
    /// </summary>
    public static readonly IReadOnlyList<string> ResetStatements =
        ["SELECT pg_advisory_unlock_all()", "SET SESSION AUTHORIZATION DEFAULT", "UNLISTEN *", "DISCARD SEQUENCES", "DISCARD TEMP", "RESET ALL", "CLOSE ALL", "DISCARD ALL"];

    /// <summary>
    /// A backend reports its counts to the shared statistics when it goes idle, at most once a second; one that ran a
    /// transaction less than a second after its last report waits up to 10 s idle (PostgreSQL 15's PGSTAT_IDLE_INTERVAL).
    /// </summary>
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(11);

    private long _commitsAtStart;
    private long _creditedAtStart;

    /// <summary>
    /// Makes pg_stat_statements usable in the benchmark database; null (and why, printed) when the cluster has not
    /// loaded it (the server's packages lack the module).
    /// </summary>
    public static async Task<StatementCounter?> CreateAsync(string connectionString, CancellationToken cancellation)
    {
        if (!await LoadedAsync(connectionString, cancellation))
        {
            Console.WriteLine("  pg_stat_statements is not loaded by the cluster: statements per operation are not measured");
            return null;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
        await create.ExecuteNonQueryAsync(cancellation);
        return new StatementCounter(connectionString);
    }

    /// <summary>Whether the cluster behind <paramref name="connectionString"/> loaded pg_stat_statements at its start.</summary>
    public static async Task<bool> LoadedAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"SELECT current_setting('shared_preload_libraries') AS {OwnMarker}libraries", connection);
        var libraries = (string)(await command.ExecuteScalarAsync(cancellation))!;
        return libraries.Split(',', StringSplitOptions.TrimEntries).Contains("pg_stat_statements");
    }

    /// <summary>Resets this database's statement statistics and notes its commits and credited records so far.</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS {OwnMarker}commits,
                   (SELECT count(*) FROM timebank.mt_events WHERE type = 'service_record_credited.v1') AS {OwnMarker}credited,
                   pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0) AS {OwnMarker}reset
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        _commitsAtStart = reader.GetInt64(0);
        _creditedAtStart = reader.GetInt64(1);
    }

    /// <summary>
    /// Waits until the server's backends have reported their commits (<see cref="StatisticsFlush"/>), then reads the
    /// counts since <see cref="StartAsync"/>. Call it once the load is over (and before another one starts).
    /// </summary>
    public async Task<StatementCounts> ReadAsync(CancellationToken cancellation)
    {
        await Task.Delay(StatisticsFlush, cancellation);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        const string OwnDatabase = "s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())";
        const string Own = $"s.query LIKE '%AS {OwnMarker}%'";
        await using (var totals = new NpgsqlCommand($"""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS {OwnMarker}commits,
                   (SELECT count(*) FROM timebank.mt_events WHERE type = 'service_record_credited.v1') AS {OwnMarker}credited,
                   (SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s WHERE {OwnDatabase} AND NOT {Own}) AS {OwnMarker}statements,
                   (SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s WHERE {OwnDatabase} AND {Own}) AS {OwnMarker}own,
                   (SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s WHERE {OwnDatabase} AND s.query = ANY($1)) AS {OwnMarker}resets,
                   (SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s WHERE {OwnDatabase} AND upper(s.query) IN ('COMMIT', 'END')) AS {OwnMarker}commit_statements
            """, connection))
        {
            totals.Parameters.Add(new NpgsqlParameter { Value = ResetStatements.ToArray() });
            await using var reader = await totals.ExecuteReaderAsync(cancellation);
            await reader.ReadAsync(cancellation);
            var commits = reader.GetInt64(0) - _commitsAtStart;
            var credited = reader.GetInt64(1) - _creditedAtStart;
            var statements = reader.GetInt64(2);

            // Each of the benchmark's own queries in the window was a transaction of its own (the one reading now is not
            // counted yet: its commit comes after it).
            var own = reader.GetInt64(3);
            var resets = reader.GetInt64(4);
            var commitStatements = reader.GetInt64(5);
            await reader.CloseAsync();
            var top = new List<(string, long)>();
            await using var most = new NpgsqlCommand($"""
                SELECT s.query AS {OwnMarker}query, sum(s.calls)::bigint AS {OwnMarker}calls FROM pg_stat_statements s
                WHERE {OwnDatabase} AND NOT {Own} AND NOT s.query = ANY($1) GROUP BY s.query ORDER BY 2 DESC LIMIT 15
                """, connection);
            most.Parameters.Add(new NpgsqlParameter { Value = ResetStatements.ToArray() });
            await using var rows = await most.ExecuteReaderAsync(cancellation);
            while (await rows.ReadAsync(cancellation))
            {
                var query = Whitespace().Replace(rows.GetString(0), " ").Trim();
                top.Add((query.Length > 110 ? query[..110] + "…" : query, rows.GetInt64(1)));
            }

            return new StatementCounts(statements, resets, commits - own, commitStatements, credited, top);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
