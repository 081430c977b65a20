using JasperFx.Events.Projections;
using Marten;

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
}
