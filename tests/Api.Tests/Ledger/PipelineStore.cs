using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeBank.Api.Accounts;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// The real pipeline (host, Wolverine, Marten) on a database of its own, with <see cref="ModelClock"/> as its clock and a
/// district whose time-credit cap (3 h) and points expiry (a month) short histories reach. What the properties read of
/// it is what PostgreSQL stores: events, stream versions and every document table.
/// </summary>
public sealed class PipelineApp : TimeBankApp
{
    public const string District = "流水线区";

    public const int TimeCreditCapHours = 3;

    public ModelClock Clock { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"Policies:Districts:{District}:TimeCreditCapHours", TimeCreditCapHours.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting($"Policies:Districts:{District}:PointsExpiryMonths", "1");
        // The properties send the expiries themselves. The host's hourly job would read the model clock, often a month
        // ahead, and expire accounts between a command and its repeat, which "a command sent again writes nothing"
        // then saw as a write (a flake when the run crossed the top of an hour), as in ModelApp.
        builder.UseSetting(PointsExpirySchedule.SettingName, PointsExpirySchedule.Off);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.ConfigureMarten(options =>
            {
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(20);
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(20);
                // Concurrent copies of a command leave gaps in the event sequence (the losers' appends): the daemon skips
                // a gap once it is this old, not after Marten's default of three seconds.
                options.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(100);
            });
        });
    }

    /// <summary>
    /// Waits, bounded, until no durable message waits to be handled (expiries; a scheduled hold
    /// expiry is not waiting) and the async projections have seen the last event, both in one look.
    /// </summary>
    public async Task SettleAsync(int seconds = 30)
    {
        var asyncProjections = ((DocumentStore)Store).Options.Projections.All.LongCount(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var incoming = await IncomingEnvelopesTableAsync();
        while (true)
        {
            var waiting = await Sql.ScalarAsync<long>(ConnectionString, $"SELECT count(*) FROM {incoming} WHERE status = 'Incoming'");
            // A tombstone is what Marten writes for an append that failed (a copy that lost its race): no projection waits for one.
            var last = await Sql.ScalarAsync<long>(ConnectionString, "SELECT coalesce(max(seq_id), 0) FROM timebank.mt_events WHERE type <> 'tombstone'");
            // A projection that has not yet written its progression is behind too (its row appears with its first page).
            var caughtUp = await Sql.ScalarAsync<long>(ConnectionString,
                $"SELECT count(*) FROM timebank.mt_event_progression WHERE name LIKE '%:All' AND last_seq_id >= {last}");
            var behind = last == 0 ? 0 : asyncProjections - caughtUp;
            if (waiting == 0 && behind == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The pipeline did not settle within {seconds} s: {waiting} durable messages still waiting, {behind} async projections behind event {last}.");
            }

            await Task.Delay(10);
        }
    }

    private string? incomingTable;

    private async Task<string> IncomingEnvelopesTableAsync() => incomingTable ??= await Sql.ScalarAsync<string>(ConnectionString,
        "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_name = 'wolverine_incoming_envelopes' LIMIT 1")
        ?? throw new InvalidOperationException("Wolverine's incoming envelope table is not in the database.");

    /// <summary>Everything the ledger stores: the events, each stream's version, and every row of every <c>mt_doc_*</c> table (tombstones aside).</summary>
    public async Task<StoreSnapshot> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'timebank' AND table_name LIKE 'mt_doc_%' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, (string Data, string Version)>(StringComparer.Ordinal);
        var sql = string.Join(" UNION ALL ", tables.Select(t =>
            $"SELECT '{t}/' || id::text, data::text, coalesce(mt_version::text, '') FROM timebank.{t}"));
        await using (var read = new NpgsqlCommand(sql, connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        var streams = new Dictionary<string, long>(StringComparer.Ordinal);
        // A tombstone is Marten's mark of an append that failed (a copy that lost its race, or a command seen before whose
        // outcome is remembered already), written after the failure, in the background, on a stream of its own that Marten
        // opens first without events: not a write of the ledger, and not counted. Every stream of the ledger holds an event.
        await using (var read = new NpgsqlCommand(
            "SELECT id::text, version FROM timebank.mt_streams s WHERE EXISTS (SELECT 1 FROM timebank.mt_events e WHERE e.stream_id = s.id AND e.type <> 'tombstone')",
            connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                streams[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        await using var events = new NpgsqlCommand("SELECT count(*), coalesce(max(seq_id), 0) FROM timebank.mt_events WHERE type <> 'tombstone'", connection);
        await using var counted = await events.ExecuteReaderAsync();
        await counted.ReadAsync();
        return new StoreSnapshot(counted.GetInt64(0), counted.GetInt64(1), streams, rows, tables);
    }

    /// <summary>How many events of each type the store holds: what the histories reached.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReachAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT type, count(*) FROM timebank.mt_events GROUP BY type ORDER BY type", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var reach = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            reach[reader.GetString(0)] = reader.GetInt64(1);
        }

        return reach;
    }

    public static string Describe(IReadOnlyDictionary<string, long> reach) => string.Join(", ", reach.Select(r => $"{r.Key} {r.Value}"));
}

/// <summary>The stored ledger at one moment (see <see cref="PipelineApp.SnapshotAsync"/>).</summary>
public sealed record StoreSnapshot(
    long Events, long LastSequence, IReadOnlyDictionary<string, long> Streams, IReadOnlyDictionary<string, (string Data, string Version)> Documents,
    IReadOnlyList<string> Tables)
{
    /// <summary>
    /// Each difference to <paramref name="after"/>; a document's version is compared where <paramref name="versionCompared"/>
    /// says so (given its key and version before), else always.
    /// </summary>
    public IReadOnlyList<string> ChangesTo(StoreSnapshot after, Func<string, string, bool>? versionCompared = null)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        if (after.Events != Events || after.LastSequence != LastSequence)
        {
            changes.Add($"events: {Events} (last {LastSequence}) -> {after.Events} (last {after.LastSequence})");
        }

        foreach (var id in Streams.Keys.Union(after.Streams.Keys).Order(StringComparer.Ordinal))
        {
            var (was, now) = (Streams.TryGetValue(id, out var v1) ? v1 : (long?)null, after.Streams.TryGetValue(id, out var v2) ? v2 : (long?)null);
            if (was != now)
            {
                changes.Add($"stream {id}: version {was?.ToString() ?? "none"} -> {now?.ToString() ?? "none"}");
            }
        }

        foreach (var key in Documents.Keys.Union(after.Documents.Keys).Order(StringComparer.Ordinal))
        {
            var had = Documents.TryGetValue(key, out var was);
            var has = after.Documents.TryGetValue(key, out var now);
            if (!had)
            {
                changes.Add($"{key}: added {now.Data}");
            }
            else if (!has)
            {
                changes.Add($"{key}: removed (was {was.Data})");
            }
            else if (was.Data != now.Data)
            {
                changes.Add($"{key}: {was.Data} -> {now.Data}");
            }
            else if (was.Version != now.Version && (versionCompared?.Invoke(key, was.Version) ?? true))
            {
                changes.Add($"{key}: version {was.Version} -> {now.Version}");
            }
        }

        return changes;
    }
}
