using System.Diagnostics;
using TimeBank.Api.Certificates;
using TimeBank.LocalDatabase;

namespace TimeBank.TestSupport;

/// <summary>
/// The programs the PDF tests read a certificate with, as a person's tools would: poppler-utils (pdftotext, pdffonts,
/// pdfinfo, pdftoppm) and zbar-tools (zbarimg); and the certificate's font. Installed once per run where missing, as the
/// service installs its own (root on Debian: apt-get), so that the README's test command works on a clean machine;
/// elsewhere the failure says what to install.
/// </summary>
public static class PdfTools
{
    private static readonly (string Program, string Package)[] Programs =
    [
        ("pdftotext", "poppler-utils"), ("pdffonts", "poppler-utils"), ("pdfinfo", "poppler-utils"), ("pdftoppm", "poppler-utils"),
        ("zbarimg", "zbar-tools"),
    ];

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Installed.Value;

    /// <summary>Runs one of the tools and returns its standard output; fails with its error output when it fails.</summary>
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo(Find(program) ?? program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    private static async Task InstallAsync()
    {
        await CertificateFont.EnsureInstalledAsync(logger: null, CancellationToken.None);
        var missing = Missing();
        if (missing.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missing);
        if (!DebianPackages.CanInstall)
        {
            throw new InvalidOperationException(
                $"The certificate PDF tests read PDFs with poppler-utils and zbar-tools; this machine lacks some of them: install {packages} " +
                $"(sudo apt-get install {packages}), or run the tests as root on Debian, where they install them.");
        }

        await DebianPackages.InstallAsync(missing, logger: null, CancellationToken.None);
        missing = Missing();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"apt-get installed {packages}, but {string.Join(' ', missing)} still lack their programs.");
        }
    }

    private static List<string> Missing() => [.. Programs.Where(p => Find(p.Program) is null).Select(p => p.Package).Distinct()];

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Append("/usr/bin")
        .Select(folder => Path.Combine(folder, program))
        .FirstOrDefault(File.Exists);
}
