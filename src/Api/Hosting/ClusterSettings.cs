using System.Globalization;
using TimeBank.Api.Infrastructure;
using Wolverine;

namespace TimeBank.Api.Hosting;

/// <summary>How the nodes of one database work together (docs/adr/0046-several-nodes.md).</summary>
public enum ClusterMode
{
    /// <summary>One node per database, the default: it owns every agent and takes over a crashed predecessor's messages at once.</summary>
    Solo,

    /// <summary>Several nodes against the same database: Wolverine elects a leader and places each agent on exactly one node.</summary>
    Balanced,
}

/// <summary>
/// The <c>Cluster</c> configuration section: <c>Mode</c> (<c>Solo</c> by default, or <c>Balanced</c>) and optional overrides
/// of Wolverine's node timings (<c>HealthCheckPollingTime</c>, <c>StaleNodeTimeout</c>, <c>CheckAssignmentPeriod</c>, as
/// TimeSpans such as <c>00:00:05</c>). A bad value stops the start with a <see cref="StartupProblem"/>.
/// </summary>
public sealed record ClusterSettings(
    ClusterMode Mode, TimeSpan? HealthCheckPollingTime = null, TimeSpan? StaleNodeTimeout = null, TimeSpan? CheckAssignmentPeriod = null)
{
    public const string SectionName = "Cluster";

    /// <summary>
    /// Wolverine places the async projection shards on the nodes (Balanced); alone, the node runs Marten's own daemon
    /// (Solo), which came back from a PostgreSQL restart where Wolverine's agents did not always (ADR 0046).
    /// </summary>
    public bool WolverineRunsProjections => Mode == ClusterMode.Balanced;

    public static ClusterSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var mode = section["Mode"] switch
        {
            null or "" => ClusterMode.Solo,
            var text when Enum.TryParse<ClusterMode>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _) => parsed,
            var text => throw new StartupProblem(
                $"{SectionName}:Mode is '{text}'; it must be Solo (one node per database, the default) or Balanced (several nodes against the same database)."),
        };
        return new ClusterSettings(mode, Time(section, "HealthCheckPollingTime"), Time(section, "StaleNodeTimeout"), Time(section, "CheckAssignmentPeriod"));
    }

    private static TimeSpan? Time(IConfigurationSection section, string key)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var time) && time > TimeSpan.Zero
            ? time
            : throw new StartupProblem($"{SectionName}:{key} is '{text}'; it must be a positive time span such as 00:00:05 (five seconds).");
    }

    /// <summary>Wolverine's durability mode and node timings.</summary>
    public void ApplyTo(DurabilitySettings durability)
    {
        ArgumentNullException.ThrowIfNull(durability);
        durability.Mode = Mode == ClusterMode.Balanced ? DurabilityMode.Balanced : DurabilityMode.Solo;
        if (HealthCheckPollingTime is { } polling)
        {
            durability.HealthCheckPollingTime = polling;
        }

        if (StaleNodeTimeout is { } stale)
        {
            durability.StaleNodeTimeout = stale;
        }

        if (CheckAssignmentPeriod is { } check)
        {
            durability.CheckAssignmentPeriod = check;
        }
    }
}
