using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using TimeBank.Api.Auth;
using TimeBank.Demo;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// The web app on a cheap phone (issue 19): the volunteer's home page (<c>/me</c>, signed in as the demo volunteer, up to
/// the balance <c>[data-testid=available-points]</c>) and the till (<c>/till</c>, signed in as the demo cashier, up to the
/// code field <c>[data-testid=code]</c>), beside the public verification form (<c>/verify</c>, a static page of the same
/// service) in the same run. A service of its own (<see cref="ApiProcess"/>, the run's build) on a fresh database
/// <see cref="Database"/> with the demo city seeded and the demo sign-in on; Debian's chromium (<see cref="ChromiumBrowser"/>)
/// in a phone-sized context (390×844). Each page is signed in without throttling; then, through a CDP session of its
/// own, the CPU is throttled 4× and the network emulated with one of DevTools' presets (<see cref="Profiles"/>). A first
/// load follows <c>Network.clearBrowserCache</c> (cookies kept); a repeat load follows it with the cache warm. Each load
/// starts from <c>about:blank</c>: bytes = the sum of <c>Network.loadingFinished</c>'s <c>encodedDataLength</c> (headers
/// and body as received) from the navigation to network idle; time = on the page's own clock, from the navigation's start
/// to the frame that first paints the target (an init script injected by the browser sees the target arrive and notes
/// the time once the next frame is painted), with the page's <c>first-contentful-paint</c> and Playwright's wait for the
/// target visible (a stopwatch: it includes Playwright's own work in the throttled page) beside it. <see cref="Rounds"/>
/// rounds, the pages interleaved in each; the median is the figure, min and max in the note.
/// </summary>
public sealed class WebPagesScenario : IBenchScenario
{
    public const string Database = "timebank_bench_web";

    public const int Rounds = 5;

    private const string Target = "≤ 150 KB first load; ≤ 1.5 s";

    /// <summary>
    /// DevTools' presets (front_end/core/sdk/NetworkManager.ts): <c>Slow3GConditions</c> (titled "3G" since May 2024,
    /// "Slow 3G" before) and <c>Slow4GConditions</c> ("Fast 3G" before that rename). Bytes a second, milliseconds added to
    /// every request (DevTools' throttling is per request: no handshakes are modelled).
    /// </summary>
    public static readonly IReadOnlyList<NetworkProfile> Profiles =
    [
        new("Slow 3G", LatencyMs: 400 * 5, Download: 500 * 1000 / 8 * 0.8, Upload: 500 * 1000 / 8 * 0.8),
        new("Fast 3G", LatencyMs: 150 * 3.75, Download: 1.6 * 1000 * 1000 / 8 * 0.9, Upload: 750 * 1000 / 8 * 0.9),
    ];

    private static readonly WebPageUnderTest[] Pages =
    [
        new("/verify", "the public verification form", SignInAs: null, "input[name=number]"),
        new("/me", "the volunteer's balance", SignInAs: "volunteer", "[data-testid=available-points]"),
        new("/till", "the till's code field", SignInAs: "merchant", "[data-testid=code]"),
    ];

    public string Name => "web";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var connectionString = await new LocalPostgres(new LocalPostgresOptions(root)).CreateDatabaseAsync(Database, cancellation);
        var options = new ApiProcessOptions(connectionString)
        {
            AssemblyPath = run.ApiOptions.AssemblyPath,
            Environment = new Dictionary<string, string>
            {
                ["TimeBank__SeedDemoData"] = "true",
                ["Web__LocalSignIn"] = "true",
                // The seeder's last line says it is done.
                ["Logging__LogLevel__TimeBank.Api.Demo.DemoSeeder"] = "Information",
            },
        };
        var launching = ChromiumBrowser.LaunchAsync();
        await using var api = await ApiProcess.StartAsync(options, cancellation);
        var (playwright, browser) = await launching;
        try
        {
            var seeded = await WaitUntilSeededAsync(api, options, cancellation);
            var caughtUp = await BenchRun.WaitForProjectionsAsync(connectionString, cancellation);
            Console.WriteLine($"  service pid {api.Pid} at {options.BaseAddress} on {Database}: demo city seeded after {BenchRun.Seconds(seeded)}, projections caught up {BenchRun.Seconds(caughtUp)} later");
            Console.WriteLine($"  chromium {browser.Version}, 390×844 phone context, CPU throttled 4×");
            var tabs = new List<PhoneTab>();
            foreach (var page in Pages)
            {
                tabs.Add(await PhoneTab.OpenAsync(browser, options.BaseAddress, page));
            }

            var figures = new List<Figure>();
            foreach (var profile in Profiles)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {profile.Name}: latency {profile.LatencyMs} ms, down {profile.Download:#,0} B/s, up {profile.Upload:#,0} B/s; {Rounds} rounds"));
                var loads = tabs.ToDictionary(t => t.Page.Path, _ => (First: new List<Load>(), Repeat: new List<Load>()));
                foreach (var tab in tabs)
                {
                    await tab.ThrottleAsync(profile);
                }

                for (var round = 0; round < Rounds; round++)
                {
                    foreach (var tab in tabs)
                    {
                        await tab.ClearCacheAsync();
                        var first = await tab.LoadAsync();
                        var repeat = await tab.LoadAsync();
                        loads[tab.Page.Path].First.Add(first);
                        loads[tab.Page.Path].Repeat.Add(repeat);
                        Console.WriteLine($"    {tab.Page.Path,-7} first {first}; repeat {repeat}");
                    }
                }

                var baseline = loads[Pages[0].Path];
                foreach (var page in Pages.Skip(1))
                {
                    figures.Add(Row(page, profile, "first load", loads[page.Path].First, baseline.First));
                    figures.Add(Row(page, profile, "repeat load", loads[page.Path].Repeat, baseline.Repeat));
                }
            }

            foreach (var tab in tabs)
            {
                await tab.DisposeAsync();
            }

            // The printed table has no notes: the spread and the page's own paint are shown here.
            foreach (var figure in figures)
            {
                Console.WriteLine($"  {figure.Name}: {figure.Result}; {figure.Note}");
            }

            return figures;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static Figure Row(WebPageUnderTest page, NetworkProfile profile, string load, List<Load> loads, List<Load> baseline)
    {
        var time = Median(loads.Select(l => l.Visible.TotalSeconds));
        var baseTime = Median(baseline.Select(l => l.Visible.TotalSeconds));
        var bytes = Median(loads.Select(l => (double)l.Bytes));
        var baseBytes = Median(baseline.Select(l => (double)l.Bytes));
        return new Figure(
            $"{page.Path} ({page.Target}) on a cheap phone, {profile.Name} + 4× CPU, {load}: bytes / time to the target painted",
            $"{Kilobytes(bytes)} / {S(time)}",
            $"{Pages[0].Path} {Kilobytes(baseBytes)} / {S(baseTime)}",
            string.Create(CultureInfo.InvariantCulture, $"bytes {bytes / baseBytes:0.00}×, time {time / baseTime:0.00}×"),
            Target,
            string.Create(CultureInfo.InvariantCulture,
                $"median of {loads.Count}; time {S(loads.Min(l => l.Visible.TotalSeconds))}–{S(loads.Max(l => l.Visible.TotalSeconds))}, "
                + $"first contentful paint {S(Median(loads.Select(l => l.FirstContentfulPaint.TotalSeconds)))}, "
                + $"Playwright's visible {S(Median(loads.Select(l => l.PlaywrightVisible.TotalSeconds)))}, "
                + $"{Median(loads.Select(l => (double)l.Requests)):0} requests ({Median(loads.Select(l => (double)l.FromCache)):0} from cache), "
                + $"bytes {Kilobytes(loads.Min(l => l.Bytes))}–{Kilobytes(loads.Max(l => l.Bytes))}; baseline time {S(baseline.Min(l => l.Visible.TotalSeconds))}–{S(baseline.Max(l => l.Visible.TotalSeconds))}"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string S(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    internal static string Kilobytes(double bytes) => (bytes / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>
    /// Waits until the demo seeder logged that it finished and the demo volunteer's account answers
    /// (<c>me { account { availablePoints } }</c> with the volunteer's own token); returns the time since the service was ready.
    /// </summary>
    private static async Task<TimeSpan> WaitUntilSeededAsync(ApiProcess api, ApiProcessOptions options, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var token = options.Tokens.Issue(new TokenClaims(DemoPeople.VolunteerId, "volunteer"), TimeSpan.FromHours(2));
        using var client = new GraphQLHttpClient(options.BaseAddress, maxConnections: 2);
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var output = api.OutputTail;
            if (output.Contains("Seeding the demo city failed", StringComparison.Ordinal) || api.HasExited)
            {
                throw new InvalidOperationException($"The demo city was not seeded:\n{output}");
            }

            if (output.Contains("Demo city seeded", StringComparison.Ordinal))
            {
                var answer = await client.PostAsync(token, "{ me { account { availablePoints } } }", cancellation: cancellation);
                if (answer.IsSuccess && answer.At("me.account.availablePoints") is not null)
                {
                    return clock.Elapsed;
                }
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"The demo city was not seeded after 10 minutes:\n{output}");
            }

            await Task.Delay(250, cancellation);
        }
    }

    public sealed record NetworkProfile(string Name, double LatencyMs, double Download, double Upload);

    private sealed record WebPageUnderTest(string Path, string Target, string? SignInAs, string Selector);

    /// <summary>
    /// One load: bytes received, requests (and how many the cache answered); from the navigation's start, the target
    /// painted (the page's clock), the first contentful paint (the page's clock), and the target visible to Playwright
    /// (a stopwatch around the navigation and the wait: it adds Playwright's own work in the throttled page).
    /// </summary>
    private sealed record Load(long Bytes, int Requests, int FromCache, TimeSpan Visible, TimeSpan FirstContentfulPaint, TimeSpan PlaywrightVisible)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Kilobytes(Bytes)} in {Requests} requests ({FromCache} cached), painted {S(Visible.TotalSeconds)} (FCP {S(FirstContentfulPaint.TotalSeconds)}, Playwright {S(PlaywrightVisible.TotalSeconds)})");
    }

    /// <summary>A page in a phone-sized context of its own, signed in, with a CDP session that throttles it and counts its bytes.</summary>
    private sealed class PhoneTab : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, string> _urls = [];
        private long _bytes;
        private int _fromCache;

        private PhoneTab(WebPageUnderTest page, IPage tab, ICDPSession cdp)
        {
            Page = page;
            Tab = tab;
            Cdp = cdp;
        }

        public WebPageUnderTest Page { get; }

        private IPage Tab { get; }

        private ICDPSession Cdp { get; }

        public static async Task<PhoneTab> OpenAsync(IBrowser browser, Uri baseAddress, WebPageUnderTest page)
        {
            var context = await browser.NewContextAsync(new()
            {
                BaseURL = baseAddress.ToString(), Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 },
                DeviceScaleFactor = 2, IsMobile = true, HasTouch = true,
            });
            // The page's own clock: when the target is first in the document, the next frame (rAF runs before that frame's
            // paint, and not at all while a stylesheet still blocks rendering); the task after it runs once the frame is
            // painted. Injected by the browser (no change to the page, its content security policy does not apply).
            await context.AddInitScriptAsync($$"""
                (() => {
                  const selector = {{JsonSerializer.Serialize(page.Selector)}};
                  const seen = () => {
                    if (window.__targetPainted !== undefined || !document.querySelector(selector)) return false;
                    window.__targetPainted = null;
                    requestAnimationFrame(() => setTimeout(() => { window.__targetPainted = performance.now(); }, 0));
                    return true;
                  };
                  if (!seen()) {
                    const watch = new MutationObserver(() => { if (seen()) watch.disconnect(); });
                    watch.observe(document, { childList: true, subtree: true });
                  }
                })();
                """);
            var tab = await context.NewPageAsync();
            if (page.SignInAs is { } person)
            {
                await tab.GotoAsync("/signin");
                await tab.ClickAsync($"[data-testid=sign-in-as-{person}]");
                await tab.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
            }

            // Unthrottled, a few times: the page answers as it should, and the service's first requests are behind it.
            for (var i = 0; i < 3; i++)
            {
                await tab.GotoAsync(page.Path);
                await tab.WaitForSelectorAsync(page.Selector, new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
            }

            var cdp = await context.NewCDPSessionAsync(tab);
            var opened = new PhoneTab(page, tab, cdp);
            cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => opened.Sent(e);
            cdp.Event("Network.requestServedFromCache").OnEvent += (_, _) => opened.Cached();
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) => opened.Finished(e);
            await cdp.SendAsync("Network.enable");
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 4 });
            return opened;
        }

        public Task ThrottleAsync(NetworkProfile profile) => Cdp.SendAsync("Network.emulateNetworkConditions", new()
        {
            ["offline"] = false,
            ["latency"] = profile.LatencyMs,
            ["downloadThroughput"] = profile.Download,
            ["uploadThroughput"] = profile.Upload,
        });

        /// <summary>The browser's HTTP cache emptied; cookies (the session) stay.</summary>
        public Task ClearCacheAsync() => Cdp.SendAsync("Network.clearBrowserCache");

        public async Task<Load> LoadAsync()
        {
            await Tab.GotoAsync("about:blank");
            lock (_gate)
            {
                _urls.Clear();
                _bytes = 0;
                _fromCache = 0;
            }

            var clock = Stopwatch.StartNew();
            await Tab.GotoAsync(Page.Path, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            await Tab.WaitForSelectorAsync(Page.Selector, new() { State = WaitForSelectorState.Visible, Timeout = 120_000 });
            var visible = clock.Elapsed;
            await Tab.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 120_000 });
            var times = await Tab.EvaluateAsync<double?[]>(
                "() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null, window.__targetPainted ?? null]");
            var paint = times[0] ?? throw new InvalidOperationException($"{Page.Path} reported no first contentful paint.");
            var target = times[1] ?? throw new InvalidOperationException($"{Page.Path}: the page did not record when {Page.Selector} was painted.");
            lock (_gate)
            {
                return new Load(_bytes, _urls.Count, _fromCache, TimeSpan.FromMilliseconds(target), TimeSpan.FromMilliseconds(paint), visible);
            }
        }

        private void Sent(JsonElement? e)
        {
            if (e is { } json && json.GetProperty("request").GetProperty("url").GetString() is { } url && !url.StartsWith("data:", StringComparison.Ordinal)
                && !url.StartsWith("about:", StringComparison.Ordinal))
            {
                lock (_gate)
                {
                    _urls[json.GetProperty("requestId").GetString()!] = url;
                }
            }
        }

        private void Cached()
        {
            lock (_gate)
            {
                _fromCache++;
            }
        }

        private void Finished(JsonElement? e)
        {
            if (e is { } json)
            {
                lock (_gate)
                {
                    _bytes += (long)json.GetProperty("encodedDataLength").GetDouble();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Cdp.DetachAsync();
            await Tab.Context.CloseAsync();
        }
    }
}
