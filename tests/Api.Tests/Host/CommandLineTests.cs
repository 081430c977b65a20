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

    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string argument)
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
        start.ArgumentList.Add(argument);
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["TimeBank__SeedDemoData"] = "false";
        // Wide enough that each command's description fits on its line.
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
