using Microsoft.Playwright;
using TimeBank.Api.Certificates;
using TimeBank.LocalDatabase;

namespace TimeBank.TestSupport;

/// <summary>
/// Debian's chromium, driven by Playwright for .NET through <c>ExecutablePath</c>: Playwright's own browser download
/// cannot work here, and the node driver it needs ships in its NuGet package (copied into the output's <c>.playwright</c>
/// folder of every project that references this one). Used by the browser tests and the benchmark's web scenario. Where
/// chromium or a font for Chinese text is missing, the packages are installed once per run, as the local PostgreSQL and
/// the certificate's font are (root on Debian: apt-get, through <see cref="DebianPackages"/>); elsewhere the failure says what to install. See docs/adr/0039-browser-tests.md.
/// </summary>
public static class ChromiumBrowser
{
    /// <summary>Where Debian's <see cref="Package"/> puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string Package = "chromium";

    // Lazy's default mode runs the installation once even when collections start side by side; a failure stays the
    // answer for the rest of the run (apt-get is not tried again by every test class).
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>Makes sure chromium and a font for Chinese text are on this machine (installing them where it can).</summary>
    public static Task EnsureInstalledAsync() => Installed.Value;

    /// <summary>Starts Playwright's driver and a headless chromium; dispose both (the browser first) when done.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        await EnsureInstalledAsync();
        var playwright = await Playwright.CreateAsync();
        try
        {
            // No sandbox: the tests may run as root (CI containers), where chromium refuses to start with one.
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    private static List<string> Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(ExecutablePath))
        {
            missing.Add(Package);
        }

        // Pages speak Chinese: without a CJK font chromium draws boxes, and screenshots show nothing a person could read.
        if (!CertificateFont.IsInstalled)
        {
            missing.Add(CertificateFont.Package);
        }

        return missing;
    }

    private static async Task InstallAsync()
    {
        var missing = Missing();
        if (missing.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missing);
        if (!DebianPackages.CanInstall)
        {
            throw new InvalidOperationException(
                $"The browser tests run Debian's chromium ({ExecutablePath}) with a font for Chinese text; this machine lacks {packages}: " +
                $"install them (sudo apt-get install {packages}), or run the tests as root on Debian, where they install them.");
        }

        await DebianPackages.InstallAsync(missing, logger: null, CancellationToken.None);
        missing = Missing();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"apt-get installed {packages}, but {string.Join(' ', missing)} is still missing ({ExecutablePath}, {CertificateFont.FontFile}).");
        }
    }
}
