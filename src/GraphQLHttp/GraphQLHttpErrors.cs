using System.Diagnostics;
using GraphQL;
using GraphQL.Validation;

namespace TimeBank.GraphQL.Http;

/// <summary>The request could not be turned into a GraphQL request (shape, size, method or media type).</summary>
public sealed class GraphQLRequestError : ExecutionError
{
    public GraphQLRequestError(string message, string code = GraphQLErrorCodes.BadRequest)
        : base(message)
    {
        Code = code;
    }
}

/// <summary>The selected operation nests deeper than <see cref="GraphQLEndpointOptions.MaxDepth"/>.</summary>
public sealed class QueryTooDeepError : ValidationError
{
    public QueryTooDeepError(int depth, int maxDepth)
        : this($"Query is too deep: its depth is {depth} and the maximum allowed is {maxDepth}.")
    {
    }

    public QueryTooDeepError(string message)
        : base(message)
    {
        Code = GraphQLErrorCodes.QueryTooDeep;
    }
}

/// <summary>The selected operation is more complex than <see cref="GraphQLEndpointOptions.MaxComplexity"/>.</summary>
public sealed class QueryTooComplexError : ValidationError
{
    public QueryTooComplexError(double complexity, int maxComplexity)
        : base(FormattableString.Invariant($"Query is too complex: its complexity is {complexity} and the maximum allowed is {maxComplexity}."))
    {
        Code = GraphQLErrorCodes.QueryTooComplex;
    }
}

/// <summary>A GET request selected an operation other than a query.</summary>
public sealed class HttpMethodNotAllowedError : ValidationError
{
    public HttpMethodNotAllowedError(string operationType)
        : base($"Only query operations may be sent with GET; send this {operationType} with POST.")
    {
        Code = GraphQLErrorCodes.MethodNotAllowed;
    }
}

/// <summary>The selected operation's type is not served by this endpoint (subscriptions).</summary>
public sealed class OperationNotSupportedError : ValidationError
{
    public OperationNotSupportedError(string message)
        : base(message)
    {
        Code = GraphQLErrorCodes.OperationNotSupported;
    }
}

/// <summary>
/// Replaces an exception that says something the schema needs is not there (<see cref="GraphQLEndpointOptions.IsUnavailable"/>):
/// the host's <see cref="GraphQLEndpointOptions.UnavailableMessage"/> and the correlation id.
/// </summary>
public sealed class UnavailableError : ExecutionError
{
    public UnavailableError(string message, string correlationId)
        : base($"{message} Correlation id: {correlationId}")
    {
        Code = GraphQLErrorCodes.Unavailable;
        CorrelationId = correlationId;
    }

    public string CorrelationId { get; }
}

/// <summary>Replaces an unexpected exception: says nothing about it but the correlation id under which it was logged.</summary>
public sealed class InternalServerError : ExecutionError
{
    public InternalServerError(string correlationId)
        : base(MessageFor(correlationId))
    {
        Code = GraphQLErrorCodes.Internal;
        CorrelationId = correlationId;
    }

    public string CorrelationId { get; }

    /// <summary>What the caller is told of an unexpected failure: only where to find it in the logs.</summary>
    public static string MessageFor(string correlationId) => $"An internal error occurred. Correlation id: {correlationId}";

    /// <summary>The id a failure of this request is logged under and told to the caller by: the request's trace id.</summary>
    public static string CorrelationIdOf(HttpContext http) => Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;

    /// <summary>Description of the original exception, only when <see cref="GraphQLEndpointOptions.ExposeExceptionDetails"/> is set.</summary>
    public string? Details { get; init; }
}
