using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using NpgsqlTypes;
using TimeBank.Projections;
using Weasel.Core;

namespace TimeBank.Api.Infrastructure;

/// <summary>Where a rebuild is: events folded so far of all there are, then each read model as it is written.</summary>
public sealed record RebuildProgress(long EventsRead, long EventsInStore, string? Writing = null)
{
    public override string ToString() => Writing is { } writing ? $"writing {writing}" : $"{EventsRead:#,0} of {EventsInStore:#,0} events read";
}

/// <summary>
/// A full rebuild of every read model in one pass (ADR 0020), the operator's <c>rebuild-read-models</c> command: every
/// event is read once, in sequence order, and handed to the fold of every projection (<see cref="ReadModelFold"/>,
/// their own event types, identities and <c>Evolve</c>); then each read model's table is emptied and its documents
/// copied in, once each, with the versions Marten stamps live, and the async projections' progression is set to the
/// last event. All of it is one transaction: a failed rebuild leaves the read models as they were. The benchmark and
/// the fault tests rebuild through here, so what they measure and compare is what an operator runs.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>Events per page read; the next page is read while this one is folded.</summary>
    public const int PageSize = ProjectionsRegistration.PageSize;

    /// <summary>Pages being read ahead of the one being folded (more did not help on two cores).</summary>
    private const int ReadAhead = 1;

    /// <summary>
    /// The service's store configuration, on the rebuild's connection (<see cref="LedgerStore.ForProjectionRebuild"/>).
    /// No daemon runs beside a rebuild: it brings the async projections up to the last event itself.
    /// </summary>
    public static DocumentStore Store(string connectionString, PolicyBook? policies = null) => DocumentStore.For(options =>
    {
        options.ConfigureLedgerStore(LedgerStore.ForProjectionRebuild(connectionString), policies);
        options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
    });

    public static async Task RebuildAllAsync(this DocumentStore store, IProgress<RebuildProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var folds = store.Options.ReadModelFolds();
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // Appends wait until the rebuild commits (and then apply their inline projections to the rebuilt documents),
        // rather than land on documents the rebuild is about to replace. Reading the events is not blocked.
        await ExecuteAsync(connection, $"LOCK TABLE {schema}.mt_events IN EXCLUSIVE MODE", cancellation);
        var lastSequence = await ScalarAsync<long>(connection, $"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", cancellation);
        // The read models are emptied first, while the events are read: emptying a table waits for autovacuum to give
        // way (up to a second per table), and readers wait for the commit instead of seeing half-written read models.
        var tables = folds.SelectMany(f => f.DocumentTypes).Select(type => TableOf(store, type).QualifiedName).Distinct();
        var emptied = ExecuteAsync(connection, $"TRUNCATE {string.Join(", ", tables)}", cancellation);

        var folding = FoldAllAsync(store, folds, lastSequence, progress, cancellation);
        await Task.WhenAll(emptied, folding);
        var read = await folding;
        foreach (var fold in folds)
        {
            progress?.Report(new RebuildProgress(read, lastSequence, $"{string.Join(", ", fold.DocumentTypes.Select(t => t.Name))}: {fold.Count:#,0} documents"));
            var documents = fold.Documents().ToLookup(d => d.Document.GetType());
            foreach (var type in fold.DocumentTypes)
            {
                await WriteAsync(store, connection, type, documents[type], cancellation);
            }
        }

        await MarkProgressionAsync(store, connection, lastSequence, cancellation);
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>Reads every event up to <paramref name="lastSequence"/> once, in order, and hands each to every fold.</summary>
    private static async Task<long> FoldAllAsync(
        DocumentStore store, IReadOnlyList<ReadModelFold> folds, long lastSequence, IProgress<RebuildProgress>? progress, CancellationToken cancellation)
    {
        long read = 0;
        var reportedAt = Stopwatch.StartNew();
        var pages = new Queue<Task<IReadOnlyList<IEvent>>>();
        long nextPage = 0;
        while (nextPage < lastSequence || pages.Count > 0)
        {
            while (pages.Count <= ReadAhead && nextPage < lastSequence)
            {
                pages.Enqueue(ReadPageAsync(store, nextPage, cancellation));
                nextPage += PageSize;
            }

            var page = await pages.Dequeue();
            foreach (var e in page)
            {
                foreach (var fold in folds)
                {
                    fold.Apply(e);
                }
            }

            read += page.Count;
            if (reportedAt.Elapsed >= TimeSpan.FromSeconds(2))
            {
                progress?.Report(new RebuildProgress(read, lastSequence));
                reportedAt.Restart();
            }
        }

        return read;
    }

    private static async Task<IReadOnlyList<IEvent>> ReadPageAsync(DocumentStore store, long after, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var until = after + PageSize;
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= until)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
    }

    private static DbObjectName TableOf(DocumentStore store, Type documentType) =>
        ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType).TableName;

    /// <summary>Copies the read model's documents into its (emptied) table, as Marten would have stored them.</summary>
    private static async Task WriteAsync(
        DocumentStore store, NpgsqlConnection connection, Type documentType, IEnumerable<FoldedDocument> documents, CancellationToken cancellation)
    {
        var mapping = ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType);
        var table = mapping.TableName;
        var columns = await ColumnsAsync(connection, table.Schema, table.Name, cancellation);
        var written = new[] { "id", "data", "mt_version", "mt_dotnet_type" };
        // Duplicated fields (the service record's schedule, ADR 0026) are filled from the copied JSON afterwards, by the
        // same statement Marten uses when it adds such a column to a table that has rows.
        var duplicated = mapping.DuplicatedFields.ToList();
        if (columns.Keys.Except([.. written, "mt_last_modified", .. duplicated.Select(f => f.ColumnName)]).ToList() is { Count: > 0 } unknown)
        {
            throw new InvalidOperationException(
                $"The rebuild does not know how to fill {string.Join(", ", unknown)} of {table.QualifiedName}; ADR 0020 says what it writes.");
        }

        var serializer = store.Options.Serializer();
        var idType = columns["id"] == "uuid" ? NpgsqlDbType.Uuid : NpgsqlDbType.Text;
        var guidVersions = columns["mt_version"] == "uuid";
        var dotnetType = documentType.FullName!;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table.QualifiedName} ({string.Join(", ", written)}) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var document in documents)
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(document.Id, idType, cancellation);
            await copy.WriteAsync(serializer.ToJson(document.Document), NpgsqlDbType.Jsonb, cancellation);
            if (guidVersions)
            {
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellation);
            }
            else
            {
                await copy.WriteAsync(document.Version ?? 0, NpgsqlDbType.Bigint, cancellation);
            }

            await copy.WriteAsync(dotnetType, NpgsqlDbType.Varchar, cancellation);
        }

        await copy.CompleteAsync(cancellation);
        await copy.DisposeAsync();
        if (duplicated.Count > 0)
        {
            await ExecuteAsync(connection, $"UPDATE {table.QualifiedName} SET {string.Join(", ", duplicated.Select(f => f.UpdateSqlFragment()))}", cancellation);
        }
    }

    /// <summary>The async projections have seen every event: the daemon carries on from the last one.</summary>
    private static async Task MarkProgressionAsync(DocumentStore store, NpgsqlConnection connection, long lastSequence, CancellationToken cancellation)
    {
        foreach (var projection in store.Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async))
        {
            await using var mark = new NpgsqlCommand(
                $"""
                INSERT INTO {store.Options.Events.DatabaseSchemaName}.mt_event_progression (name, last_seq_id, last_updated) VALUES (@name, @last, now())
                ON CONFLICT (name) DO UPDATE SET last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
                """, connection);
            mark.Parameters.AddWithValue("name", $"{projection.Name}:All");
            mark.Parameters.AddWithValue("last", lastSequence);
            await mark.ExecuteNonQueryAsync(cancellation);
        }
    }

    private static async Task<Dictionary<string, string>> ColumnsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table", connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var columns = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellation))
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        return columns;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        // No command timeout: a rebuild's statements (filling a duplicated column of half a million documents) outlast
        // Npgsql's default 30 s on a busy machine; the caller's token still stops it.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
