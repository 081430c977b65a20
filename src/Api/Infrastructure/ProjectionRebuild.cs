using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using NpgsqlTypes;
using TimeBank.Projections;
using TimeBank.Api.Districts;
using Weasel.Core;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// Where a rebuild is: events folded so far of all there are, each read model as it is written, each part as it commits
/// (<see cref="Step"/>: a part committed, a rebuild resumed or started over).
/// </summary>
public sealed record RebuildProgress(long EventsRead, long EventsInStore, string? Writing = null)
{
    /// <summary>A step of the rebuild the operator is told of, in words.</summary>
    public string? Step { get; init; }

    public override string ToString() =>
        Step ?? (Writing is { } writing ? $"writing {writing}" : $"{EventsRead:#,0} of {EventsInStore:#,0} events read");
}

/// <summary>
/// A full rebuild of every read model, the operator's <c>rebuild-read-models</c> command: every event is read once, in
/// sequence order, and handed to the fold of every projection (<see cref="ReadModelFold"/>, ADR 0020: their own event
/// types, identities and <c>Evolve</c>), in bounded parts (ADR 0049). The first part empties the read models' tables;
/// each part folds its events (loading the documents they need that an earlier part stored), writes the documents it
/// changed and records in <c>read_model_rebuild</c> how far the rebuild is, in one transaction; the last part sets the
/// async projections' progression to the last event and removes that row. A rebuild stopped part-way leaves that row:
/// the next rebuild resumes after the last committed part, or starts over when events were appended since. The
/// benchmark and the fault tests rebuild through here, so what they measure and compare is what an operator runs.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>Events per page read; the next page is read while this one is folded.</summary>
    public const int PageSize = ProjectionsRegistration.PageSize;

    /// <summary>Events per part, each part committed on its own (ADR 0049 has the figures behind it).</summary>
    public const long DefaultPartEvents = 250_000;

    /// <summary>The table that says a rebuild is under way: its target (the last event) and the last event of its last committed part.</summary>
    public const string MarkerTable = "read_model_rebuild";

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

    /// <summary>
    /// The service's store configuration in districts mode (ADR 0047): a database per district, each its own tenant,
    /// every one on the rebuild's connection. The city database holds no read model.
    /// </summary>
    public static DocumentStore DistrictStore(DistrictSettings districts, PolicyBook policies)
    {
        ArgumentNullException.ThrowIfNull(districts);
        var rebuilding = new DistrictSettings(
            districts.Ids.ToDictionary(id => id, id => LedgerStore.ForProjectionRebuild(districts.ConnectionStringOf(id))), districts.City);
        return DocumentStore.For(options =>
        {
            options.ConfigureLedgerStore(LedgerStore.ForProjectionRebuild(districts.City!), policies).WithDistrictDatabases(rebuilding);
            options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
        });
    }

    /// <param name="partEvents">Events per part; a part at least as large as the store rebuilds in one transaction, as ADR 0020 did.</param>
    /// <param name="tenant">The district whose database is rebuilt (districts mode, ADR 0047); null: the store's single database.</param>
    public static async Task RebuildAllAsync(
        this DocumentStore store, IProgress<RebuildProgress>? progress, CancellationToken cancellation, long partEvents = DefaultPartEvents, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(partEvents, 1);
        var folds = store.Options.ReadModelFolds();
        var schema = store.Options.Events.DatabaseSchemaName;
        var database = tenant is null ? store.Storage.Database : await store.Storage.FindOrCreateDatabase(tenant);
        await database.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await ExecuteAsync(connection, $"""
            CREATE TABLE IF NOT EXISTS {schema}.{MarkerTable} (
                id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), last_seq_id bigint NOT NULL, done_seq_id bigint NOT NULL, started_at timestamptz NOT NULL DEFAULT now())
            """, cancellation);
        var documents = new StoredDocuments(store, connection);
        long? lastSequence = null;
        long done = 0;
        var parts = 0;
        while (lastSequence is null || done < lastSequence)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            // Appends wait until the part commits (and then apply their inline projections to the part's documents), rather
            // than land on documents the part is about to replace. Reading the events is not blocked.
            await ExecuteAsync(connection, $"LOCK TABLE {schema}.mt_events IN EXCLUSIVE MODE", cancellation);
            var inStore = await ScalarAsync<long>(connection, $"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", cancellation);
            Task emptied = Task.CompletedTask;
            var complete = false;
            if (lastSequence is null)
            {
                var marker = await MarkerAsync(connection, schema, cancellation);
                if (marker is { Last: var last, Done: var resumeAt } && last == inStore)
                {
                    (lastSequence, done) = (last, resumeAt);
                    progress?.Report(new RebuildProgress(done, inStore) { Step = $"an unfinished rebuild resumes after event {done:#,0} of {inStore:#,0}" });
                }
                else
                {
                    if (marker is not null)
                    {
                        progress?.Report(new RebuildProgress(0, inStore)
                        {
                            Step = $"an unfinished rebuild (to event {marker.Value.Last:#,0}) starts over: events were appended since, and their inline read models were written over its parts",
                        });
                    }

                    (lastSequence, done, complete) = (inStore, 0, true);
                    // The read models are emptied while the first part's events are read: emptying a table waits for
                    // autovacuum to give way (up to a second per table). The marker is written in the same transaction.
                    var tables = folds.SelectMany(f => f.DocumentTypes).Select(type => TableOf(store, type).QualifiedName).Distinct();
                    emptied = ExecuteAsync(connection, $"""
                        TRUNCATE {string.Join(", ", tables)};
                        INSERT INTO {schema}.{MarkerTable} (last_seq_id, done_seq_id) VALUES ({inStore}, 0)
                        ON CONFLICT (id) DO UPDATE SET last_seq_id = excluded.last_seq_id, done_seq_id = 0, started_at = now()
                        """, cancellation);
                }
            }
            else if (inStore != lastSequence)
            {
                throw new InvalidOperationException(
                    $"Events were appended while the read models were being rebuilt (is the service running?): stop it and run the rebuild again, which starts over. The read models are rebuilt to event {done:#,0} of {lastSequence:#,0}.");
            }

            var until = Math.Min(lastSequence.Value, done + partEvents);
            foreach (var fold in folds)
            {
                fold.BeginPart(complete ? null : documents);
            }

            var folding = FoldAsync(store, tenant, folds, done, until, lastSequence.Value, progress, cancellation);
            await Task.WhenAll(emptied, folding);
            var written = 0L;
            foreach (var fold in folds)
            {
                progress?.Report(new RebuildProgress(until, lastSequence.Value, $"{string.Join(", ", fold.DocumentTypes.Select(t => t.Name))}: {fold.Count:#,0} documents"));
                var changed = fold.Documents().ToLookup(d => d.Document.GetType());
                var deleted = fold.Deleted().ToLookup(d => d.Type, d => d.Id);
                foreach (var type in fold.DocumentTypes)
                {
                    written += await documents.WriteAsync(type, [.. changed[type]], [.. deleted[type]], complete, cancellation);
                }
            }

            if (until == lastSequence)
            {
                // Only the last part tells the async projections they have seen every event: a daemon running beside an
                // unfinished rebuild has nothing to do, and one started on it does not build on a part.
                await MarkProgressionAsync(store, connection, until, cancellation);
                await ExecuteAsync(connection, $"DELETE FROM {schema}.{MarkerTable}", cancellation);
            }
            else
            {
                await ExecuteAsync(connection, $"UPDATE {schema}.{MarkerTable} SET done_seq_id = {until}", cancellation);
            }
            await transaction.CommitAsync(cancellation);
            done = until;
            parts++;
            progress?.Report(new RebuildProgress(done, lastSequence.Value)
            {
                Step = $"part {parts} committed: {done:#,0} of {lastSequence:#,0} events folded, {written:#,0} documents written",
            });
        }
    }

    /// <summary>
    /// The unfinished rebuild of the database <paramref name="connection"/> is open on, if any: its target and the last event
    /// of its last committed part (null when none is unfinished, or no rebuild ever ran there).
    /// </summary>
    public static async Task<(long Last, long Done)?> UnfinishedAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation) =>
        await ScalarAsync<bool>(connection, $"SELECT to_regclass('{schema}.{MarkerTable}') IS NOT NULL", cancellation)
            ? await MarkerAsync(connection, schema, cancellation)
            : null;

    /// <summary>The unfinished rebuild's target and the last event of its last committed part; null when none is unfinished.</summary>
    private static async Task<(long Last, long Done)?> MarkerAsync(NpgsqlConnection connection, string schema, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT last_seq_id, done_seq_id FROM {schema}.{MarkerTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Reads the events after <paramref name="after"/> up to <paramref name="until"/> once, in order, and hands each page to every fold.</summary>
    private static async Task FoldAsync(
        DocumentStore store, string? tenant, IReadOnlyList<ReadModelFold> folds, long after, long until, long lastSequence, IProgress<RebuildProgress>? progress, CancellationToken cancellation)
    {
        var read = after;
        var reportedAt = Stopwatch.StartNew();
        var pages = new Queue<Task<IReadOnlyList<IEvent>>>();
        var nextPage = after;
        while (nextPage < until || pages.Count > 0)
        {
            while (pages.Count <= ReadAhead && nextPage < until)
            {
                pages.Enqueue(ReadPageAsync(store, tenant, nextPage, Math.Min(until, nextPage + PageSize), cancellation));
                nextPage += PageSize;
            }

            var page = await pages.Dequeue();
            foreach (var fold in folds)
            {
                await fold.FoldAsync(page, cancellation);
            }

            read = Math.Min(until, read + PageSize);
            if (reportedAt.Elapsed >= TimeSpan.FromSeconds(2))
            {
                progress?.Report(new RebuildProgress(read, lastSequence));
                reportedAt.Restart();
            }
        }
    }

    private static async Task<IReadOnlyList<IEvent>> ReadPageAsync(DocumentStore store, string? tenant, long after, long until, CancellationToken cancellation)
    {
        await using var session = tenant is null ? store.QuerySession() : store.QuerySession(tenant);
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= until)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
    }

    private static DbObjectName TableOf(DocumentStore store, Type documentType) =>
        ((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType).TableName;

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

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
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
