using GraphQL;
using Microsoft.AspNetCore.Http;

namespace TimeBank.GraphQL.Http;

/// <summary>Limits and behaviour of the GraphQL-over-HTTP endpoint.</summary>
public sealed class GraphQLEndpointOptions
{
    /// <summary>Longest accepted GraphQL document, in characters. Longer documents are refused with 400 <c>DOCUMENT_TOO_LARGE</c>.</summary>
    public int MaxDocumentLength { get; set; } = 16_384;

    /// <summary>Largest accepted POST body, in bytes. Larger bodies are refused with 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>Deepest accepted selection nesting (GraphQL.NET complexity analyzer depth). Deeper operations are refused with <c>QUERY_TOO_DEEP</c>.</summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>Highest accepted complexity (GraphQL.NET complexity analyzer). More complex operations are refused with <c>QUERY_TOO_COMPLEX</c>.</summary>
    public int MaxComplexity { get; set; } = 1_000;

    /// <summary>Whether unexpected exceptions are described (message and stack trace in <c>extensions.details</c>). Development only.</summary>
    public bool ExposeExceptionDetails { get; set; }

    /// <summary>
    /// Whether an unexpected exception says something the schema needs is not there (the host's database, say): nothing
    /// the caller did wrong and nothing internal to hide. Such a failure is answered with <c>UNAVAILABLE</c> and
    /// <see cref="UnavailableMessage"/> instead of <c>INTERNAL</c>. By default none is.
    /// </summary>
    public Func<Exception?, bool> IsUnavailable { get; set; } = _ => false;

    /// <summary>
    /// The error the host gives instead of an unexpected exception, when it can name the failure better than
    /// <c>UNAVAILABLE</c> or <c>INTERNAL</c> (which of its databases does not answer, say), with its own code and message;
    /// null leaves it to <see cref="IsUnavailable"/>. By default none is named.
    /// </summary>
    public Func<HttpContext, Exception?, Task<ExecutionError?>> Explain { get; set; } = (_, _) => Task.FromResult<ExecutionError?>(null);

    /// <summary>What the caller is told when <see cref="IsUnavailable"/> holds; the correlation id is added to it.</summary>
    public string UnavailableMessage { get; set; } = "The service cannot be reached right now; try again in a moment.";
}
