using Microsoft.AspNetCore.Http;

namespace TimeBank.GraphQL.Http;

/// <summary>The <see cref="global::GraphQL.ExecutionOptions.UserContext"/> of requests served by the HTTP endpoint.</summary>
public sealed class GraphQLUserContext : Dictionary<string, object?>
{
    public GraphQLUserContext(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpContext = httpContext;
    }

    /// <summary>The HTTP request being executed.</summary>
    public HttpContext HttpContext { get; }
}
