using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace TimeBank.Bench;

/// <summary>What pgbench measured: transactions per second, their average latency, and the CPU time each party spent.</summary>
public sealed record PgbenchResult(double Tps, double AverageLatencyMs, long Transactions, CpuTimes Cpu, string Command)
{
    /// <summary>CPU per transaction of PostgreSQL and of pgbench (the "driver": this process's waited-for children).</summary>
    public string CpuPerTransaction => "CPU per transaction: " + Cpu.PerOperation(Transactions);

    /// <summary>The statements and commits the benchmark database ran while pgbench did (null when not counted).</summary>
    public StatementCounts? Statements { get; init; }
}

/// <summary>
/// The write baseline: PostgreSQL's own pgbench, 16 clients, each transaction one single-row INSERT into a scratch table
/// of the benchmark's database, on the same cluster the service uses.
/// </summary>
public static partial class Pgbench
{
    public const int Clients = 16;

    public static async Task<PgbenchResult> RunAsync(string connectionString, TimeSpan duration, CpuMeter cpu, CancellationToken cancellation)
    {
        var pgbench = Find();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellation);
            await using var create = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, stream uuid NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())",
                connection);
            await create.ExecuteNonQueryAsync(cancellation);
        }

        var script = Path.Combine(Path.GetTempPath(), $"timebank-pgbench-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(script,
            "INSERT INTO bench_baseline (stream, data) VALUES (gen_random_uuid(), '{\"minutes\": 15, \"content\": \"陪伴老人读报\"}');\n", cancellation);
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        string[] arguments =
        [
            "-n", "-c", Clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture),
            "-f", script, "-h", parsed.Host!, "-p", parsed.Port.ToString(CultureInfo.InvariantCulture), "-U", parsed.Username!, parsed.Database!,
        ];
        var start = new ProcessStartInfo(pgbench) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = parsed.Password;
        try
        {
            var before = cpu.Read();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var errors = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            var used = cpu.Read() - before;
            var text = await output + await errors;
            var tps = TpsPattern().Match(text);
            var latency = LatencyPattern().Match(text);
            var transactions = TransactionsPattern().Match(text);
            if (process.ExitCode != 0 || !tps.Success || !transactions.Success)
            {
                throw new InvalidOperationException($"pgbench failed (exit {process.ExitCode}):\n{text}");
            }

            return new PgbenchResult(
                double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
                long.Parse(transactions.Groups[1].Value, CultureInfo.InvariantCulture),
                used,
                $"pgbench {string.Join(' ', arguments.Select(a => a == script ? "insert.sql" : a))}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>pgbench beside the server binaries LocalPostgres uses: on PATH, else the highest /usr/lib/postgresql/*/bin.</summary>
    private static string Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "pgbench"))
            .FirstOrDefault(File.Exists);
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Path: Path.Combine(d, "bin", "pgbench"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => x.Version >= 0 && File.Exists(x.Path))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Path)
                .FirstOrDefault()
            : null;
        return onPath ?? installed
            ?? throw new InvalidOperationException("pgbench was not found (it ships with Debian's postgresql-client package).");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex TransactionsPattern();
}
