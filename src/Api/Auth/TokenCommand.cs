using System.Globalization;
using TimeBank.Demo;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Auth;

/// <summary>
/// <c>dotnet run --project src/Api -- token &lt;who&gt;</c>: prints a bearer token, signed with the local key, and nothing
/// else on standard output. Needs no database. Refuses when an identity provider (<c>Auth:Authority</c>) issues the tokens.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);
    private const int MaxHours = 24 * 30;

    public const string Usage = """
        Usage:
          token admin|staff|volunteer|merchant [--hours N]
          token --sub <uuid> --role volunteer|staff|merchant|city_admin|district_admin [--community <uuid>]... [--merchant <uuid>]
                [--district <name>] [--home-district <id>] [--hours N]
        Prints a bearer token for the demo city's admin, staff member of the first community, volunteer or cashier of its
        love supermarket, or for the
        claims given (a district admin names their district with --district; with a database per district, --home-district names the
        district whose database the bearer's requests use); it is valid for 8 hours unless --hours says otherwise (1 to 720).
        With Demo__Districts=north,south (the demo city in districts mode), a demo person's token names their home district.
        """;

    private static readonly string[] Roles = ["volunteer", "staff", "merchant", "city_admin", "district_admin"];

    /// <returns>The process exit code: 0 with the token on <paramref name="output"/>, otherwise 1 with the reason on <paramref name="error"/>.</returns>
    public static int Run(IReadOnlyList<string> args, IConfiguration configuration, string contentRoot, TimeProvider clock, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryParse(args, out var claims, out var lifetime, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 1;
        }

        try
        {
            // The demo city in districts mode (Demo:Districts): a demo person's token names their home district (ADR 0047).
            output.WriteLine(TokenIssuer.FromConfiguration(configuration, contentRoot, clock).Issue(Demo.DemoDistricts.WithHomeDistrict(claims, configuration), lifetime));
            return 0;
        }
        catch (StartupProblem e)
        {
            error.WriteLine($"No token minted: {e.Message}");
            return 1;
        }
    }

    internal static bool TryParse(IReadOnlyList<string> args, out TokenClaims claims, out TimeSpan lifetime, out string problem)
    {
        claims = null!;
        lifetime = DefaultLifetime;
        problem = string.Empty;
        string? who = null;
        Guid? subject = null;
        string? role = null;
        Guid? merchant = null;
        string? district = null;
        string? homeDistrict = null;
        var communities = new List<Guid>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (who is not null)
                {
                    problem = $"Name one demo user; got '{who}' and '{arg}'.";
                    return false;
                }

                who = arg;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                problem = $"{arg} needs a value.";
                return false;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--sub" when Guid.TryParse(value, out var s) && s != Guid.Empty:
                    subject = s;
                    break;
                case "--role" when Roles.Contains(value):
                    role = value;
                    break;
                case "--community" when Guid.TryParse(value, out var c) && c != Guid.Empty:
                    communities.Add(c);
                    break;
                case "--merchant" when Guid.TryParse(value, out var m) && m != Guid.Empty:
                    merchant = m;
                    break;
                case "--district" when !string.IsNullOrWhiteSpace(value):
                    district = value.Trim();
                    break;
                case "--home-district" when !string.IsNullOrWhiteSpace(value):
                    homeDistrict = value.Trim();
                    break;
                case "--hours" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is > 0 and <= MaxHours:
                    lifetime = TimeSpan.FromHours(hours);
                    break;
                case "--district" or "--home-district":
                    problem = $"{arg} must name a district.";
                    return false;
                case "--sub" or "--community" or "--merchant":
                    problem = $"{arg} must be a non-empty UUID; got '{value}'.";
                    return false;
                case "--role":
                    problem = $"--role must be one of {string.Join(", ", Roles)}; got '{value}'.";
                    return false;
                case "--hours":
                    problem = $"--hours must be a whole number from 1 to {MaxHours}; got '{value}'.";
                    return false;
                default:
                    problem = $"Unknown option {arg}.";
                    return false;
            }
        }

        if (who is not null)
        {
            if (subject is not null || role is not null || communities.Count > 0 || merchant is not null || district is not null || homeDistrict is not null)
            {
                problem = $"Give either a demo user ('{who}') or --sub/--role, not both.";
                return false;
            }

            TokenClaims? demo = who switch
            {
                "admin" => new TokenClaims(DemoPeople.CityAdminId, "city_admin"),
                "staff" => new TokenClaims(DemoPeople.FirstCommunityStaffId, "staff", DemoPeople.FirstCommunityId),
                "volunteer" => new TokenClaims(DemoPeople.VolunteerId, "volunteer"),
                "merchant" => new TokenClaims(DemoPeople.MerchantCashierId.ToString(), "merchant", [], DemoPeople.MerchantId),
                _ => null,
            };
            if (demo is null)
            {
                problem = $"Unknown demo user '{who}': use admin, staff, volunteer or merchant.";
                return false;
            }

            claims = demo;
            return true;
        }

        if (subject is null || role is null)
        {
            problem = "Name a demo user, or give both --sub and --role.";
            return false;
        }

        if (role == "merchant" && merchant is null)
        {
            problem = "A merchant token needs --merchant <uuid> (the merchant the cashier acts for).";
            return false;
        }

        if (role != "merchant" && merchant is not null)
        {
            problem = "--merchant goes only with --role merchant.";
            return false;
        }

        if ((role == "district_admin") != (district is not null))
        {
            problem = "A district admin token needs --district <name>, and --district goes only with --role district_admin.";
            return false;
        }

        claims = new TokenClaims(subject.Value.ToString(), role, communities, merchant, district, homeDistrict);
        return true;
    }
}
