using System.Net;
using System.Text.RegularExpressions;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Explorer;

[Collection(LedgerCollection.Name)]
public sealed partial class ExplorerTests(TimeBankApp app)
{
    /// <summary>
    /// Links a person may click inside GraphiQL's own UI (its help dialog's CodeMirror manual; an example in a comment of
    /// its markdown renderer). Following a link is the person's choice; the page itself requests nothing from them.
    /// </summary>
    private static readonly string[] HyperlinkHostsInsideGraphiQL = ["codemirror.net", "github.com", "example.com"];

    [Fact]
    public async Task Explorer_is_an_HTML_page_under_a_self_only_content_security_policy()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/explorer", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        // nothing inline that the policy would block
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_script_and_style_of_the_explorer_is_served_by_the_host_and_names_no_other_host()
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync(new Uri("/explorer", UriKind.Relative));
        var assets = SrcOrHref().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        // A link to another page of this host is followed by a person, not loaded by the page.
        Assert.Contains("/api-reference", assets);
        assets.Remove("/api-reference");

        Assert.Contains("/explorer/graphiql.min.js", assets);
        Assert.Contains("/explorer/explorer.js", assets);
        Assert.Contains("/explorer/graphiql.min.css", assets);
        foreach (var asset in assets)
        {
            Assert.Matches(SameHostPath(), asset);
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
            Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "text/javascript", "text/css" });
            var text = await response.Content.ReadAsStringAsync();

            Assert.Empty(RemoteLoads().Matches(text).Select(m => $"{asset}: {m.Value}"));
            var linkedHosts = RemoteHyperlinks().Matches(text).Select(m => m.Groups["host"].Value).Distinct();
            Assert.All(linkedHosts, host => Assert.Contains(host, HyperlinkHostsInsideGraphiQL));
        }

        // GraphiQL talks to this host's endpoint
        var start = await client.GetStringAsync(new Uri("/explorer/explorer.js", UriKind.Relative));
        Assert.Contains("url: '/graphql'", start, StringComparison.Ordinal);
        Assert.Contains("isHeadersEditorEnabled: true", start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vendored_licenses_ship_with_the_explorer_and_unknown_files_are_404()
    {
        using var client = app.CreateClient();

        foreach (var license in new[] { "LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom" })
        {
            Assert.Contains("MIT License", await client.GetStringAsync(new Uri("/explorer/" + license, UriKind.Relative)), StringComparison.Ordinal);
        }

        using var missing = await client.GetAsync(new Uri("/explorer/missing.js", UriKind.Relative));
        using var traversal = await client.GetAsync(new Uri("/explorer/..%2Fappsettings.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("""\b(?:src|href)="(?<url>[^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex SrcOrHref();

    /// <summary>A path on this host: starts with one slash, no scheme, no "//host".</summary>
    [GeneratedRegex("""^/(?!/)[A-Za-z0-9._/-]+$""")]
    private static partial Regex SameHostPath();

    /// <summary>What would make the browser fetch from another host: a src, a CSS url() or @import, fetch, a socket.</summary>
    [GeneratedRegex("""(?:\bsrc\s*[:=]\s*["']|url\(\s*["']?|@import\s+(?:url\()?["']?|\bfetch\(\s*["']|new\s+(?:WebSocket|EventSource|Worker)\(\s*["'])(?:[a-z][a-z0-9+.-]*:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteLoads();

    [GeneratedRegex("""\bhref\s*[:=]\s*["'](?:https?:)?//(?<host>[^/"'#?]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteHyperlinks();
}
