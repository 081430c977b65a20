using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marten;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Api.Auth;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Redemptions;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.HostileInput;

/// <summary>
/// Hostile requests to the HTTP endpoints outside <c>/graphql</c> (the till's API, the settlement statement as CSV, any
/// other address): each a 4xx (never a 500), every one <c>application/problem+json</c> with its stable code, no body
/// carrying a stack frame, a .NET type name or a file path, nothing logged as a failure, and no event, hold or code
/// written by any of them. The host has a database of its own.
/// </summary>
public sealed partial class TillHostileInputTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Hold = "/till/holds";

    /// <summary>A request and what it must be answered with; a null code is any code (the ledger decides which).</summary>
    private sealed record Hostile(string? Authorization, HttpMethod Method, string Path, string? Body, int Status, string? Code,
        string? Mentions = null, string ContentType = "application/json");

    [Fact]
    public async Task Hostile_requests_outside_graphql_are_problems_with_a_code_that_leak_nothing_and_write_nothing()
    {
        var (cases, before) = await ArrangeAsync();

        var failures = new List<string>();
        foreach (var hostile in cases)
        {
            var answer = await SendAsync(hostile);
            if (ProblemWith(hostile, answer) is { } problem)
            {
                failures.Add($"{hostile.Method} {hostile.Path} {Shorten(hostile.Body)}: {problem}\n    → {answer.Status} {answer.MediaType} {Shorten(answer.Body)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_clients_bad_input_is_not_logged_as_a_failure_nor_with_a_stack_trace()
    {
        var (cases, _) = await ArrangeAsync();

        // Only this test's requests: other test classes share the host and log their own (expected) failures meanwhile.
        using (app.Logs.RecordOwnTrace())
        {
            foreach (var hostile in cases)
            {
                await SendAsync(hostile);
            }
        }

        var failures = app.Logs.Lines.Where(line =>
            line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal)
            || line.StartsWith("Warning ", StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(l => Shorten(l, 2_000))));
    }

    private async Task<(List<Hostile> Cases, (long, int, int) Counts)> ArrangeAsync()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var liveCode = "\"" + await city.CodeAsync(volunteer) + "\"";
        var merchantId = cashier.MerchantId!.Value;
        var till = "Bearer " + TestTokens.For(cashier);
        var admin = "Bearer " + TestTokens.For(Actor.CityAdmin(Guid.NewGuid()));
        var forged = "Bearer " + new TokenIssuer(AuthSettings.LocalIssuer, AuthSettings.DefaultAudience, RandomNumberGenerator.GetBytes(TokenIssuer.SigningKeyBytes), TimeProvider.System)
            .Issue(new TokenClaims(cashier.PersonId.ToString(), "merchant", [], merchantId), TimeSpan.FromHours(1));
        var expired = "Bearer " + TestTokens.IssuerAt(new PastClock(DateTimeOffset.UtcNow.AddDays(-2)))
            .Issue(new TokenClaims(cashier.PersonId.ToString(), "merchant", [], merchantId), TimeSpan.FromHours(1));
        var id = Guid.NewGuid();
        var csv = $"/merchants/{merchantId}/statements.csv?from=2026-01-01&to=2026-01-31";
        string HoldBody(string code, string amount, string tillRequestId) =>
            "{\"code\": " + code + ", \"amount\": " + amount + ", \"tillRequestId\": " + tillRequestId + "}";
        var aCode = "\"12345678\"";
        var anId = "\"" + Guid.NewGuid() + "\"";

        List<Hostile> cases =
        [
            // Not a JSON object at all: the body is what is wrong.
            new(till, HttpMethod.Post, Hold, "", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "null", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "{", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "{\"code\": \"12345678\", \"amount\": 5, \"tillRequestId\": \"", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "{\"code\": \"12345678\", \"amount\": 5,", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "{'code': '12345678'}", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "\"a string\"", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "[]", 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, new string('[', 10_000), 400, "BAD_REQUEST"),
            new(till, HttpMethod.Post, Hold, "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201), 400, "BAD_REQUEST"),
            // A JSON object with a field of the wrong kind: the field is named, never a .NET type.
            new(till, HttpMethod.Post, Hold, HoldBody(aCode, "1", "\"not-a-uuid\""), 400, "INVALID_INPUT", "tillRequestId"),
            new(till, HttpMethod.Post, Hold, HoldBody(aCode, "1", "42"), 400, "INVALID_INPUT", "tillRequestId"),
            new(till, HttpMethod.Post, Hold, HoldBody(aCode, "1.5", anId), 400, "INVALID_INPUT", "amount"),
            new(till, HttpMethod.Post, Hold, HoldBody(aCode, "\"many\"", anId), 400, "INVALID_INPUT", "amount"),
            new(till, HttpMethod.Post, Hold, HoldBody(aCode, "99999999999999999999999", anId), 400, "INVALID_INPUT", "amount"),
            new(till, HttpMethod.Post, Hold, HoldBody("12", "1", anId), 400, "INVALID_INPUT", "code"),
            new(till, HttpMethod.Post, Hold, HoldBody("{}", "1", anId), 400, "INVALID_INPUT", "code"),
            new(till, HttpMethod.Post, $"{Hold}/{Guid.NewGuid()}/refunds", "{\"amount\": 99999999999999999999, \"tillRequestId\": \"" + id + "\"}", 400, "INVALID_INPUT", "amount"),
            new(till, HttpMethod.Post, $"{Hold}/{Guid.NewGuid()}/refunds", "{\"amount\": 2, \"tillRequestId\": \"x\"}", 400, "INVALID_INPUT", "tillRequestId"),
            // Well-formed, and the ledger's to refuse.
            new(till, HttpMethod.Post, Hold, HoldBody("null", "1", "\"" + id + "\""), 400, "INVALID_INPUT"),
            new(till, HttpMethod.Post, Hold, HoldBody(liveCode, "-9223372036854775808", "\"" + Guid.NewGuid() + "\""), 400, "INVALID_AMOUNT"),
            new(till, HttpMethod.Post, Hold, HoldBody("\"' or 1=1 --\"", "1", anId), 422, "REDEMPTION_CODE_INVALID"),
            new(till, HttpMethod.Post, Hold, HoldBody("\"" + new string('9', 100_000) + "\"", "1", "\"" + Guid.NewGuid() + "\""), 400, "INVALID_INPUT"),
            new(till, HttpMethod.Post, $"{Hold}/{Guid.NewGuid()}/refunds", "{}", 400, null),
            new(till, HttpMethod.Post, $"{Hold}/{Guid.NewGuid()}/complete", null, 404, "NOT_FOUND"),
            // What the framework answers before any endpoint runs: an address, a method or a body type that is wrong.
            new(till, HttpMethod.Post, $"{Hold}/..%2F..%2Fgraphql/void", null, 404, "NOT_FOUND"),
            new(till, HttpMethod.Get, $"{Hold}/not-a-uuid", null, 404, "NOT_FOUND"),
            new(till, HttpMethod.Post, $"{Hold}/12345/complete", null, 404, "NOT_FOUND"),
            new(till, HttpMethod.Get, "/till/nothing-here", null, 404, "NOT_FOUND"),
            new(null, HttpMethod.Get, "/no/such/address", null, 404, "NOT_FOUND"),
            new(till, HttpMethod.Delete, $"{Hold}/{Guid.NewGuid()}", null, 405, "METHOD_NOT_ALLOWED", "GET"),
            new(till, HttpMethod.Put, Hold, "{}", 405, "METHOD_NOT_ALLOWED", "POST"),
            new(till, HttpMethod.Post, Hold, "code=12345678&amount=1&tillRequestId=" + id, 415, "UNSUPPORTED_MEDIA_TYPE", "application/json",
                "application/x-www-form-urlencoded"),
            new(till, HttpMethod.Post, Hold, HoldBody(aCode, "1", anId), 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", "text/plain"),
            new(till, HttpMethod.Post, $"{Hold}/{Guid.NewGuid()}/refunds", "<refund amount=\"1\"/>", 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", "application/xml"),
            // Who calls.
            new(null, HttpMethod.Post, Hold, HoldBody(aCode, "1", "\"" + Guid.NewGuid() + "\""), 401, "UNAUTHENTICATED"),
            new(admin, HttpMethod.Post, Hold, HoldBody(aCode, "1", "\"" + Guid.NewGuid() + "\""), 403, "NOT_CASHIER_OF_MERCHANT"),
            new(forged, HttpMethod.Post, Hold, HoldBody(aCode, "1", "\"" + Guid.NewGuid() + "\""), 401, "INVALID_TOKEN"),
            new("Bearer not-a-jwt", HttpMethod.Get, $"{Hold}/{Guid.NewGuid()}", null, 401, "INVALID_TOKEN"),
            // The settlement statement as CSV.
            new("Bearer not-a-jwt", HttpMethod.Get, csv, null, 401, "INVALID_TOKEN"),
            new(forged, HttpMethod.Get, csv, null, 401, "INVALID_TOKEN"),
            new(expired, HttpMethod.Get, csv, null, 401, "INVALID_TOKEN", "expired"),
            new("Basic dXNlcjpwYXNz", HttpMethod.Get, csv, null, 401, "INVALID_TOKEN"),
            new(null, HttpMethod.Get, csv, null, 401, "UNAUTHENTICATED"),
            new(till, HttpMethod.Get, $"/merchants/{Guid.NewGuid()}/statements.csv?from=2026-01-01&to=2026-01-31", null, 404, "NOT_FOUND"),
            new(till, HttpMethod.Get, $"/merchants/{merchantId}/statements.csv?from=2026-13-01&to=2026-01-31", null, 400, "INVALID_INPUT", "from"),
            new(till, HttpMethod.Post, csv, "{}", 405, "METHOD_NOT_ALLOWED", "GET"),
        ];

        return (cases, await CountAsync());
    }

    /// <summary>What is wrong with the answer, or null: the status and code asked for, and never anything internal.</summary>
    private static string? ProblemWith(Hostile hostile, Answer answer)
    {
        if (Leak(answer.Body) is { } leak)
        {
            return $"the body gives away {leak}";
        }

        if (answer.Status != hostile.Status)
        {
            return $"expected status {hostile.Status}";
        }

        if (answer.MediaType != "application/problem+json")
        {
            return "expected application/problem+json";
        }

        JsonObject problem;
        try
        {
            problem = JsonNode.Parse(answer.Body)!.AsObject();
        }
        catch (System.Text.Json.JsonException)
        {
            return "the body is not a JSON object";
        }

        var code = problem["code"]?.GetValue<string>();
        if (code is null || (hostile.Code is not null && code != hostile.Code))
        {
            return $"expected code {hostile.Code ?? "(any)"}";
        }

        var detail = problem["detail"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(detail))
        {
            return "a refusal says what is wrong in 'detail'";
        }

        if (problem["status"]?.GetValue<int>() != answer.Status)
        {
            return "'status' differs from the HTTP status";
        }

        return hostile.Mentions is { } word && !detail.Contains(word, StringComparison.Ordinal) ? $"the detail should name '{word}'" : null;
    }

    /// <summary>A stack frame, a .NET type or namespace, an exception's name or a file path in a body; null if none.</summary>
    internal static string? Leak(string body)
    {
        var match = Internals().Match(body);
        return match.Success ? $"'{match.Value}'" : null;
    }

    [GeneratedRegex(@"   at |\b(System|TimeBank|Microsoft|Npgsql|Marten|Wolverine|JasperFx|GraphQL|Weasel)\.[A-Za-z]|Npgsql|Marten|Wolverine|JasperFx|Exception\b|\.cs\b|/src/|/work/|/home/|/root/|/tmp/|[A-Za-z]:\\")]
    private static partial Regex Internals();

    private sealed record Answer(int Status, string? MediaType, string Body);

    private async Task<Answer> SendAsync(Hostile hostile)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(hostile.Method, new Uri(hostile.Path, UriKind.Relative));
        if (hostile.Body is not null)
        {
            request.Content = new StringContent(hostile.Body, System.Text.Encoding.UTF8, hostile.ContentType);
        }

        if (hostile.Authorization is { } authorization)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        if (System.Diagnostics.Activity.Current is { } trace)
        {
            // The request continues the test's trace (the test server's client does not say so itself), so that a capture
            // of the test's own trace sees what the host logged for it.
            request.Headers.Add("traceparent", trace.Id);
        }

        using var response = await client.SendAsync(request);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private async Task<(long Events, int Holds, int Codes)> CountAsync()
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().LongCountAsync();
        return (events, await session.Query<Hold>().CountAsync(), await session.Query<RedemptionCodeLookup>().CountAsync());
    }

    private static string Shorten(string? text, int length = 120) => text is null ? "(none)" : text.Length > length ? text[..length] + "…" : text;

    private sealed class PastClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
