using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace TimeBank.Api.Hosting;

/// <summary>
/// A full rebuild of every read model, the way the operator's command (<c>dotnet run --project src/Api -- projections
/// rebuild</c>, JasperFx's <c>ProjectionHost</c>) runs it: one daemon, the high-water mark taken once, then every
/// projection rebuilt side by side, at most the store's <c>MaxConcurrentRebuildsPerDatabase</c> at a time. The benchmark
/// and the fault tests rebuild through here, so what they measure and compare is what an operator runs.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>The projections a rebuild writes: every one but live aggregations (which store nothing).</summary>
    public static IReadOnlyList<string> Names(DocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. store.Options.Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).Select(p => p.Name)];
    }

    public static async Task RebuildAllAsync(this DocumentStore store, TimeSpan shardTimeout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        await AnalyzeEventsAsync(store, cancellation);
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = daemon.MaxConcurrentRebuildsPerDatabase is > 0 and var cap ? cap : -1,
            CancellationToken = cancellation,
        };
        await Parallel.ForEachAsync(Names(store), parallel, async (name, token) => await daemon.RebuildProjectionAsync(name, shardTimeout, token));
        await daemon.StopAllAsync();
    }

    /// <summary>
    /// Fresh planner statistics for the event tables before the rebuild pages through them: without them (a table just
    /// filled, not yet seen by autovacuum) PostgreSQL plans each page as a join and sort of the whole remaining range.
    /// </summary>
    private static async Task AnalyzeEventsAsync(DocumentStore store, CancellationToken cancellation)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var analyze = new NpgsqlCommand($"ANALYZE {schema}.mt_events; ANALYZE {schema}.mt_streams;", connection);
        await analyze.ExecuteNonQueryAsync(cancellation);
    }
}
