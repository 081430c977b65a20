using System.Diagnostics;
using TimeBank.LocalDatabase;
using System.Reflection;

namespace TimeBank.Api.Tests.Host;

/// <summary>The built service as a process: `help` and `--help` list TimeBank's own commands beside JasperFx's.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    public async Task Help_lists_our_own_commands_with_one_line_each_beside_jasperfxs(string asked)
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var database = await cluster.CreateDatabaseAsync($"timebank_test_{Guid.NewGuid():N}"[..40]);

        var (exitCode, output) = await RunAsync(database, asked);

        Assert.True(exitCode == 0, $"help exited with {exitCode}:\n{output}");
        var lines = output.Split('\n');
        foreach (var command in new[] { "token", "local-db", "rebuild-read-models", "codegen", "projections" })
        {
            Assert.True(lines.Count(line => line.StartsWith($"  {command} ", StringComparison.Ordinal)) == 1, $"'{command}' is not listed once:\n{output}");
        }

        Assert.DoesNotContain("Unknown argument", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_run_on_a_fresh_database_prints_no_schema_sql_at_information_level()
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var database = await cluster.CreateDatabaseAsync($"timebank_test_{Guid.NewGuid():N}"[..40]);
        var start = Start(database, null);
        // As the README's run command runs it, on a port of its own.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var serving = new TaskCompletionSource();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lines.Enqueue(line);
            if (line.Contains("TimeBank is serving", StringComparison.Ordinal))
            {
                serving.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await serving.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var output = string.Join('\n', lines);
        Assert.DoesNotContain("CREATE TABLE", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("schema update SQL", output, StringComparison.Ordinal);
        // A handful of start-up lines, not the schema's hundreds (1,038 lines before).
        Assert.True(lines.Count < 60, $"The first run printed {lines.Count} lines:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string argument)
    {
        var start = Start(connectionString, argument);
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static ProcessStartInfo Start(string connectionString, string? argument)
    {
        // The service's own build output (src/Api/bin/<configuration>/<framework>), as tests/TestSupport's ApiProcess runs it.
        var configuration = typeof(CommandLineTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var assembly = Path.Combine(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "src", "Api", "bin", configuration, framework, "TimeBank.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        if (argument is not null)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["TimeBank__SeedDemoData"] = "false";
        // Wide enough that each command's description fits on its line.
        start.Environment["COLUMNS"] = "200";
        return start;
    }
}
