using System.Runtime.CompilerServices;
using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TimeBank.Api.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;

namespace TimeBank.Api.Tests.Web;

/// <summary>The test classes that share one <see cref="BrowserCity"/>: one host, one seeded city, one chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserCity>
{
    public const string Name = "Browser";
}

/// <summary>
/// The real host on a real Kestrel port with the demo city seeded, and one headless chromium (Debian's, see
/// <see cref="ChromiumBrowser"/>) for every test of the collection: each test opens its own page in a fresh browser
/// context (<see cref="NewPageAsync"/>), phone-sized or desktop, and may screenshot it (<see cref="ScreenshotAsync"/>),
/// check it with axe-core (<see cref="AssertAccessibleAsync"/>) and check it stayed quiet and at home
/// (<see cref="AssertNoConsoleErrorsAndNoOtherHost"/>).
/// </summary>
public sealed class BrowserCity : IAsyncLifetime
{
    /// <summary>Where <see cref="ScreenshotAsync"/> writes, under the repository (git-ignored).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "artifacts", "screenshots");

    private readonly ConditionalWeakTable<IPage, PageLog> _logs = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TimeBankApp App { get; } = new();

    public LedgerGraphQLClient Client => new(App);

    /// <summary>The host's address, e.g. <c>http://127.0.0.1:41234/</c> (with the trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser city has not started.");

    public async Task InitializeAsync()
    {
        // Playwright's assertions wait for the page (up to this long) rather than fail at the first look; this machine is
        // shared and slow at times.
        Assertions.SetDefaultExpectTimeout(15_000);
        // The browser (perhaps installed first) and the host start side by side.
        var launching = ChromiumBrowser.LaunchAsync();
        try
        {
            App.UseKestrel(0);
            await App.InitializeAsync();
            await ActivatorUtilities.CreateInstance<DemoSeeder>(App.Services).SeedAsync(CancellationToken.None);
            var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The host listens nowhere: Kestrel reported no address.");
            BaseAddress = new Uri(address.TrimEnd('/') + "/");
        }
        finally
        {
            // Even when the host failed to start: no chromium is left running.
            (_playwright, _browser) = await launching;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>
    /// A page in a browser context of its own (no cookies shared with other tests), Chinese locale, relative addresses
    /// resolved against <see cref="BaseAddress"/>: a phone (390×844, touch, mobile viewport) or a desktop (1280×800).
    /// Close it with <c>await page.Context.CloseAsync()</c>; contexts left open close with the browser.
    /// </summary>
    public async Task<IPage> NewPageAsync(bool phone)
    {
        var context = await Browser.NewContextAsync(phone
            ? new()
            {
                BaseURL = BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 },
                DeviceScaleFactor = 2, IsMobile = true, HasTouch = true,
            }
            : new() { BaseURL = BaseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        var log = new PageLog();
        page.Request += (_, request) =>
        {
            log.Add(log.Requests, request.Url);
            if (request.IsNavigationRequest)
            {
                log.Add(log.Navigations, request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            // A page the service answers with an error status (a form shown again with its problem, 400) is logged as a
            // resource that failed to load; whether that status is right is the test's to say, not the console's.
            if (message.Type == "error"
                && !(message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)
                    && log.Snapshot(log.Navigations).Any(url => message.Location.StartsWith(url + ":", StringComparison.Ordinal))))
            {
                log.Add(log.Errors, $"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => log.Add(log.Errors, $"uncaught: {error}");
        _logs.Add(page, log);
        return page;
    }

    /// <summary>
    /// What every main screen must pass, as it is now: saved as <c>artifacts/screenshots/&lt;screenshot&gt;.png</c>, no serious
    /// accessibility violation, no sideways scrolling, no console error, nothing asked of another host.
    /// </summary>
    public async Task CheckAsync(IPage page, string screenshot)
    {
        await ScreenshotAsync(page, screenshot);
        await AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollingAsync(page);
        AssertNoConsoleErrorsAndNoOtherHost(page);
    }

    /// <summary>Every address <paramref name="page"/> requested so far, in order.</summary>
    public IReadOnlyList<string> RequestsOf(IPage page) => Log(page).Snapshot(Log(page).Requests);

    /// <summary>
    /// Fails unless <paramref name="page"/> logged no error to its console (a script's, a resource that failed to load, a
    /// content security policy that blocked something) and requested nothing from any host but this service.
    /// </summary>
    public void AssertNoConsoleErrorsAndNoOtherHost(IPage page)
    {
        var log = Log(page);
        var errors = log.Snapshot(log.Errors);
        Assert.True(errors.Count == 0, $"The page logged errors:\n{string.Join('\n', errors)}");
        var elsewhere = log.Snapshot(log.Requests).Where(url => !url.StartsWith(BaseAddress.ToString(), StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, $"The page requested from another host than {BaseAddress}:\n{string.Join('\n', elsewhere)}");
    }

    /// <summary>Fails when <paramref name="page"/> is wider than its window: a phone would have to scroll sideways to read it.</summary>
    public static async Task AssertNoSidewaysScrollingAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a window of {widths[1]} px: it scrolls sideways.");
    }

    /// <summary>Saves a full-page PNG of <paramref name="page"/> as <c>artifacts/screenshots/&lt;name&gt;.png</c>.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// Runs axe-core on <paramref name="page"/> as it is now and fails on every violation of impact serious or critical,
    /// except the rules named in <paramref name="knownViolationIds"/>; the message lists each rule, its impact, the
    /// elements (as selectors) and what to do.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, params string[] knownViolationIds)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical" && !knownViolationIds.Contains(v.Id))
            .ToList();
        if (serious.Count == 0)
        {
            return;
        }

        var message = new StringBuilder($"axe-core found {serious.Count} serious or critical violation(s) on {page.Url}:");
        foreach (var violation in serious)
        {
            message.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n- {violation.Id} ({violation.Impact}): {violation.Help} {violation.HelpUrl}");
            foreach (var node in violation.Nodes)
            {
                // What the failed checks say: "Fix any of" (Any), "Fix all of" (All and None).
                var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Distinct();
                message.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n    {node.Target}: {string.Join("; ", checks)}");
            }
        }

        Assert.Fail(message.ToString());
    }

    private PageLog Log(IPage page) =>
        _logs.TryGetValue(page, out var log) ? log : throw new InvalidOperationException("Only pages opened with NewPageAsync are recorded.");

    /// <summary>What a page did: its events arrive on Playwright's thread while the test reads them.</summary>
    private sealed class PageLog
    {
        private readonly Lock _gate = new();

        public List<string> Requests { get; } = [];

        public List<string> Errors { get; } = [];

        public List<string> Navigations { get; } = [];

        public void Add(List<string> list, string entry)
        {
            lock (_gate)
            {
                list.Add(entry);
            }
        }

        public IReadOnlyList<string> Snapshot(List<string> list)
        {
            lock (_gate)
            {
                return [.. list];
            }
        }
    }
}
