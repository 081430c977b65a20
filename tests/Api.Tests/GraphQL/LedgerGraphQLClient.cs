using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

/// <summary>Posts GraphQL requests to /graphql as a given caller and reads the JSON answer.</summary>
public sealed class LedgerGraphQLClient(TimeBankApp app)
{
    /// <param name="actor">The caller's bearer token (<see cref="TestTokens"/>); <see langword="null"/> for an anonymous caller.</param>
    public async Task<GraphQLAnswer> SendAsync(string? actor, string query, object? variables = null)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        if (actor is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", actor);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new GraphQLAnswer(JsonNode.Parse(body)!.AsObject(), body);
    }
}

/// <summary>A GraphQL response: <c>data</c> and <c>errors</c>.</summary>
public sealed record GraphQLAnswer(JsonObject Json, string Body)
{
    public JsonNode? Data => Json["data"];

    public JsonArray Errors => Json["errors"]?.AsArray() ?? [];

    public IReadOnlyList<string> Codes => [.. Errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>() ?? "<none>")];

    /// <summary>The data at a dotted path; fails the test, with the whole answer, if there were errors.</summary>
    public JsonNode Ok(string path)
    {
        Assert.True(Errors.Count == 0, "Unexpected errors: " + Body);
        return At(path) ?? throw new Xunit.Sdk.XunitException($"No data at {path}: {Body}");
    }

    public JsonNode? At(string path)
    {
        var node = Data;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node;
    }

    /// <summary>The single error's code; fails the test if there is not exactly one.</summary>
    public string Code()
    {
        Assert.True(Errors.Count == 1, "Expected exactly one error: " + Body);
        return Codes[0];
    }

    public override string ToString() => Body;
}

internal static class JsonNodeExtensions
{
    public static T Value<T>(this JsonNode node, string name) => node[name]!.GetValue<T>();

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<JsonElement>().GetInt64();
}
