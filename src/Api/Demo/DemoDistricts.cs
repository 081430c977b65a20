using System.Text.RegularExpressions;
using TimeBank.Api.Auth;
using TimeBank.Api.Districts;
using TimeBank.Api.Infrastructure;
using TimeBank.Demo;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Demo;

/// <summary>
/// The demo city in districts mode (docs/adr/0047-a-database-per-district.md): <c>dotnet run --project src/Api --
/// --districts north,south</c> (configuration <c>Demo:Districts</c>). Each id names one of the demo city's districts, in
/// order (市南区, 市北区); each district gets a local PostgreSQL cluster of its own (<c>.local/pg-&lt;id&gt;</c>) and the city
/// database is in the project's cluster (<c>.local/pg</c>). The connection strings are then configured as a deployment's
/// would be (<c>Districts:&lt;id&gt;</c>, <c>ConnectionStrings:City</c>): from there on the service cannot tell the demo
/// from a deployment. Districts configured explicitly win: nothing is provisioned then.
/// </summary>
public static partial class DemoDistricts
{
    public const string SettingName = "Demo:Districts";

    /// <summary>The databases' name prefix (default <c>timebank</c>): <c>&lt;prefix&gt;_city</c>, <c>&lt;prefix&gt;_&lt;id&gt;</c>. Tests use their own.</summary>
    public const string DatabaseSettingName = "Demo:Database";

    /// <summary>The command line's option for the same setting.</summary>
    public const string Option = "--districts";

    /// <summary>The first district's cluster's preferred port; each further district's is 10 above.</summary>
    private const int FirstPort = 55442;

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex Id();

    /// <summary>The ids of <c>Demo:Districts</c>, checked; null when not set.</summary>
    /// <exception cref="StartupProblem">Not one id per demo district, a repeated id or an id that is not a short lower-case word.</exception>
    public static IReadOnlyList<string>? IdsFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[SettingName] is not { Length: > 0 } setting)
        {
            return null;
        }

        var ids = setting.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var names = DemoCity.Districts;
        if (ids.Length != names.Count || ids.Distinct(StringComparer.Ordinal).Count() != ids.Length || !ids.All(Id().IsMatch))
        {
            throw new StartupProblem(
                $"{Option} (Demo:Districts) names the demo city's {names.Count} districts ({string.Join(", ", names)}), in that order, with {names.Count} different ids "
                + $"of lower-case letters and digits, such as {Option} north,south; got '{setting}'.");
        }

        return ids;
    }

    /// <summary>The id configured for the district of a demo community, or null when the demo runs in one database.</summary>
    public static string? DistrictOf(IConfiguration configuration, Guid communityId)
    {
        var ids = IdsFrom(configuration);
        return ids is null ? null : ids[DemoCity.Districts.ToList().IndexOf(DemoCity.Cast.Communities.Single(c => c.Id == communityId).District)];
    }

    /// <summary>
    /// A demo person's claims with their home district (<c>home_district</c>), when the demo runs in districts mode: a
    /// volunteer's home community's, a staff member's or a cashier's community's, the city admin's the first community's
    /// (where the city office registers communities). Anyone else's claims stay as they are.
    /// </summary>
    public static TokenClaims WithHomeDistrict(TokenClaims claims, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var cast = DemoCity.Cast;
        if (claims.HomeDistrict is not null || !Guid.TryParse(claims.Subject, out var subject) || IdsFrom(configuration) is null)
        {
            return claims;
        }

        Guid? community = subject == cast.CityAdminId ? cast.Communities[0].Id
            : cast.Volunteers.FirstOrDefault(v => v.Id == subject)?.HomeCommunityId
            ?? cast.Communities.FirstOrDefault(c => c.Staff.Contains(subject))?.Id
            ?? cast.Merchants.FirstOrDefault(m => m.CashierId == subject)?.CommunityId;
        return community is { } id ? claims with { HomeDistrict = DistrictOf(configuration, id) } : claims;
    }

    /// <summary>
    /// With <c>Demo:Districts</c> and no district configured: starts the clusters, creates the databases if missing and
    /// puts their connection strings into <paramref name="configuration"/>. Otherwise does nothing.
    /// </summary>
    public static async Task ProvisionAsync(IConfigurationManager configuration, string contentRoot, Func<ILogger> logger, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (IdsFrom(configuration) is not { } ids || DistrictSettings.FromConfiguration(configuration).IsOn)
        {
            return;
        }

        string root;
        try
        {
            root = LocalPostgres.FindProjectRoot(contentRoot);
        }
        catch (LocalPostgresException e)
        {
            throw new StartupProblem($"{Option} starts local PostgreSQL clusters in the TimeBank checkout, and none was found: {e.Message}", e);
        }

        var log = logger();
        var prefix = configuration[DatabaseSettingName] is { Length: > 0 } named ? named : "timebank";
        var city = new LocalPostgres(new LocalPostgresOptions(root) { Database = $"{prefix}_city" }, log).EnsureRunningAsync(cancellation);
        var districts = ids.Select((id, i) => new LocalPostgres(
            new LocalPostgresOptions(root) { DataDirectory = Path.Combine(root, ".local", $"pg-{id}"), PreferredPort = FirstPort + (10 * i), Database = $"{prefix}_{id}" },
            log).EnsureRunningAsync(cancellation)).ToList();
        var settings = new Dictionary<string, string?> { [$"ConnectionStrings:{DistrictSettings.CityConnectionName}"] = await city };
        for (var i = 0; i < ids.Count; i++)
        {
            settings[$"{DistrictSettings.SectionName}:{ids[i]}"] = await districts[i];
        }

        configuration.AddInMemoryCollection(settings);
        log.LogInformation("The demo city in districts mode: {Districts}, each in its own local cluster; the city database in the project's", string.Join(", ", ids));
    }
}
