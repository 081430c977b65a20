using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Actors;
using Microsoft.AspNetCore.Hosting;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>Public verification over plain HTTP (JSON and the page) and the register as CSV, on the real host.</summary>
public sealed class CertificateHttpTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    [Fact]
    public async Task The_json_endpoint_and_the_page_verify_by_number_and_code_without_a_token()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var issued = await scenario.IssueDirectlyAsync();
        var number = issued.Value<string>("number");
        var code = issued.Value<string>("verificationCode");
        using var client = app.CreateClient();

        using var json = await client.GetAsync(new Uri($"/certificates/verify?number={number}&code={code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var body = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        Assert.Equal("VALID", body["verdict"]!.GetValue<string>());
        Assert.Equal(60, body["totalMinutes"]!.GetValue<long>());
        Assert.Equal("王**", body["maskedName"]!.GetValue<string>());

        using var page = await client.GetAsync(new Uri($"/verify?number={number}&code={code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("有效 · Valid", html, StringComparison.Ordinal);
        Assert.Contains(number, html, StringComparison.Ordinal);
        Assert.DoesNotContain(CertificateScenario.IdNumber, html, StringComparison.Ordinal);

        using var form = await client.GetAsync(new Uri("/verify", UriKind.Relative));
        Assert.Contains("<form method=\"get\" action=\"/verify\">", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_cannot_be_a_number_is_a_400_problem_and_the_page_shows_it_encoded()
    {
        using var client = app.CreateClient();
        using var json = await client.GetAsync(new Uri("/certificates/verify?number=nonsense&code=ABCD-EFGH-JKMN", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType!.MediaType);
        Assert.Equal("CERTIFICATE_NUMBER_INVALID", JsonNode.Parse(await json.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        using var page = await client.GetAsync(new Uri("/verify?number=%3Cscript%3Ealert(1)%3C/script%3E&code=x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_csv_is_utf8_with_a_bom_in_number_order_and_only_for_the_community()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var first = await scenario.IssueDirectlyAsync();
        await scenario.IssueDirectlyAsync();
        await scenario.RevokeAsync(Guid.Parse(first.Value<string>("certificateId")));
        using var client = app.CreateClient();
        var uri = new Uri($"/communities/{scenario.City.CommunityId}/certificates.csv", UriKind.Relative);

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.Staff);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("number,status,volunteer_number,", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith(first.Value<string>("number") + ",REVOKED,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",ISSUED,", lines[2], StringComparison.Ordinal);
        Assert.Contains("八大关社区", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(CertificateScenario.Name, lines[2], StringComparison.Ordinal);

        foreach (var (token, status) in new[] { (scenario.Volunteer, HttpStatusCode.Forbidden), (TestTokens.For(Actor.Staff(Guid.CreateVersion7(), Guid.CreateVersion7())), HttpStatusCode.Forbidden), (null, HttpStatusCode.Unauthorized) })
        {
            using var other = new HttpRequestMessage(HttpMethod.Get, uri);
            if (token is not null)
            {
                other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            Assert.Equal(status, (await client.SendAsync(other)).StatusCode);
        }
    }
}

/// <summary>A host whose public verification allows three a minute per client.</summary>
public sealed class LowVerificationLimitApp : TimeBankApp
{
    protected override void ConfigureHost(IWebHostBuilder builder) => builder.UseSetting("Verification:PerMinute", "3");
}

/// <summary>Public verification is limited per client, the same limit over GraphQL, JSON and the page.</summary>
public sealed class CertificateRateLimitTests(LowVerificationLimitApp app) : IClassFixture<LowVerificationLimitApp>
{
    [Fact]
    public async Task A_client_over_the_limit_is_answered_429_with_retry_after_and_rate_limited_over_graphql()
    {
        using var client = app.CreateClient();
        var uri = new Uri("/certificates/verify?number=ABCDEF-2026-000001&code=ABCD-EFGH-JKMN", UriKind.Relative);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(uri)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/verify?number=ABCDEF-2026-000001&code=ABCD-EFGH-JKMN", UriKind.Relative))).StatusCode);
        using var limited = await client.GetAsync(uri);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("RATE_LIMITED", JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        var graphql = await new LedgerGraphQLClient(app).SendAsync(null, CertificateScenario.VerifyQuery, new { number = "ABCDEF-2026-000001", code = "ABCD-EFGH-JKMN" });
        Assert.Equal("RATE_LIMITED", graphql.Code());
    }
}
