using System.Diagnostics;
using System.Globalization;
using TimeBank.Api.Districts;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Hosting;

/// <summary>
/// <c>dotnet run --project src/Api -- rebuild-read-models [--district &lt;id&gt;] [--part-events N]</c>: rebuilds every read
/// model from the events in bounded parts (<see cref="ProjectionRebuild"/>, ADR 0020 and 0049), printing each part as it
/// commits; a rebuild stopped part-way resumes when run again. In districts mode (ADR 0047) every district's database is
/// rebuilt, one after another, each as its own tenant, or only the one named. Appends wait while a part runs; stop the
/// service first all the same: it must not run on half-rebuilt read models.
/// </summary>
public static class RebuildReadModelsCommand
{
    public const string Name = "rebuild-read-models";

    public const string Usage = "Usage: rebuild-read-models [--district <id>] [--part-events N]";

    public static async Task<int> RunAsync(
        IConfiguration configuration, string contentRoot, ILogger logger, TextWriter output, CancellationToken cancellation, IReadOnlyList<string>? args = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Parse(args ?? []) is not { } options)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        // The service's own district policies, so that what the rebuild counts by them (KPIs) is what the service counted.
        var policies = new PolicyBook(configuration.GetSection("Policies").Get<PolicyOptions>() ?? new PolicyOptions());
        var districts = DistrictSettings.FromConfiguration(configuration);
        var clock = Stopwatch.StartNew();
        if (!districts.IsOn)
        {
            if (options.District is { } named)
            {
                await output.WriteLineAsync($"{RefusalCodes.UnknownDistrict}: no districts are configured here, so there is no district '{named}' to rebuild; run without --district.");
                return 2;
            }

            var connectionString = await DatabaseConnection.ResolveAsync(configuration, contentRoot, () => logger, cancellation);
            using var store = ProjectionRebuild.Store(connectionString, policies);
            await store.RebuildAllAsync(new ConsoleReport(output, clock, null), cancellation, options.PartEvents);
            await output.WriteLineAsync($"Every read model is rebuilt from the events, in {clock.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }

        if (options.District is { } district && !districts.IsConfigured(district))
        {
            await output.WriteLineAsync($"{RefusalCodes.UnknownDistrict}: the district '{district}' has no database here; the districts are {string.Join(", ", districts.Ids)}.");
            return 2;
        }

        using (var store = ProjectionRebuild.DistrictStore(districts, policies))
        {
            foreach (var each in options.District is { } one ? [one] : districts.Ids)
            {
                await output.WriteLineAsync($"district {each}:");
                await store.RebuildAllAsync(new ConsoleReport(output, clock, each), cancellation, options.PartEvents, tenant: each);
                await output.WriteLineAsync($"District {each}: every read model is rebuilt from its events, at {clock.Elapsed.TotalSeconds:0.0} s.");
            }
        }

        return 0;
    }

    private sealed record Options(string? District, long PartEvents);

    private static Options? Parse(IReadOnlyList<string> args)
    {
        string? district = null;
        var partEvents = ProjectionRebuild.DefaultPartEvents;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--district" when i + 1 < args.Count && !string.IsNullOrWhiteSpace(args[i + 1]):
                    district = args[++i];
                    break;
                case "--part-events" when i + 1 < args.Count
                    && long.TryParse(args[i + 1].Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var events)
                    && events > 0:
                    partEvents = events;
                    i++;
                    break;
                default:
                    return null;
            }
        }

        return new Options(district, partEvents);
    }

    private sealed class ConsoleReport(TextWriter output, Stopwatch clock, string? district) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) =>
            output.WriteLine(district is null ? $"{clock.Elapsed.TotalSeconds,6:0.0} s  {value}" : $"{clock.Elapsed.TotalSeconds,6:0.0} s  {district}: {value}");
    }
}
