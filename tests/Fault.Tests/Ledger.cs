using Marten;
using Marten.Events;
using Npgsql;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Fault.Tests;

/// <summary>Reads a service's database directly, as the auditor would: its events and its projected documents.</summary>
public sealed class Ledger(string connectionString)
{
    private static readonly HashSet<string> NotProjections =
        ["mt_doc_processedcommand", "mt_doc_volunteerprofile", "mt_doc_personal_data_key", "mt_doc_demoseedmarker", "mt_doc_pointsexpirysweep"];

    /// <summary>How many events of each type each stream holds.</summary>
    public async Task<Dictionary<(Guid Stream, string Type), long>> EventCountsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT stream_id, type, count(*) FROM timebank.mt_events GROUP BY stream_id, type", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<(Guid, string), long>();
        while (await reader.ReadAsync())
        {
            counts[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt64(2);
        }

        return counts;
    }

    public async Task<long> CountEventsAsync(string? type = null)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            type is null ? "SELECT count(*) FROM timebank.mt_events" : "SELECT count(*) FROM timebank.mt_events WHERE type = @type", connection);
        command.Parameters.AddWithValue("type", type ?? string.Empty);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How often each record was credited to an account (ServiceCredited events, by their RecordId).</summary>
    public Task<Dictionary<Guid, long>> AccountCreditsByRecordAsync() => EventsByRecordAsync("service_credited.v1");

    /// <summary>How many events of a stored type (<c>service_credit_revoked.v1</c>, <c>pool_overflow_received.v1</c>…) name each record.</summary>
    public async Task<Dictionary<Guid, long>> EventsByRecordAsync(string type)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (data->>'RecordId')::uuid, count(*) FROM timebank.mt_events WHERE type = @type GROUP BY 1", connection);
        command.Parameters.AddWithValue("type", type);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Waits, bounded, until every verified record is credited (a verification credits in its own transaction, so at once).</summary>
    public async Task UntilCreditsDrainedAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var verified = await CountEventsAsync("service_record_verified.v1");
            var credited = await CountEventsAsync("service_record_credited.v1");
            if (credited >= verified)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{verified - credited} of {verified} verified records were not credited within {within.TotalSeconds:0} s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Every projected document (every mt_doc table but commands, profiles and keys), by table and id, as JSON.</summary>
    public async Task<SortedDictionary<string, string>> ProjectedDocumentsAsync()
    {
        await using var connection = await OpenAsync();
        var tables = await DocumentTablesAsync(connection);

        var documents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => !NotProjections.Contains(t)))
        {
            await using var select = new NpgsqlCommand($"SELECT id::text, data::text FROM timebank.{table}", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                documents[$"{table}/{reader.GetString(0)}"] = reader.GetString(1);
            }
        }

        return documents;
    }

    /// <summary>
    /// Every table a request could write to, as (rows, hash of every row's content): the events, the streams and every
    /// mt_doc table, the idempotency store included.
    /// </summary>
    public async Task<SortedDictionary<string, (long Rows, string Hash)>> SnapshotAsync()
    {
        await using var connection = await OpenAsync();
        var tables = await DocumentTablesAsync(connection);

        var queries = new Dictionary<string, string>
        {
            ["mt_events"] = "SELECT count(*), coalesce(md5(string_agg(seq_id::text || stream_id::text || type || data::text, '|' ORDER BY seq_id)), '') FROM timebank.mt_events",
            ["mt_streams"] = "SELECT count(*), coalesce(md5(string_agg(id::text || coalesce(type, '') || version::text, '|' ORDER BY id)), '') FROM timebank.mt_streams",
        };
        foreach (var table in tables)
        {
            queries[table] = $"SELECT count(*), coalesce(md5(string_agg(id::text || data::text, '|' ORDER BY id::text)), '') FROM timebank.{table}";
        }

        var snapshot = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var (table, sql) in queries)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            snapshot[table] = (reader.GetInt64(0), reader.GetString(1));
        }

        return snapshot;
    }

    /// <summary>Every document table of the store (mt_doc_*), by name.</summary>
    private static async Task<List<string>> DocumentTablesAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'timebank' AND table_name LIKE 'mt_doc_%' ORDER BY 1", connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>The idempotency store: each remembered command id with whether it was accepted and its refusal code.</summary>
    public async Task<Dictionary<Guid, (bool Accepted, string? Code)>> RememberedCommandsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, coalesce(o->>'Accepted', o->>'accepted')::boolean, coalesce(o->>'Code', o->>'code') FROM (SELECT id, coalesce(data->'Outcome', data->'outcome') AS o FROM timebank.mt_doc_processedcommand) p", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var remembered = new Dictionary<Guid, (bool, string?)>();
        while (await reader.ReadAsync())
        {
            remembered[reader.GetGuid(0)] = (reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return remembered;
    }

    /// <summary>Waits until the async projections have processed every event.</summary>
    public async Task UntilProjectionsCaughtUpAsync(TimeSpan within)
    {
        using IDocumentStore store = DocumentStore.For(options => options.ConfigureLedgerStore(connectionString));
        await store.WaitForNonStaleProjectionDataAsync(within);
    }

    /// <summary>Rebuilds every projection from the events with the service's own store configuration, as an operator would.</summary>
    public async Task RebuildAllAsync()
    {
        using var store = ProjectionRebuild.Store(connectionString);
        await store.RebuildAllAsync(null, CancellationToken.None);
    }

    /// <summary>
    /// The projected documents as they are, compared with the same documents rebuilt from the events (which replaces
    /// them): equal, or the assertion fails. How many documents were compared.
    /// </summary>
    public async Task<int> AssertProjectionsEqualARebuildAsync()
    {
        var live = await ProjectedDocumentsAsync();
        await RebuildAllAsync();
        var rebuilt = await ProjectedDocumentsAsync();
        Assert.Equal(rebuilt.Keys, live.Keys);
        Assert.All(live, document => Assert.Equal(rebuilt[document.Key], document.Value));
        return live.Count;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
