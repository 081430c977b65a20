using Microsoft.AspNetCore.Http;

namespace TimeBank.Api.GraphQL.Http;

/// <summary>The <see cref="global::GraphQL.ExecutionOptions.UserContext"/> of requests served by the HTTP endpoint.</summary>
#pragma warning disable CA1710 // GraphQL.NET requires an IDictionary user context; "GraphQLUserContext" is the name resolvers look for.
public sealed class GraphQLUserContext : Dictionary<string, object?>
#pragma warning restore CA1710
{
    public GraphQLUserContext(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpContext = httpContext;
    }

    /// <summary>The HTTP request being executed.</summary>
    public HttpContext HttpContext { get; }
}
