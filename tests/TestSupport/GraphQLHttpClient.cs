using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeBank.TestSupport;

/// <summary>A GraphQL answer: the HTTP status and the JSON body (null when the body was not JSON).</summary>
public sealed record GraphQLResponse(HttpStatusCode Status, JsonObject? Body, string Text)
{
    public JsonArray Errors => Body?["errors"]?.AsArray() ?? [];

    public IReadOnlyList<string?> Codes => [.. Errors.Select(e => e?["extensions"]?["code"]?.GetValue<string>())];

    public bool IsSuccess => Status == HttpStatusCode.OK && Body is not null && Errors.Count == 0;

    public JsonNode? At(string path)
    {
        JsonNode? node = Body?["data"];
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node;
    }

    /// <summary>The data at a dotted path; throws, with the whole answer, if there were errors.</summary>
    public JsonNode Ok(string path) =>
        IsSuccess && At(path) is { } node ? node : throw new InvalidOperationException($"GraphQL {path} failed ({(int)Status}): {Text}");
}

/// <summary>Posts GraphQL requests to a running service over a pooled HTTP/1.1 connection set.</summary>
public sealed class GraphQLHttpClient : IDisposable
{
    private readonly HttpClient _http;

    public GraphQLHttpClient(Uri baseAddress, int maxConnections = 64, TimeSpan? timeout = null)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
    }

    public HttpClient Http => _http;

    public async Task<GraphQLResponse> PostAsync(string? token, string query, object? variables = null, CancellationToken cancellation = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { query, variables });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("graphql", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await SendAsync(request, token, cancellation);
    }

    /// <summary>Sends a prepared request (any method, body or content type) with the caller's token.</summary>
    public async Task<GraphQLResponse> SendAsync(HttpRequestMessage request, string? token, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        return new GraphQLResponse(response.StatusCode, json, text);
    }

    public void Dispose() => _http.Dispose();
}
