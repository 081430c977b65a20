using System.Diagnostics;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Hosting;

/// <summary>
/// <c>dotnet run --project src/Api -- rebuild-read-models</c>: rebuilds every read model from the events in one pass
/// (<see cref="ProjectionRebuild"/>, ADR 0020), printing how far it has come. Appends wait while it runs; stop the service
/// first all the same, so that no request waits on it.
/// </summary>
public static class RebuildReadModelsCommand
{
    public const string Name = "rebuild-read-models";

    public static async Task<int> RunAsync(IConfiguration configuration, string contentRoot, ILogger logger, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(output);
        var connectionString = await DatabaseConnection.ResolveAsync(configuration, contentRoot, () => logger, cancellation);
        // The service's own district policies, so that what the rebuild counts by them (KPIs) is what the service counted.
        using var store = ProjectionRebuild.Store(connectionString, new PolicyBook(configuration.GetSection("Policies").Get<PolicyOptions>() ?? new PolicyOptions()));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var clock = Stopwatch.StartNew();
        await store.RebuildAllAsync(new ConsoleReport(output, clock), cancellation);
        output.WriteLine($"Every read model is rebuilt from the events, in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    private sealed class ConsoleReport(TextWriter output, Stopwatch clock) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {value}");
    }
}
