using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace TimeBank.Bench;

/// <summary>
/// Copies a generated city into the event store with Marten's bulk event import
/// (<see cref="DocumentStore.BulkInsertEventStreamAsync(string, IReadOnlyList{BulkEventStreamHeader}, IAsyncEnumerable{IEvent}, int, CancellationToken)"/>:
/// binary COPY into mt_streams and mt_events, sequence numbers drawn in arrival order, so the global order is the
/// history's time order). No inline projection runs: the read models are built afterwards by the single-pass rebuild.
/// The history is cut into chunks of <see cref="ChunkEvents"/> events, each one import (one transaction) with the
/// headers of the streams it begins; the next chunk is generated on another thread while one is copied. Each event keeps
/// its time as its timestamp. The import writes a stream's header when its first event comes, so at the end one UPDATE
/// sets every imported stream's version to its last event's.
/// </summary>
public static class CityImport
{
    public const int ChunkEvents = 200_000;

    private const int CopyBatch = 50_000;

    public static async Task<long> ImportAsync(DocumentStore store, string connectionString, IEnumerable<CityEvent> history, long expected, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var graph = (Marten.Events.EventGraph)store.Options.Events;
        var firstSequence = await MaxSequenceAsync(connectionString, cancellation);
        var chunks = Channel.CreateBounded<(List<IEvent> Events, List<BulkEventStreamHeader> Headers)>(1);
        var producer = Task.Run(async () =>
        {
            try
            {
                var events = new List<IEvent>(ChunkEvents);
                var headers = new List<BulkEventStreamHeader>();
                foreach (var e in history)
                {
                    var built = graph.BuildEvent(e.Event);
                    built.StreamId = e.StreamId;
                    built.Version = e.Version;
                    built.Timestamp = e.At;
                    built.Id = Guid.CreateVersion7(e.At);
                    events.Add(built);
                    if (e.Version == 1)
                    {
                        headers.Add(new BulkEventStreamHeader { Id = e.StreamId, Version = 1 });
                    }

                    if (events.Count == ChunkEvents)
                    {
                        await chunks.Writer.WriteAsync((events, headers), cancellation);
                        events = new List<IEvent>(ChunkEvents);
                        headers = [];
                    }
                }

                if (events.Count > 0)
                {
                    await chunks.Writer.WriteAsync((events, headers), cancellation);
                }

                chunks.Writer.Complete();
            }
            catch (Exception e)
            {
                chunks.Writer.Complete(e);
            }
        }, cancellation);

        var clock = Stopwatch.StartNew();
        long imported = 0;
        var nextReport = 0L;
        await foreach (var (events, headers) in chunks.Reader.ReadAllAsync(cancellation))
        {
            await store.BulkInsertEventStreamAsync("*DEFAULT*", headers, ToAsync(events), CopyBatch, cancellation);
            imported += events.Count;
            if (imported >= nextReport)
            {
                var rate = imported / clock.Elapsed.TotalSeconds;
                var eta = TimeSpan.FromSeconds(Math.Max(0, expected - imported) / Math.Max(1, rate));
                Console.WriteLine($"    {imported:#,0} / ~{expected:#,0} events, {BenchRun.Number(rate)} events/s, ETA {eta:hh\\:mm\\:ss}");
                nextReport = imported + Math.Max(ChunkEvents, expected / 20);
            }
        }

        await producer;
        var versions = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand($"""
            UPDATE {store.Options.Events.DatabaseSchemaName}.mt_streams s SET version = e.v
            FROM (SELECT stream_id, max(version) AS v FROM {store.Options.Events.DatabaseSchemaName}.mt_events WHERE seq_id > @first GROUP BY stream_id) e
            WHERE s.id = e.stream_id AND s.version <> e.v
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("first", firstSequence);
        var updated = await command.ExecuteNonQueryAsync(cancellation);
        Console.WriteLine($"    {imported:#,0} events copied in {BenchRun.Seconds(clock.Elapsed)} ({BenchRun.Number(imported / clock.Elapsed.TotalSeconds)} events/s); {updated:#,0} streams' versions set in {BenchRun.Seconds(versions.Elapsed)}");
        return imported;
    }

    private static async Task<long> MaxSequenceAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("SELECT coalesce(max(seq_id), 0) FROM timebank.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

#pragma warning disable CS1998 // An async iterator over a list: the import's parameter type.
    private static async IAsyncEnumerable<IEvent> ToAsync(List<IEvent> events)
    {
        foreach (var e in events)
        {
            yield return e;
        }
    }
#pragma warning restore CS1998
}
