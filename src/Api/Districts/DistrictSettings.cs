using Npgsql;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// The districts a deployment serves, each with a database of its own, and the city database beside them
/// (docs/adr/0047-a-database-per-district.md). Read from configuration only: <c>Districts:&lt;id&gt;</c> = a district's
/// connection string, <c>ConnectionStrings:City</c> (or <c>City</c>) = the city's. No district configured: the single
/// database of today, and every member here says so (<see cref="IsOn"/> false).
/// </summary>
public sealed class DistrictSettings
{
    public const string SectionName = "Districts";
    public const string CityConnectionName = "City";

    private readonly IReadOnlyDictionary<string, string> _districts;

    /// <summary>Districts whose database has not been reached (schema applied) since this node started: refused with <c>DISTRICT_UNAVAILABLE</c>.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _unavailable = new(StringComparer.Ordinal);

    public DistrictSettings(IReadOnlyDictionary<string, string> districts, string? city)
    {
        ArgumentNullException.ThrowIfNull(districts);
        _districts = districts;
        City = city;
        if (IsOn && string.IsNullOrWhiteSpace(city))
        {
            throw new StartupProblem(
                $"Districts are configured ({string.Join(", ", districts.Keys)}) but no city database: set ConnectionStrings:City (environment variable ConnectionStrings__City).");
        }
    }

    /// <summary>The single database of today: no district configured.</summary>
    public static DistrictSettings None { get; } = new(new Dictionary<string, string>(), null);

    /// <summary>Districts mode: at least one district configured.</summary>
    public bool IsOn => _districts.Count > 0;

    /// <summary>The city database's connection string (districts mode only): Wolverine's main message store and the city directory.</summary>
    public string? City { get; }

    /// <summary>The configured districts' ids, in order.</summary>
    public IReadOnlyList<string> Ids => [.. _districts.Keys.Order(StringComparer.Ordinal)];

    public string ConnectionStringOf(string district) => _districts[district];

    public bool IsConfigured(string? district) => district is not null && _districts.ContainsKey(district);

    /// <summary>A district is unavailable until <see cref="DistrictSchemas"/> has applied its schema on this node.</summary>
    public void MarkUnavailable(string district) => _unavailable[district] = true;

    public void MarkAvailable(string district) => _unavailable.TryRemove(district, out _);

    public bool IsAvailable(string district) => !_unavailable.ContainsKey(district);

    /// <summary>The configured districts this node has not been able to take up yet, in order.</summary>
    public IReadOnlyList<string> Unavailable => [.. _unavailable.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The district, when this deployment has a database for it; otherwise a refusal, and nothing is written.</summary>
    public string Require(string? district) =>
        IsConfigured(district)
            ? IsAvailable(district!) ? district! : throw new LedgerRefusal(RefusalCodes.DistrictUnavailable,
                $"The database of district '{district}' has not been reachable since this node started; try again later.")
            : throw new LedgerRefusal(RefusalCodes.UnknownDistrict, string.IsNullOrWhiteSpace(district)
                ? $"The request names no district; this deployment serves the districts {string.Join(", ", Ids)}."
                : $"The district '{district}' has no database in this deployment; it serves {string.Join(", ", Ids)}.");

    public static DistrictSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var districts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var district in configuration.GetSection(SectionName).GetChildren())
        {
            if (string.IsNullOrWhiteSpace(district.Value))
            {
                continue;
            }

            try
            {
                _ = new NpgsqlConnectionStringBuilder(district.Value);
            }
            catch (ArgumentException e)
            {
                throw new StartupProblem($"The connection string of district '{district.Key}' (Districts:{district.Key}) is not valid: {e.Message}", e);
            }

            districts[district.Key] = district.Value;
        }

        var city = configuration.GetConnectionString(CityConnectionName) is { Length: > 0 } named ? named : configuration[CityConnectionName];
        return districts.Count == 0 ? None : new DistrictSettings(districts, city);
    }
}
