using System.Globalization;

namespace TimeBank.Bench;

/// <summary>The command line: <c>[scenario…] [--duration 10s] [--events N] [--volunteers N] [--no-docs] [--build-output]</c>.</summary>
/// <param name="BuildOutput">Run the API's plain build output (src/Api/bin/Release) instead of its ReadyToRun publish.</param>
public sealed record BenchSettings(IReadOnlyList<string> Scenarios, TimeSpan Duration, long Events, int Volunteers, bool WriteDocs, bool BuildOutput, string CommandLine)
{
    public static BenchSettings Parse(string[] args, IReadOnlyList<string> known)
    {
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
                        $"Unknown argument '{args[i]}'. Scenarios: {string.Join(", ", known)}; options: --duration 10s, --events N, --volunteers N, --no-docs, --build-output.");
            }
        }

        if (duration <= TimeSpan.Zero || events < 1_000 || volunteers < 16)
        {
            throw new ArgumentException("--duration must be positive, --events at least 1000, --volunteers at least 16.");
        }

        var command = "dotnet run --project bench/TimeBank.Bench -c Release" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
        return new BenchSettings(scenarios.Count > 0 ? scenarios : known, duration, events, volunteers, writeDocs, buildOutput, command);
    }

    private static TimeSpan ParseDuration(string text) => text switch
    {
        _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('s') => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ when text.EndsWith('m') => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };
}
