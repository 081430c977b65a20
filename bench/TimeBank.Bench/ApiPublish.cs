using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TimeBank.Bench;

/// <summary>
/// The service as an operator deploys it: <c>dotnet publish src/Api -c Release -r &lt;this machine's RID&gt;</c>, which
/// compiles it and its libraries ahead of time (ReadyToRun, set in the Api project for RID-specific publishes). The
/// start-up and memory figures are of that build; <c>--build-output</c> runs the plain build output instead.
/// (docs/adr/0017-cold-start-and-memory.md)
/// </summary>
public static class ApiPublish
{
    public static async Task<string> PublishAsync(string root, CancellationToken cancellation)
    {
        var output = Path.Combine(root, ".local", "bench-api");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var argument in (string[])["publish", Path.Combine("src", "Api"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
                     "--self-contained", "false", "-o", output, "-v", "q", "-nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        Console.Write($"  publishing the API (ReadyToRun, {RuntimeInformation.RuntimeIdentifier}) to {output} ");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed (exit {process.ExitCode}):\n{await stdout}{await stderr}");
        }

        Console.WriteLine($"→ {clock.Elapsed.TotalSeconds:0} s");
        return Path.Combine(output, "TimeBank.Api.dll");
    }
}
