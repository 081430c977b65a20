using System.Globalization;

namespace TimeBank.Bench;

/// <summary>
/// The command line: <c>[scenario…] [--duration 10s] [--events N] [--volunteers N] [--city-volunteers N]
/// [--city-communities N] [--city-burst N] [--city-part-events N] [--city-no-one-part] [--city-keep] [--no-docs] [--build-output]</c>.
/// </summary>
/// <param name="BuildOutput">Run the API's plain build output (src/Api/bin/Release) instead of its ReadyToRun publish.</param>
public sealed record BenchSettings(IReadOnlyList<string> Scenarios, TimeSpan Duration, long Events, int Volunteers, bool WriteDocs, bool BuildOutput, string CommandLine)
{
    /// <summary>Volunteers of the city scenario's generated city (~10 events each).</summary>
    public int CityVolunteers { get; init; } = 1_000_000;

    /// <summary>Communities of the city scenario's generated city.</summary>
    public int CityCommunities { get; init; } = 2_000;

    /// <summary>Events per part of the city scenario's rebuild (ADR 0049), beside the same rebuild in one part.</summary>
    public long CityPartEvents { get; init; } = Api.Infrastructure.ProjectionRebuild.DefaultPartEvents;

    /// <summary>Records verified in the burst whose catch-up the city scenario times.</summary>
    public int CityBurst { get; init; } = 100_000;

    /// <summary>
    /// Skip the city's rebuild in one part (the baseline of the rebuild in parts): at the full city it holds every
    /// document in memory (~11 GB at 9.3 million events) and takes longer than the rest of the scenario.
    /// </summary>
    public bool CityOnePart { get; init; } = true;

    /// <summary>Keep the generated city in a database of its own, and take it as it is in the next run of the same size (<see cref="KeptCity"/>).</summary>
    public bool CityKeep { get; init; }

    /// <summary>
    /// Scenarios that run only when named: the city generates ten million events; the web pages need chromium (installed
    /// with apt-get where missing, as root) and a second service with the demo city, and measure the browser's side, not
    /// the service's throughput that the default run compares with its baselines.
    /// </summary>
    public static readonly IReadOnlyList<string> OnlyWhenNamed = ["cluster", "districts", "city", "web"];

    public static BenchSettings Parse(string[] args, IReadOnlyList<string> known)
    {
        var cityVolunteers = 1_000_000;
        var cityCommunities = 2_000;
        var cityBurst = 100_000;
        var cityPartEvents = Api.Infrastructure.ProjectionRebuild.DefaultPartEvents;
        var cityOnePart = true;
        var cityKeep = false;
        int Count(string text) => int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var scenarios = new List<string>();
        var duration = TimeSpan.FromSeconds(10);
        long events = 1_000_000;
        var volunteers = 500;
        var writeDocs = true;
        var buildOutput = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--duration":
                    duration = ParseDuration(Value());
                    break;
                case "--events":
                    events = long.Parse(Value().Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                    break;
                case "--volunteers":
                    volunteers = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--city-volunteers":
                    cityVolunteers = Count(Value());
                    break;
                case "--city-communities":
                    cityCommunities = Count(Value());
                    break;
                case "--city-burst":
                    cityBurst = Count(Value());
                    break;
                case "--city-part-events":
                    cityPartEvents = Count(Value());
                    break;
                case "--city-no-one-part":
                    cityOnePart = false;
                    break;
                case "--city-keep":
                    cityKeep = true;
                    break;
                case "--no-docs":
                    writeDocs = false;
                    break;
                case "--build-output":
                    buildOutput = true;
                    break;
                case var name when known.Contains(name):
                    scenarios.Add(name);
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown argument '{args[i]}'. Scenarios: {string.Join(", ", known)}; options: --duration 10s, --events N, --volunteers N, --city-volunteers N, --city-communities N, --city-burst N, --city-part-events N, --city-no-one-part, --city-keep, --no-docs, --build-output.");
            }
        }

        if (duration <= TimeSpan.Zero || events < 1_000 || volunteers < 16)
        {
            throw new ArgumentException("--duration must be positive, --events at least 1000, --volunteers at least 16.");
        }

        if (cityCommunities < 1 || cityVolunteers < 100 * cityCommunities / 10 || cityBurst < 20 || cityPartEvents < 1)
        {
            throw new ArgumentException("--city-communities must be positive, --city-volunteers at least 10 a community, --city-burst at least 20, --city-part-events positive.");
        }

        var command = "dotnet run --project bench/TimeBank.Bench -c Release" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
        return new BenchSettings(scenarios.Count > 0 ? scenarios : [.. known.Except(OnlyWhenNamed)], duration, events, volunteers, writeDocs, buildOutput, command)
        {
            CityVolunteers = cityVolunteers,
            CityCommunities = cityCommunities,
            CityBurst = cityBurst,
            CityPartEvents = cityPartEvents,
            CityOnePart = cityOnePart,
            CityKeep = cityKeep,
        };
    }

    private static TimeSpan ParseDuration(string text) => text switch
    {
        _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('s') => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('m') => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };
}
