using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Npgsql;
using TimeBank.Api.Hosting;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// A full rebuild of every projection over a generated history (<see cref="LedgerHistoryGenerator"/>, 1,000,000 events
/// unless <c>--events</c> says otherwise), in a database of its own, with the service's own store configuration.
/// The history is appended straight into the event store (no projection runs then); the rebuild is then timed.
/// </summary>
public sealed class RebuildScenario : IBenchScenario
{
    private const int BatchSize = 5_000;

    public string Name => "rebuild";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var target = run.Settings.Events;
        using var store = DocumentStore.For(options => options.ConfigureLedgerStore(run.RebuildConnectionString));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var events = await GenerateAsync(run.RebuildConnectionString, target, cancellation);

        var projections = store.Options.Projections.All.Select(p => p.Name).ToList();
        Console.WriteLine($"  rebuilding {projections.Count} projections over {events:#,0} events: {string.Join(", ", projections)}");
        using var daemon = await store.BuildProjectionDaemonAsync();
        var clock = Stopwatch.StartNew();
        foreach (var projection in projections)
        {
            var one = Stopwatch.StartNew();
            using var progress = ShowProgress(run.RebuildConnectionString, projection, events, cancellation);
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(10), cancellation);
            Console.WriteLine($"    {projection}: {BenchRun.Seconds(one.Elapsed)} ({BenchRun.Number(events / one.Elapsed.TotalSeconds)} events/s)");
        }

        clock.Stop();
        var rate = events / clock.Elapsed.TotalSeconds;
        return
        [
            new Figure($"full rebuild of all {projections.Count} projections over {events:#,0} generated events: events/s", BenchRun.Number(rate), "", "", "≥ 50,000 events/s",
                $"{BenchRun.Seconds(clock.Elapsed)} in all, one projection after another"),
        ];
    }

    private static async Task<long> GenerateAsync(string connectionString, long target, CancellationToken cancellation)
    {
        using var store = DocumentStore.For(options =>
        {
            options.ConfigureLedgerEvents(connectionString);
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

        Console.WriteLine($"  generated {appended:#,0} events in {BenchRun.Seconds(clock.Elapsed)}");
        return appended;
    }

    /// <summary>Prints, every two seconds, how far the projection's rebuild has come (its progression in the store).</summary>
    private static IDisposable ShowProgress(string connectionString, string projection, long events, CancellationToken cancellation)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _ = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
                await using var command = new NpgsqlCommand("SELECT coalesce(max(last_seq_id), 0) FROM timebank.mt_event_progression WHERE name LIKE @name", connection);
                command.Parameters.AddWithValue("name", projection + ":%");
                var at = (long)(await command.ExecuteScalarAsync(stop.Token))!;
                Console.WriteLine($"      {projection}: {at:#,0} / {events:#,0}");
            }
        }, stop.Token).ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
        return new Stopper(stop);
    }

    private sealed class Stopper(CancellationTokenSource source) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
