using TimeBank.Api.Auth;
using TimeBank.LocalDatabase;

namespace TimeBank.TestSupport;

/// <summary>The city database in the project's cluster; the north and the south each in a cluster of their own (ADR 0047).</summary>
public sealed record DistrictWorld(LocalPostgres CityCluster, LocalPostgres SouthCluster, string CityDatabase, string NorthDatabase, string SouthDatabase)
{
    public const string North = "north";
    public const string South = "south";

    public static async Task<DistrictWorld> StartAsync()
    {
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var city = new LocalPostgres(new LocalPostgresOptions(root));
        var northCluster = new LocalPostgres(new LocalPostgresOptions(root) { DataDirectory = Path.Combine(root, ".local", "pg-north"), PreferredPort = 55442 });
        var southCluster = new LocalPostgres(new LocalPostgresOptions(root) { DataDirectory = Path.Combine(root, ".local", "pg-south"), PreferredPort = 55452 });
        await city.EnsureRunningAsync();
        await northCluster.EnsureRunningAsync();
        await southCluster.EnsureRunningAsync();
        var run = Guid.NewGuid().ToString("N")[..12];
        return new DistrictWorld(city, southCluster,
            await city.CreateDatabaseAsync($"timebank_city_{run}"),
            await northCluster.CreateDatabaseAsync($"timebank_north_{run}"),
            await southCluster.CreateDatabaseAsync($"timebank_south_{run}"));
    }

    /// <summary>
    /// Starts the south's cluster again, and fails loudly when it came back on another port than its database's connection
    /// string names (another cluster on this machine took the port while it was down): a node could never reach it.
    /// </summary>
    public async Task StartSouthAgainAsync()
    {
        var port = new Npgsql.NpgsqlConnectionStringBuilder(await SouthCluster.EnsureRunningAsync()).Port;
        var named = new Npgsql.NpgsqlConnectionStringBuilder(SouthDatabase).Port;
        if (port != named)
        {
            throw new InvalidOperationException($"The south's cluster came back on port {port}, not {named}: another cluster took the port while it was down.");
        }
    }

    /// <summary>A third district's database, in the city's cluster.</summary>
    public Task<string> AddDistrictAsync(string district) =>
        CityCluster.CreateDatabaseAsync($"timebank_{district}_{Guid.NewGuid():N}"[..30]);

    /// <summary>The district's database.</summary>
    public string DatabaseOf(string district) => district switch
    {
        North => NorthDatabase,
        South => SouthDatabase,
        _ => throw new ArgumentOutOfRangeException(nameof(district), district, "Not a district of this world."),
    };

    /// <summary>A node of this world: the city database and both districts, with <paramref name="more"/> settings.</summary>
    public ApiProcessOptions Options(IReadOnlyDictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__City"] = CityDatabase,
            [$"Districts__{North}"] = NorthDatabase,
            [$"Districts__{South}"] = SouthDatabase,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new ApiProcessOptions(CityDatabase) { Environment = environment };
    }

    public static string Admin(TokenIssuer tokens, string district)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return GraphQLCity.AdminToken(tokens, district);
    }

    public static string Volunteer(TokenIssuer tokens, Guid volunteerId, string district)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.Issue(new TokenClaims(volunteerId.ToString(), "volunteer", [], HomeDistrict: district), TimeSpan.FromHours(1));
    }

    /// <summary>A city administrator whose token names no district: city-level reads come from every district.</summary>
    public static string CityAdmin(TokenIssuer tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.Issue(new TokenClaims(Guid.Parse("00000000-0000-0000-0000-00000000a002").ToString(), "city_admin", []), TimeSpan.FromHours(1));
    }

    /// <summary>A cashier of <paramref name="merchantId"/>, a merchant of <paramref name="district"/>.</summary>
    public static string Cashier(TokenIssuer tokens, Guid merchantId, string district)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.Issue(new TokenClaims(Guid.CreateVersion7().ToString(), "merchant", [], merchantId, HomeDistrict: district), TimeSpan.FromHours(1));
    }
}
