using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// Five passes of a few thousand generated bad GraphQL requests (malformed, deep, huge, type-confused; seeded per pass,
/// so a failure repeats) against the API as a child process: never a 500, every error with a code and none INTERNAL,
/// nothing written but the refusals the idempotency store remembers (events, streams and every document table compared),
/// and its settled memory after the last pass within a stated bound of that after the third.
/// The hand-written cases with their exact codes are in tests/Api.Tests/HostileInput.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class HostileRunTests(ITestOutputHelper output)
{
    private const int Requests = 3_000;
    private const int Passes = 5;
    private const int Seed = 6_006;

    /// <summary>The bound: resident memory after the last pass at most this much above the resident memory after the third.</summary>
    private const long AllowedGrowthBytes = 64L * 1024 * 1024;

    [Fact]
    public async Task Generated_hostile_requests_never_get_a_500_never_write_and_leave_memory_flat()
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var connectionString = await cluster.CreateDatabaseAsync($"timebank_fault_{Guid.NewGuid():N}"[..40]);
        var options = new ApiProcessOptions(connectionString);
        var ledger = new Ledger(connectionString);
        await using var api = await ApiProcess.StartAsync(options);
        using var client = new GraphQLHttpClient(options.BaseAddress, maxConnections: 8);
        var city = await GraphQLCity.SetUpAsync(client, options.Tokens, volunteers: 4);

        // The city is settled (credits made, read models caught up) before the first hostile request: what differs
        // afterwards was written by the run.
        await ledger.UntilCreditsDrainedAsync(TimeSpan.FromSeconds(60));
        await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
        var before = await ledger.SnapshotAsync();
        var rememberedBefore = await ledger.RememberedCommandsAsync();

        // Every pass sends new requests with new command ids (seeded per pass, so a failure repeats): none is answered
        // from the idempotency store by an earlier pass.
        var answers = new List<(HostileRequest Request, int Status, string Body)>();
        var memory = new List<ProcessMemory>();
        for (var pass = 1; pass <= Passes; pass++)
        {
            var requests = new HostileRequests(new Random(Seed * 100 + pass), city).Take(Requests).ToList();
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, _) =>
            {
                var (status, body) = await SendAsync(client, city.Staff, request);
                lock (answers)
                {
                    answers.Add((request, status, body));
                }
            });

            memory.Add(await SettledMemoryAsync(api));
            output.WriteLine($"pass {pass}: RSS {ProcessMemory.Megabytes(memory[^1].ResidentBytes)} once settled; peak {ProcessMemory.Megabytes(memory[^1].PeakResidentBytes)}");
        }

        await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
        var after = await ledger.SnapshotAsync();
        var rememberedAfter = await ledger.RememberedCommandsAsync();

        output.WriteLine($"{answers.Count} requests ({string.Join(", ", answers.GroupBy(a => a.Request.Kind).Select(g => $"{g.Key} {g.Count()}"))})");
        output.WriteLine($"statuses: {string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
        output.WriteLine($"codes: {string.Join(", ", answers.SelectMany(a => Codes(a.Body)).GroupBy(c => c).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"))}");

        var problems = answers.Select(a => Problem(a.Status, a.Body) is { } problem ? $"{a.Request.Kind}: {problem} — {(a.Body.Length > 200 ? a.Body[..200] : a.Body)}" : null)
            .OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(20)));

        // Nothing written but the refusals the idempotency store remembers (a retry gets the same refusal): exactly one
        // for each answer whose mutation reached the ledger and was refused there, under that request's command id.
        // Refusals of the resolver's own input checks (a negative number of minutes) come before any command.
        var reachedTheLedger = answers.Where(a => a.Request.CommandId is not null && LedgerRefusal(a.Body) is { } code && !RefusedBeforeTheCommand.Contains(code))
            .ToDictionary(a => a.Request.CommandId!.Value, a => LedgerRefusal(a.Body));
        var remembered = rememberedAfter.Where(r => !rememberedBefore.ContainsKey(r.Key)).ToDictionary(r => r.Key, r => r.Value);
        output.WriteLine($"remembered refusals: {remembered.Count} ({string.Join(", ", remembered.GroupBy(r => r.Value.Code).Select(g => $"{g.Key}×{g.Count()}"))})");
        Assert.All(remembered, r => Assert.False(r.Value.Accepted, $"command {r.Key} was accepted"));
        Assert.Equal(
            reachedTheLedger.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}"),
            remembered.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value.Code}"));
        Assert.Equal(rememberedBefore.Count + reachedTheLedger.Count, rememberedAfter.Count);
        var changed = before.Keys.Union(after.Keys)
            .Where(table => table != "mt_doc_processedcommand" && before.GetValueOrDefault(table) != after.GetValueOrDefault(table))
            .Select(table => $"{table}: {before.GetValueOrDefault(table).Rows} rows -> {after.GetValueOrDefault(table).Rows}")
            .ToList();
        Assert.True(changed.Count == 0, "written by hostile requests: " + string.Join("; ", changed));

        // The first two passes warm up (JIT, pools, caches, a GC heap grown to what bodies of a megabyte need); from the
        // third on, memory stays within the bound.
        Assert.True(memory[^1].ResidentBytes <= memory[2].ResidentBytes + AllowedGrowthBytes,
            $"RSS grew from {ProcessMemory.Megabytes(memory[2].ResidentBytes)} after pass 3 to {ProcessMemory.Megabytes(memory[^1].ResidentBytes)} after pass {Passes} " +
            $"(bound: + {ProcessMemory.Megabytes(AllowedGrowthBytes)}).");
    }

    /// <summary>The codes the GraphQL resolvers raise themselves (SchemaErrors), before a command is sent.</summary>
    private static readonly HashSet<string> RefusedBeforeTheCommand =
        [TimeBank.Api.GraphQL.SchemaErrors.Unauthenticated, TimeBank.Ledger.RefusalCodes.NotFound, TimeBank.Ledger.RefusalCodes.InvalidInput, TimeBank.Ledger.RefusalCodes.InvalidAmount];

    /// <summary>
    /// The child's resident memory once it has stopped moving (the GC of the idle service has settled): sampled every
    /// 250 ms until four samples in a row lie within 2 MB, at most 20 s; the last sample then.
    /// </summary>
    private static async Task<ProcessMemory> SettledMemoryAsync(ApiProcess api)
    {
        var samples = new List<ProcessMemory> { api.Memory() };
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(250);
            samples.Add(api.Memory());
            var last = samples.TakeLast(4).Select(s => s.ResidentBytes).ToList();
            if (last.Count == 4 && last.Max() - last.Min() < 2L * 1024 * 1024)
            {
                break;
            }
        }

        return samples[^1];
    }

    private static IEnumerable<string> Codes(string body)
    {
        try
        {
            return (JsonNode.Parse(body)?["errors"]?.AsArray() ?? []).Select(e => e?["extensions"]?["code"]?.GetValue<string>() ?? "(none)").ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The code of a refusal by the ledger: an error raised while a mutation field ran (it has a path), not one of the
    /// request (parse, validation, transport), which never reaches a command.
    /// </summary>
    private static string? LedgerRefusal(string body)
    {
        try
        {
            return (JsonNode.Parse(body)?["errors"]?.AsArray() ?? [])
                .Where(e => e?["path"] is not null)
                .Select(e => e?["extensions"]?["code"]?.GetValue<string>())
                .FirstOrDefault();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Problem(int status, string body)
    {
        if (status >= 500)
        {
            return $"answered {status}";
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            return "the body is not a JSON object";
        }

        // A few generated requests are harmless after all (an unused variable, a shallow enough query): answered is fine.
        var errors = json["errors"]?.AsArray() ?? [];
        var codes = errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>()).ToList();
        return codes.Any(string.IsNullOrEmpty) ? "an error without a code" : codes.Contains("INTERNAL") ? "INTERNAL" : null;
    }

    private static async Task<(int Status, string Body)> SendAsync(GraphQLHttpClient client, string token, HostileRequest hostile)
    {
        using var request = new HttpRequestMessage(hostile.Method, new Uri("graphql" + hostile.QueryString, UriKind.Relative));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
        var answer = await client.SendAsync(request, token);
        return ((int)answer.Status, answer.Text);
    }
}

/// <summary>A generated request; <paramref name="CommandId"/> is the command id it carries, if any.</summary>
public sealed record HostileRequest(string Kind, HttpMethod Method, string? ContentType, byte[]? Body, string? QueryString = null, Guid? CommandId = null);

/// <summary>An endless seeded stream of bad requests, of the shapes tests/Api.Tests/HostileInput names one by one.</summary>
public sealed partial class HostileRequests(Random random, GraphQLCity city)
{
    private static readonly string[] Confusions = ["\"30\"", "1.5", "2147483648", "-2147483649", "1e40", "null", "true", "[]", "{}", "\"\"", "-1", "0"];
    private static readonly string[] MediaTypes = ["text/plain", "application/x-www-form-urlencoded", "application/graphql", "application/json; charset=iso-8859-1"];
    private static readonly HttpMethod[] Methods = [HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch];
    private static readonly string[] Garbage = ["{", "}", "(", ")", "[", "]", ":", "$", "@", "...", "\"", "#", "query", "mutation", "fragment", "on", "\\u0000", "\u00ff"];

    public IEnumerable<HostileRequest> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return (i % 8) switch
            {
                0 => Malformed(),
                1 => Deep(),
                2 => Huge(),
                3 => TypeConfused(),
                4 => UnknownNames(),
                5 => WrongTransport(),
                6 => BrokenIds(),
                _ => MutatedValid(),
            };
        }
    }

    private string Submit(string field, string value)
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(-3).ToString("O");
        var fields = new Dictionary<string, string>
        {
            ["commandId"] = $"\"{NextGuid()}\"", ["volunteerId"] = $"\"{city.Volunteers[0]}\"", ["projectId"] = $"\"{city.ProjectId}\"",
            ["startedAt"] = $"\"{start}\"", ["endedAt"] = $"\"{start}\"", ["minutesServed"] = "30", ["content"] = "\"x\"", ["personInCharge"] = "\"y\"",
        };
        fields[field] = value;
        var input = string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}"));
        return $$"""{"query": {{JsonValue.Create(GraphQLCity.SubmitMutation).ToJsonString()}}, "variables": {"input": { {{input}} } } }""";
    }

    /// <summary>A JSON request, with the command id its body carries, if it still carries a well-formed one.</summary>
    private static HostileRequest Json(string kind, string body, string contentType = "application/json") =>
        new(kind, HttpMethod.Post, contentType, Encoding.UTF8.GetBytes(body),
            CommandId: CommandIdPattern().Match(body) is { Success: true } match && Guid.TryParse(match.Groups[1].Value, out var id) ? id : null);

    // Read as the service reads it (Guid.Parse takes "+e77c5ad-…" for 0e77c5ad-…: a mutated id can still be one).
    [System.Text.RegularExpressions.GeneratedRegex("\"commandId\"\\s*:\\s*\"([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex CommandIdPattern();

    /// <summary>A command or record id from the seeded random: a pass repeats, and no two passes share ids.</summary>
    private Guid NextGuid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Query(string query, string variables = "null") => $$"""{"query": {{JsonValue.Create(query).ToJsonString()}}, "variables": {{variables}}}""";

    private HostileRequest Malformed()
    {
        var valid = Query(GraphQLCity.BalanceQuery, $$"""{"id": "{{city.Volunteers[0]}}"}""");
        return random.Next(3) switch
        {
            0 => Json("malformed", valid[..random.Next(valid.Length)]),
            1 => new HostileRequest("malformed", HttpMethod.Post, "application/json", RandomBytes(random.Next(1, 400))),
            _ => Json("malformed", Query(string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Garbage[random.Next(Garbage.Length)] + " ")))),
        };
    }

    private HostileRequest Deep()
    {
        var depth = random.Next(13, 3_000);
        return random.Next(2) == 0
            ? Json("deep", Query(string.Concat(Enumerable.Repeat("{a", depth)) + new string('}', depth)))
            : Json("deep", Query("{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", Math.Min(depth, 200))) + "name" + new string('}', Math.Min(depth, 200) + 4) + " }"));
    }

    private HostileRequest Huge() => random.Next(4) switch
    {
        0 => Json("huge", Query("{ __typename " + new string(' ', random.Next(16_400, 200_000)) + "}")),
        1 => Json("huge", Query("{ " + string.Concat(Enumerable.Range(0, random.Next(200, 2_000)).Select(i => $"a{i}: account(volunteerId: \"{city.Volunteers[0]}\") {{ volunteerId lots {{ lotId }} }} ")) + "}")),
        2 => Json("huge", Query(GraphQLCity.BalanceQuery, $$"""{"id": "{{city.Volunteers[0]}}", "pad": "{{new string('x', random.Next(1_000, 1_200_000))}}"}""")),
        _ => Json("huge", Query("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", $$"""{"ids": [{{string.Join(',', Enumerable.Range(0, random.Next(101, 5_000)).Select(_ => $"\"{NextGuid()}\""))}}]}""")),
    };

    private HostileRequest TypeConfused()
    {
        string[] fields = ["minutesServed", "startedAt", "volunteerId", "projectId", "commandId", "content"];
        var field = fields[random.Next(fields.Length)];
        var value = Confusions[random.Next(Confusions.Length)];
        // Never a valid submission: a well-typed value in a field that accepts it is replaced by one that does not.
        if (field == "content" && value.StartsWith('"'))
        {
            value = "{}";
        }

        if (field == "minutesServed" && value == "0")
        {
            value = "-5";
        }

        return Json("type-confused", Submit(field, value));
    }

    private HostileRequest UnknownNames() => random.Next(3) switch
    {
        0 => Json("unknown", Query($"{{ account(volunteerId: \"{city.Volunteers[0]}\") {{ secret{random.Next()} }} }}")),
        1 => Json("unknown", Submit("approved", "true")),
        _ => Json("unknown", Query("mutation { dropLedger }")),
    };

    private HostileRequest WrongTransport() => random.Next(4) switch
    {
        0 => Json("transport", Query("{ __typename }"), MediaTypes[random.Next(MediaTypes.Length)]),
        1 => new HostileRequest("transport", Methods[random.Next(Methods.Length)], "application/json", Encoding.UTF8.GetBytes(Query("{ __typename }"))),
        2 => new HostileRequest("transport", HttpMethod.Get, null, null, "?query=" + Uri.EscapeDataString($"mutation {{ verifyServiceRecords(input: {{commandId: \"{NextGuid()}\", recordIds: [\"{NextGuid()}\"]}}) {{ recordIds }} }}")),
        _ => Json("transport", $"[{Query("{ __typename }")}, {Query("{ __typename }")}]"),
    };

    private HostileRequest BrokenIds()
    {
        string[] ids = ["1234", "", "not-a-uuid", "00000000-0000-0000-0000-00000000000G", "' OR 1=1 --", new string('f', 5_000), "VmVyeUZha2U="];
        var id = JsonValue.Create(ids[random.Next(ids.Length)])!.ToJsonString();
        return random.Next(3) switch
        {
            0 => Json("broken-id", Query("query($id: ID!) { account(volunteerId: $id) { volunteerId } }", $$"""{"id": {{id}}}""")),
            1 => Json("broken-id", Query("query($id: ID!) { node(id: $id) { id } }", $$"""{"id": {{id}}}""")),
            _ => Json("broken-id", Submit("volunteerId", id)),
        };
    }

    private HostileRequest MutatedValid()
    {
        // A valid verification of nothing, with one character changed, dropped or doubled.
        var text = Query(GraphQLCity.VerifyMutation, "{\"input\": {\"commandId\": \"" + NextGuid() + "\", \"recordIds\": []}}").ToCharArray().ToList();
        var at = random.Next(text.Count);
        switch (random.Next(3))
        {
            case 0:
                text[at] = (char)random.Next(32, 127);
                break;
            case 1:
                text.RemoveAt(at);
                break;
            default:
                text.Insert(at, text[at]);
                break;
        }

        return Json("mutated", new string([.. text]));
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
