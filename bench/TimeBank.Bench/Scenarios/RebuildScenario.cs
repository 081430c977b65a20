using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using TimeBank.Api.Infrastructure;
using TimeBank.Projections;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// A full rebuild of every projection over a generated history (<see cref="LedgerHistoryGenerator"/>, 1,000,000 events
/// unless <c>--events</c> says otherwise), in a database of its own, with the service's own store configuration.
/// The history is appended as the service writes it (inline projections applied with every batch, then the async
/// daemon caught up), and those live read models are kept as a digest. The rebuild is then timed, run the way the
/// operator's <c>rebuild-read-models</c> runs it (<see cref="ProjectionRebuild"/>), and its read models must equal the
/// live ones.
/// </summary>
public sealed class RebuildScenario : IBenchScenario
{
    private const int BatchSize = 5_000;

    public string Name => "rebuild";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var connectionString = run.RebuildConnectionString;
        using var store = DocumentStore.For(options => options.ConfigureLedgerStore(connectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var events = await GenerateAsync(connectionString, run.Settings.Events, cancellation);
        await CatchUpAsync(store, cancellation);
        var live = await ReadModelDigest.TakeAsync(connectionString, cancellation);

        var projections = store.Options.ReadModelFolds().Select(f => f.ProjectionName).ToList();
        Console.WriteLine($"  rebuilding {projections.Count} projections in one pass over {events:#,0} events: {string.Join(", ", projections)}");
        // As `rebuild-read-models` runs it.
        using var rebuilding = ProjectionRebuild.Store(connectionString);
        var clock = Stopwatch.StartNew();
        await rebuilding.RebuildAllAsync(new ShowProgress(clock), cancellation);
        clock.Stop();
        var rebuilt = await ReadModelDigest.TakeAsync(connectionString, cancellation);
        var differing = live.Tables.Keys.Union(rebuilt.Tables.Keys)
            .Where(t => live.Tables.GetValueOrDefault(t) != rebuilt.Tables.GetValueOrDefault(t)).Order().ToList();
        if (differing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The rebuilt read models differ from the live ones in {string.Join(", ", differing.Select(t => $"{t} (live {live.Tables.GetValueOrDefault(t)}, rebuilt {rebuilt.Tables.GetValueOrDefault(t)})"))}.");
        }

        var rate = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  rebuilt in {BenchRun.Seconds(clock.Elapsed)} ({BenchRun.Number(rate)} events/s); read models equal the live ones: {live.Documents:#,0} documents");
        return
        [
            new Figure($"full rebuild of all {projections.Count} projections over {events:#,0} generated events: events/s", BenchRun.Number(rate), "", "", "≥ 50,000 events/s",
                $"{BenchRun.Seconds(clock.Elapsed)} in all, in one pass as `rebuild-read-models`; {live.Documents:#,0} documents, equal to the live ones"),
        ];
    }

    /// <summary>Appends the history in batches through the service's own store: inline projections run as they do live.</summary>
    private static async Task<long> GenerateAsync(string connectionString, long target, CancellationToken cancellation)
    {
        using var store = DocumentStore.For(options =>
        {
            options.ConfigureLedgerStore(connectionString);
            options.Events.AppendMode = EventAppendMode.Quick;
        });
        var clock = Stopwatch.StartNew();
        long appended = 0;
        var nextReport = target / 10;
        var session = store.LightweightSession();
        try
        {
            var inBatch = 0;
            foreach (var (streamId, @event) in new LedgerHistoryGenerator().Generate(target))
            {
                session.Events.Append(streamId, @event);
                appended++;
                if (++inBatch < BatchSize)
                {
                    continue;
                }

                await session.SaveChangesAsync(cancellation);
                await session.DisposeAsync();
                session = store.LightweightSession();
                inBatch = 0;
                if (appended >= nextReport)
                {
                    Console.WriteLine($"    generated {appended:#,0} / {target:#,0} events ({BenchRun.Number(appended / clock.Elapsed.TotalSeconds)} events/s)");
                    nextReport += target / 10;
                }
            }

            await session.SaveChangesAsync(cancellation);
        }
        finally
        {
            await session.DisposeAsync();
        }

        Console.WriteLine($"  generated {appended:#,0} events in {BenchRun.Seconds(clock.Elapsed)}, inline projections applied");
        return appended;
    }

    /// <summary>Lets the async daemon process the whole history, as the running service would have.</summary>
    private static async Task CatchUpAsync(DocumentStore store, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(30));
        await daemon.StopAllAsync();
        cancellation.ThrowIfCancellationRequested();
        Console.WriteLine($"  async projections caught up in {BenchRun.Seconds(clock.Elapsed)}: these are the live read models");
    }

    /// <summary>Prints the rebuild's progress as it reports it: events read, then each read model as it is written.</summary>
    private sealed class ShowProgress(Stopwatch clock) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => Console.WriteLine($"      {BenchRun.Seconds(clock.Elapsed)}: {value}");
    }
}
