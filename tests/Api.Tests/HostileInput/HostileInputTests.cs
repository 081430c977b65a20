using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.HostileInput;

/// <summary>
/// Bad requests against the real host: each gets the status GraphQL-over-HTTP gives for
/// <c>application/graphql-response+json</c> (a request error is 4xx; a field error in an executed request is 200),
/// an error with <c>extensions.code</c>, never a 500 nor a stack frame, .NET type or file path in a body, and the store is the same after all of them as before.
/// The host has a database of its own, so nothing else writes while the suite runs. Forged tokens are the
/// authentication tests' business.
/// </summary>
public sealed class HostileInputTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string GraphQLResponse = "application/graphql-response+json";

    private const string Submit = """
        mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { record { id } } }
        """;

    [Fact]
    public async Task Hostile_requests_are_refused_with_the_right_status_and_code_and_write_nothing()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id");
        await app.Store.CaughtUpAsync();
        var before = await CountStoreAsync();

        var failures = new List<string>();
        foreach (var hostile in Cases(scenario, recordId))
        {
            var (status, body) = await SendAsync(scenario.Staff, hostile);
            var problem = Check(hostile, status, body);
            if (problem is not null)
            {
                failures.Add($"{hostile.Name}: {problem}\n    {Shorten(body)}");
            }
        }

        await app.Store.CaughtUpAsync();
        var after = await CountStoreAsync();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Zero_minutes_reach_the_domain_and_are_refused_with_no_event()
    {
        // Zero passes the schema (it is a valid Int, not negative) and is the domain's to refuse; the refusal is
        // remembered under its command id (idempotency), but nothing happens to the ledger.
        var scenario = await LedgerScenario.StartAsync(app);
        await app.Store.CaughtUpAsync();
        var before = await CountStoreAsync();

        var start = LedgerScenario.PastSlot();
        var answer = await scenario.Client.SendAsync(scenario.Staff, Submit, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), volunteerId = scenario.VolunteerId, projectId = scenario.ProjectId,
                startedAt = start, endedAt = start.AddMinutes(30), minutesServed = 0, content = "Reading", personInCharge = "Zhang",
            },
        });

        Assert.Equal("RECORD_MINUTES_INVALID", answer.Code());
        var after = await CountStoreAsync();
        Assert.Equal(before with { ProcessedCommands = after.ProcessedCommands }, after);
    }

    [Fact]
    public async Task Text_over_its_limit_is_refused_with_TEXT_TOO_LONG_naming_the_field_and_writes_no_event()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var recordId = Guid.CreateVersion7();
        (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), 30)).Ok("submitServiceRecord.record.id");
        await app.Store.CaughtUpAsync();
        var before = await CountStoreAsync();

        var start = LedgerScenario.PastSlot();
        var submitted = await scenario.Client.SendAsync(scenario.Staff, Submit, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), volunteerId = scenario.VolunteerId, projectId = scenario.ProjectId,
                startedAt = start, endedAt = start.AddMinutes(30), minutesServed = 30, content = new string('读', 2001), personInCharge = "Zhang",
            },
        });
        var rejected = await scenario.Client.SendAsync(scenario.Staff, """
            mutation($input: RejectServiceRecordInput!) { rejectServiceRecord(input: $input) { record { status } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), recordId, reason = new string('r', 501) } });

        Assert.Equal("TEXT_TOO_LONG", submitted.Code());
        Assert.Equal("content must be at most 2000 characters; it has 2001.", submitted.Errors[0]!.Value<string>("message"));
        Assert.Equal("TEXT_TOO_LONG", rejected.Code());
        Assert.Equal("reason must be at most 500 characters; it has 501.", rejected.Errors[0]!.Value<string>("message"));
        var after = await CountStoreAsync();
        Assert.Equal(before with { ProcessedCommands = after.ProcessedCommands }, after);
        var record = await scenario.Client.SendAsync(scenario.Staff, "query($id: ID!) { serviceRecord(id: $id) { status } }", new { id = recordId });
        Assert.Equal("SUBMITTED", record.Ok("serviceRecord.status").GetValue<string>());
    }

    private IEnumerable<HostileRequest> Cases(LedgerScenario scenario, Guid recordId)
    {
        var start = LedgerScenario.PastSlot().AddDays(-1).ToString("O");
        var end = LedgerScenario.PastSlot().AddDays(-1).AddMinutes(30).ToString("O");
        string SubmitBody(string minutes, string extra = "", string? commandId = null) => $$$"""
            {"query": {{{JsonValue.Create(Submit).ToJsonString()}}}, "variables": {"input": {
              "commandId": "{{{commandId ?? Guid.CreateVersion7().ToString()}}}", "volunteerId": "{{{scenario.VolunteerId}}}", "projectId": "{{{scenario.ProjectId}}}",
              "startedAt": "{{{start}}}", "endedAt": "{{{end}}}", "minutesServed": {{{minutes}}}, "content": "Reading", "personInCharge": "Zhang"{{{extra}}} } } }
            """;
        string Amend(string minutes) => $$$"""
            {"query": "mutation($input: AmendServiceRecordInput!) { amendServiceRecord(input: $input) { record { id } } }", "variables": {"input": {
              "commandId": "{{{Guid.CreateVersion7()}}}", "recordId": "{{{recordId}}}", "startedAt": "{{{start}}}", "endedAt": "{{{end}}}",
              "minutesServed": {{{minutes}}}, "content": "Reading", "note": "fix"} } }
            """;
        string Query(string query, string variables = "null") => $$"""{"query": {{JsonValue.Create(query).ToJsonString()}}, "variables": {{variables}}}""";
        var community = $$"""{"c": "{{scenario.CommunityId}}"}""";

        // The body: JSON, an object, of the right media type
        yield return Post("malformed JSON", """{"query": "{ __typename }" """, 400, "BAD_REQUEST");
        yield return Post("not JSON at all", "query={__typename}", 400, "BAD_REQUEST");
        yield return Post("invalid UTF-8", new byte[] { 0x7B, 0x22, 0x71, 0xFF, 0xFE, 0x22, 0x7D }, 400, "BAD_REQUEST");
        yield return Post("JSON string, not an object", "\"{ __typename }\"", 400, "BAD_REQUEST");
        yield return Post("JSON number", "42", 400, "BAD_REQUEST");
        yield return Post("JSON null", "null", 400, "BAD_REQUEST");
        yield return Post("batched array (not supported)", $"[{Query("{ __typename }")}, {Query("{ __typename }")}]", 400, "BAD_REQUEST");
        yield return Post("empty body", "", 400, "BAD_REQUEST");
        yield return Post("no query", """{"variables": {}}""", 400, "BAD_REQUEST");
        yield return Post("query is a number", """{"query": 5}""", 400, "BAD_REQUEST");
        yield return Post("variables is a list", """{"query": "{ __typename }", "variables": [1]}""", 400, "BAD_REQUEST");
        yield return Post("operationName is an object", """{"query": "{ __typename }", "operationName": {}}""", 400, "BAD_REQUEST");
        yield return Post("text/plain", Query("{ __typename }"), 415, "UNSUPPORTED_MEDIA_TYPE", contentType: "text/plain");
        yield return Post("form encoded", "query=%7B__typename%7D", 415, "UNSUPPORTED_MEDIA_TYPE", contentType: "application/x-www-form-urlencoded");
        yield return Post("application/graphql", "{ __typename }", 415, "UNSUPPORTED_MEDIA_TYPE", contentType: "application/graphql");
        yield return Post("JSON in latin1", Query("{ __typename }"), 415, "UNSUPPORTED_MEDIA_TYPE", contentType: "application/json; charset=iso-8859-1");
        yield return Post("body over 1 MiB", Query("{ __typename }", $$"""{"pad": "{{new string('x', 1_100_000)}}"}"""), 413, "PAYLOAD_TOO_LARGE");
        yield return new HostileRequest("PUT", HttpMethod.Put, "application/json", Encoding.UTF8.GetBytes(Query("{ __typename }")), null, 405, "METHOD_NOT_ALLOWED");
        yield return new HostileRequest("DELETE", HttpMethod.Delete, null, null, null, 405, "METHOD_NOT_ALLOWED");

        // The document
        yield return Post("syntax error", Query("{ account(volunteerId: "), 400, "GRAPHQL_PARSE_FAILED");
        yield return Post("unknown field", Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c) { secret } }", community), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("unknown argument", Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c, all: true) { pageInfo { hasNextPage } } }", community), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("unknown input field", SubmitBody("30", ", \"approved\": true"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("missing required variable", Query("query($id: ID!) { serviceRecord(id: $id) { recordId } }"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("two operations, no operationName", Query("query A { __typename } query B { __typename }"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("operationName names no operation", """{"query": "query A { __typename }", "operationName": "B"}""", 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("subscription", Query("subscription { __typename }"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("document over 16 KiB", Query("{ __typename " + new string(' ', 17_000) + "}"), 400, "DOCUMENT_TOO_LARGE");
        yield return Post("nesting bomb for the parser", Query(string.Concat(Enumerable.Repeat("{a", 5_000)) + new string('}', 5_000)), 400, "QUERY_TOO_DEEP");
        yield return Post("selection deeper than 12",
            Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c) { pageInfo { hasNextPage } } __schema { types { fields { type { "
                  + string.Concat(Enumerable.Repeat("ofType { ", 10)) + "name" + new string('}', 14) + " }", community),
            400, "QUERY_TOO_DEEP");
        var wide = string.Concat(Enumerable.Range(0, 5).Select(i =>
            $"a{i}: recordsAwaitingVerification(communityId: $c, first: 100) {{ edges {{ node {{ recordId status minutesServed content place category volunteer {{ volunteerId }} project {{ name }} community {{ name }} }} }} }} "));
        yield return Post("aliases over the complexity budget", Query("query($c: ID!) { " + wide + "}", community), 400, "QUERY_TOO_COMPLEX");

        // Variables of the wrong type and amounts out of range
        yield return Post("minutes as a string", SubmitBody("\"30\""), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("minutes as a fraction", SubmitBody("1.5"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("minutes over Int (2147483648)", SubmitBody("2147483648"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("minutes far over Int", SubmitBody("1e40"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("minutes null", SubmitBody("null"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("negative minutes", SubmitBody("-1"), 200, "INVALID_AMOUNT");
        yield return Post("most negative Int", SubmitBody("-2147483648"), 200, "INVALID_AMOUNT");
        yield return Post("negative minutes in an amendment", Amend("-1"), 200, "INVALID_AMOUNT");
        yield return Post("a UUID that is not one", Query("query($id: ID!) { serviceRecord(id: $id) { recordId } }", """{"id": "1234"}"""), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("a commandId that is not a UUID", SubmitBody("30", commandId: "42"), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("an instant that is not one", SubmitBody("30").Replace(start, "yesterday", StringComparison.Ordinal), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("an object for a scalar", Query("query($id: ID!) { serviceRecord(id: $id) { recordId } }", """{"id": {"$ne": null}}"""), 400, "GRAPHQL_VALIDATION_FAILED");

        // Page sizes and cursors
        yield return Post("page of 101", Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c, first: 101) { pageInfo { hasNextPage } } }", community), 200, "INVALID_INPUT");
        yield return Post("negative page", Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c, first: -1) { pageInfo { hasNextPage } } }", community), 200, "INVALID_INPUT");
        yield return Post("page over Int", Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c, first: 2147483648) { pageInfo { hasNextPage } } }", community), 400, "GRAPHQL_VALIDATION_FAILED");
        yield return Post("forged cursor", Query("query($c: ID!) { recordsAwaitingVerification(communityId: $c, after: \"bm90LWEtY3Vyc29y\") { pageInfo { hasNextPage } } }", community), 200, "INVALID_INPUT");
        yield return Post("101 ids for nodes", Query("query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            $$"""{"ids": [{{string.Join(',', Enumerable.Range(0, 101).Select(_ => $"\"{Guid.CreateVersion7()}\""))}}]}"""), 200, "INVALID_INPUT");

        // GET is for queries only
        yield return Get("mutation over GET", "?query=" + Uri.EscapeDataString("mutation { verifyServiceRecords(input: {commandId: \"" + Guid.CreateVersion7() + "\", recordIds: [\"" + recordId + "\"]}) { recordIds } }"), 405, "METHOD_NOT_ALLOWED");
        yield return Get("GET without a query", "?variables=%7B%7D", 400, "BAD_REQUEST");
        yield return Get("GET with two queries", "?query=%7B__typename%7D&query=%7B__typename%7D", 400, "BAD_REQUEST");
        yield return Get("GET with variables that are not JSON", "?query=%7B__typename%7D&variables=%7Bx", 400, "BAD_REQUEST");

        static HostileRequest Post(string name, object body, int status, string? code, string contentType = "application/json") =>
            new(name, HttpMethod.Post, contentType, body as byte[] ?? Encoding.UTF8.GetBytes((string)body), null, status, code);

        static HostileRequest Get(string name, string query, int status, string? code) => new(name, HttpMethod.Get, null, null, query, status, code);
    }

    private static string? Check(HostileRequest hostile, int status, string body)
    {
        if (status >= 500)
        {
            return $"answered {status}";
        }

        if (status != hostile.Status)
        {
            return $"answered {status}, expected {hostile.Status}";
        }

        if (TillHostileInputTests.Leak(body) is { } leak)
        {
            return $"the body shows an internal detail: {leak}";
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body)!.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return "the body is not a JSON object";
        }

        var errors = json["errors"]?.AsArray() ?? [];
        if (errors.Count == 0)
        {
            return "no error in the answer";
        }

        var codes = errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>()).ToList();
        if (codes.Any(string.IsNullOrEmpty) || errors.Any(e => string.IsNullOrWhiteSpace(e?["message"]?.GetValue<string>())))
        {
            return "an error without a message or extensions.code";
        }

        if (codes.Contains("INTERNAL"))
        {
            return "an INTERNAL error";
        }

        if (hostile.Code is not null && !codes.Contains(hostile.Code))
        {
            return $"codes {string.Join(", ", codes)}, expected {hostile.Code}";
        }

        // A request error executes nothing: no "data" at all (GraphQL over HTTP).
        return status == 400 && json.ContainsKey("data") ? "a request error with \"data\"" : null;
    }

    private async Task<(int Status, string Body)> SendAsync(string actor, HostileRequest hostile)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(hostile.Method, new Uri("/graphql" + hostile.QueryString, UriKind.Relative));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        request.Headers.TryAddWithoutValidation("Accept", GraphQLResponse);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", actor);
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<StoreCounts> CountStoreAsync()
    {
        await using var session = app.Store.QuerySession();
        return new StoreCounts(
            await session.Events.QueryAllRawEvents().CountAsync(),
            await session.Query<ProcessedCommand>().CountAsync(),
            await session.Query<ServiceRecord>().CountAsync(),
            await session.Query<VolunteerAccount>().CountAsync(),
            await session.Query<Community>().CountAsync(),
            await session.Query<Project>().CountAsync());
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private sealed record HostileRequest(string Name, HttpMethod Method, string? ContentType, byte[]? Body, string? QueryString, int Status, string? Code);

    private sealed record StoreCounts(int Events, int ProcessedCommands, int Records, int Accounts, int Communities, int Projects);
}
