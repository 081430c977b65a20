using Marten;
using Marten.Events;
using Npgsql;
using TimeBank.Api.Hosting;

namespace TimeBank.Fault.Tests;

/// <summary>Reads a service's database directly, as the auditor would: its events and its projected documents.</summary>
public sealed class Ledger(string connectionString)
{
    private static readonly HashSet<string> NotProjections =
        ["mt_doc_processedcommand", "mt_doc_volunteerprofile", "mt_doc_personal_data_key", "mt_doc_demoseedmarker"];

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
    public async Task<Dictionary<Guid, long>> AccountCreditsByRecordAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (data->>'RecordId')::uuid, count(*) FROM timebank.mt_events WHERE type = 'service_credited.v1' GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Waits until every verified record is credited (the durable account queue has drained).</summary>
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
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'timebank' AND table_name LIKE 'mt_doc_%' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

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

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
