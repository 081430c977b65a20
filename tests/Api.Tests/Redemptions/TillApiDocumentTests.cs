using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>
/// The till's OpenAPI document as the running host serves it, and the reference page that renders it: what a developer
/// of cash-register software reads before writing a line.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed partial class TillApiDocumentTests(TimeBankApp app)
{
    /// <summary>Verified with <c>npm view @redocly/cli version</c>; a newer CLI may bring new rules, so it is pinned.</summary>
    private const string RedoclyCli = "@redocly/cli@2.77.0";

    /// <summary>Every status each operation can answer with a problem: its own refusals and those of any till call (401, 403, 500, 503).</summary>
    private static readonly Dictionary<string, int[]> Refusals = new()
    {
        ["holdPoints"] = [400, 401, 403, 404, 409, 415, 422, 429, 500, 503],
        ["completeHold"] = [401, 403, 404, 409, 422, 500, 503],
        ["voidHold"] = [401, 403, 404, 409, 500, 503],
        ["refundRedemption"] = [400, 401, 403, 404, 409, 415, 422, 500, 503],
        ["getHold"] = [401, 403, 404, 500, 503],
    };

    [Fact]
    public async Task Every_operation_needs_the_bearer_scheme_is_described_and_lists_each_refusal_as_a_problem_with_a_code()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        var problem = document["components"]!["schemas"]!["Problem"]!;
        Assert.Equal("string", problem["properties"]!["code"]!["type"]!.GetValue<string>());
        Assert.Contains("code", problem["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.All(document["servers"]!.AsArray(), server => Assert.DoesNotMatch("/$", server!["url"]!.GetValue<string>()));

        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => op.Value!.AsObject())).ToList();
        Assert.Equal(Refusals.Keys.Order(), operations.Select(op => op["operationId"]!.GetValue<string>()).Order());
        foreach (var operation in operations)
        {
            var id = operation["operationId"]!.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), id);
            Assert.True(operation["description"]?.GetValue<string>() is { Length: > 40 }, $"{id} has no description");
            var security = Assert.Single(operation["security"]!.AsArray())!.AsObject();
            Assert.Equal("bearer", Assert.Single(security).Key);

            var responses = operation["responses"]!.AsObject();
            Assert.Equal(["200", .. Refusals[id].Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))], responses.Select(r => r.Key).Order(StringComparer.Ordinal));
            foreach (var status in Refusals[id])
            {
                var response = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
                Assert.Equal("#/components/schemas/Problem", response["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
                Assert.False(string.IsNullOrWhiteSpace(response["description"]!.GetValue<string>()), $"{id} {status}");
            }
        }

        var holdBody = document["paths"]!["/till/holds"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotNull(holdBody);
    }

    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_finds_no_error_in_the_served_document()
    {
        using var client = app.CreateClient();
        var file = Path.Combine(Path.GetTempPath(), $"timebank-till-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        try
        {
            var (exitCode, output) = await RunAsync("npx", "--yes", RedoclyCli, "lint", "--extends=recommended", "--format=stylish", file);
            Assert.True(exitCode == 0, $"redocly lint failed ({exitCode}):\n{output}");
            Assert.Contains(Path.GetFileName(file), output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_reference_page_is_served_by_the_host_and_loads_nothing_from_another_host()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/api-reference", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);

        var assets = SrcOrHref().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains("/explorer/api-reference.js", assets);
        Assert.Contains("/openapi/v1.json", assets);
        foreach (var asset in assets)
        {
            Assert.Matches(SameHostPath(), asset);
            using var served = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{asset}: {served.StatusCode}");
            Assert.DoesNotMatch(AnyOtherHost(), await served.Content.ReadAsStringAsync());
        }

        Assert.DoesNotMatch(AnyOtherHost(), html);
        var script = await client.GetStringAsync(new Uri("/explorer/api-reference.js", UriKind.Relative));
        Assert.Contains("fetch('/openapi/v1.json'", script, StringComparison.Ordinal);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = app.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
    }

    /// <summary>Runs a program to its end; a program that is not installed fails the test, it is never skipped.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' could not be started ({e.Message}): install Node.js with npm (apt-get install nodejs npm).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await errors);
        }
    }

    [GeneratedRegex("""\b(?:src|href)="(?<url>[^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex SrcOrHref();

    /// <summary>A path on this host: starts with one slash, no scheme, no "//host".</summary>
    [GeneratedRegex("""^/(?!/)[A-Za-z0-9._/-]+$""")]
    private static partial Regex SameHostPath();

    [GeneratedRegex("""(?:[a-z][a-z0-9+.-]*:)?//[A-Za-z0-9-]+\.[A-Za-z0-9.-]+""", RegexOptions.IgnoreCase)]
    private static partial Regex AnyOtherHost();
}
