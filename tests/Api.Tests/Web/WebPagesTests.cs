using System.Net;
using System.Text.RegularExpressions;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The web app over HTTP, as a browser without script sees it: pages, the session cookie, the sign-in and sign-out forms,
/// and the refusals. (The same pages in a real browser: the browser tests.)
/// </summary>
public sealed partial class WebPagesTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    [Fact]
    public async Task The_landing_page_is_served_at_the_root_in_chinese_with_no_script_and_nothing_from_elsewhere()
    {
        using var browser = new PageBrowser(city.App);

        using var page = await browser.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("志愿时间银行", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_english_switch_is_remembered_and_brings_the_reader_back()
    {
        using var browser = new PageBrowser(city.App);

        using var switched = await browser.Client.GetAsync(new Uri("/prefs?lang=en&back=%2Fsignin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/signin", switched.Headers.Location!.OriginalString);
        var html = await browser.Client.GetStringAsync(new Uri("/signin", UriKind.Relative));

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Sign in to TimeBank", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_volunteer_signs_in_and_sees_the_balance_the_api_gives_them()
    {
        using var browser = new PageBrowser(city.App);
        var api = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "{ me { account { availablePoints serviceHours } } }");

        var landed = await browser.SignInAsync("volunteer", "/mine");
        Assert.Equal("/mine", landed);
        using var mine = await browser.Client.GetAsync(new Uri("/mine", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, mine.StatusCode);
        Assert.EndsWith("/me", mine.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var html = await browser.Client.GetStringAsync(new Uri("/me", UriKind.Relative));

        Assert.Equal(api.Ok("me.account.availablePoints").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), PageBrowser.TestId(html, "available-points"));
        Assert.Equal(api.Ok("me.account.serviceHours").GetValue<string>(), PageBrowser.TestId(html, "service-hours"));
    }

    [Fact]
    public async Task The_volunteer_sees_how_much_service_their_next_star_still_takes()
    {
        using var browser = new PageBrowser(city.App);
        var api = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "{ me { account { serviceMinutes starLevel nextStar { level thresholdMinutes minutesToGo } } } }");
        var account = api.Ok("me.account");
        var next = account["nextStar"]!;
        // The demo city's district keeps the national thresholds: 100, 300, 600, 1,000 and 1,500 hours.
        int[] thresholds = [100 * 60, 300 * 60, 600 * 60, 1000 * 60, 1500 * 60];
        var level = account["starLevel"]!.GetValue<int>();
        Assert.Equal(level + 1, next["level"]!.GetValue<int>());
        Assert.Equal(thresholds[level], next["thresholdMinutes"]!.GetValue<int>());
        Assert.Equal(thresholds[level] - account["serviceMinutes"]!.GetValue<int>(), next["minutesToGo"]!.GetValue<int>());

        await browser.SignInAsync("volunteer", "/me");
        var page = await browser.OpenAsync("/me");

        var shown = page.QuerySelector("[data-testid=next-star]")!;
        Assert.Contains(new string('★', level + 1), shown.TextContent, StringComparison.Ordinal);
        var toGo = next["minutesToGo"]!.GetValue<int>();
        Assert.Contains($"还需服务 {toGo / 60}h{toGo % 60:00}m", shown.TextContent, StringComparison.Ordinal);
        Assert.Equal(thresholds[level].ToString(System.Globalization.CultureInfo.InvariantCulture), shown.QuerySelector("progress")!.GetAttribute("max"));
    }

    [Fact]
    public async Task A_page_that_needs_a_person_sends_the_visitor_to_sign_in_and_back()
    {
        using var browser = new PageBrowser(city.App);

        using var me = await browser.Client.GetAsync(new Uri("/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
        Assert.EndsWith("/signin?back=%2Fme", me.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/me", await browser.SignInAsync("volunteer", "/me"));
    }

    [Fact]
    public async Task Staff_opening_a_volunteers_page_are_refused_with_a_page_that_says_so()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff", "/mine");

        using var me = await browser.Client.GetAsync(new Uri("/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, me.StatusCode);
        Assert.Contains("data-testid=\"forbidden\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_volunteer_who_changes_the_address_to_another_volunteers_page_sees_nobody_there()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me");
        var other = DemoCity.Cast.Volunteers[1];

        using var theirs = await browser.Client.GetAsync(new Uri($"/volunteers/{other.Id}", UriKind.Relative));
        using var own = await browser.Client.GetAsync(new Uri($"/volunteers/{DemoPeople.VolunteerId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        var html = await theirs.Content.ReadAsStringAsync();
        Assert.True(html.Contains("data-testid=\"not-found\"", StringComparison.Ordinal), html);
        Assert.DoesNotContain(other.VolunteerNumber, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"available-points\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("data-testid=\"available-points\"", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_read_a_volunteer_of_their_community_as_the_api_lets_them()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff", "/mine");
        var api = await city.Client.SendAsync(TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId)),
            $"{{ account(volunteerId: \"{DemoPeople.VolunteerId}\") {{ availablePoints }} }}");

        var html = await browser.Client.GetStringAsync(new Uri($"/volunteers/{DemoPeople.VolunteerId}", UriKind.Relative));

        Assert.Equal(api.Ok("account.availablePoints").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), PageBrowser.TestId(html, "available-points"));
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task Signing_in_never_sends_anyone_to_another_site(string back)
    {
        using var browser = new PageBrowser(city.App);

        Assert.Equal("/mine", await browser.SignInAsync("volunteer", back));
    }

    [Fact]
    public async Task A_sign_in_form_without_its_antiforgery_token_signs_nobody_in()
    {
        using var browser = new PageBrowser(city.App);

        using var forged = await browser.Client.PostAsync(new Uri("/signin/local", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["person"] = "volunteer", ["back"] = "/me" }));

        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("/signin?failed=1", forged.Headers.Location!.OriginalString);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("TimeBank.Web=", StringComparison.Ordinal)));
        using var me = await browser.Client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
    }

    [Fact]
    public async Task Signing_out_takes_a_form_from_this_site_and_ends_the_session()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me");

        using var forged = await browser.Client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);

        var token = PageBrowser.AntiforgeryToken(await browser.Client.GetStringAsync(new Uri("/me", UriKind.Relative)));
        using var signedOut = await browser.Client.PostAsync(new Uri("/signout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var me = await browser.Client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
    }

    [Fact]
    public async Task The_page_session_opens_no_door_to_the_api()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me");

        using var request = new StringContent("""{"query":"{ me { role } }"}""", System.Text.Encoding.UTF8, "application/json");
        using var answer = await browser.Client.PostAsync(new Uri("/graphql", UriKind.Relative), request);

        Assert.Contains("UNAUTHENTICATED", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_word_on_every_page_has_its_chinese()
    {
        var root = Path.Combine(TimeBank.LocalDatabase.LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "src", "Web");
        var keys = Directory.EnumerateFiles(root, "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => WordKeys().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Key: m.Groups["key"].Value)))
            .ToList();

        Assert.NotEmpty(keys);
        var missing = keys.Where(k => !TimeBank.Web.Words.Chinese.ContainsKey(k.Key)).Select(k => $"{k.File}: \"{k.Key}\"").Distinct().ToList();
        Assert.True(missing.Count == 0, "Words without their Chinese in src/Web/Words.cs:\n" + string.Join('\n', missing));
    }

    [GeneratedRegex("""T(\[|\.Format\()"(?<key>[^"]+)"[\],]""")]
    private static partial Regex WordKeys();
}
