using System.Text.Json;
using GraphQL;
using GraphQL.Types;

namespace TimeBank.GraphQL.Http;

/// <summary>
/// The GraphQL endpoint without HTTP: server-rendered pages ask the same schema, under the same rules and limits and as
/// the same caller (<see cref="HttpContext.User"/>), as an API client posting to <c>/graphql</c>. The answer is the JSON an
/// HTTP client would read (<c>data</c>, <c>errors</c> with their <c>extensions.code</c>).
/// </summary>
public sealed class InProcessGraphQL
{
    private readonly Func<HttpContext, string, Inputs?, Task<ExecutionResult>> _execute;

    internal InProcessGraphQL(Func<HttpContext, string, Inputs?, Task<ExecutionResult>> execute) => _execute = execute;

    /// <summary>Executes <paramref name="query"/> with <paramref name="variables"/> (any object that serializes to a JSON object).</summary>
    public async Task<JsonDocument> ExecuteAsync(HttpContext http, string query, object? variables = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        // Variables take the path an HTTP request's take: JSON, read by the schema's serializer.
        var inputs = variables is null ? null : serializer.Deserialize<Inputs>(JsonSerializer.Serialize(variables));
        var result = await _execute(http, query, inputs).ConfigureAwait(false);
        return JsonDocument.Parse(serializer.Serialize(result));
    }

    internal static InProcessGraphQL For<TSchema>(IServiceProvider services)
        where TSchema : ISchema
    {
        var options = services.GetService<GraphQLEndpointOptions>() ?? new GraphQLEndpointOptions();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TimeBank.GraphQL.Http.GraphQLHttpEndpoint");
        var endpoint = new GraphQLHttpEndpoint<TSchema>(options, logger);
        return new InProcessGraphQL(endpoint.ExecuteInProcessAsync);
    }
}
