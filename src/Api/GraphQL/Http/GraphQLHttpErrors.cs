using GraphQL;
using GraphQL.Validation;
using Npgsql;

namespace TimeBank.Api.GraphQL.Http;

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
/// Replaces an exception that says the ledger's database is not there (unreachable, shutting down, starting, out of
/// connections): nothing the caller did wrong, and nothing internal to hide. A command is safe to send again: its
/// <c>commandId</c> makes it count once.
/// </summary>
public sealed class DatabaseUnavailableError : ExecutionError
{
    public DatabaseUnavailableError(string correlationId)
        : base($"The ledger cannot be reached right now; try again in a moment (a command sent again with the same commandId counts once). Correlation id: {correlationId}")
    {
        Code = GraphQLErrorCodes.Unavailable;
        CorrelationId = correlationId;
    }

    public string CorrelationId { get; }

    /// <summary>
    /// PostgreSQL could not be reached, a connection broke, the pool timed out, or the server is shutting down, starting
    /// or out of connections: anywhere in the chain of inner exceptions (Marten and Wolverine wrap Npgsql's).
    /// </summary>
    public static bool IsCause(Exception? exception) => exception switch
    {
        null => false,
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql when npgsql.IsTransient => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCause),
        _ => IsCause(exception.InnerException),
    };
}

/// <summary>Replaces an unexpected exception: says nothing about it but the correlation id under which it was logged.</summary>
public sealed class InternalServerError : ExecutionError
{
    public InternalServerError(string correlationId)
        : base($"An internal error occurred. Correlation id: {correlationId}")
    {
        Code = GraphQLErrorCodes.Internal;
        CorrelationId = correlationId;
    }

    public string CorrelationId { get; }

    /// <summary>Description of the original exception, only when <see cref="GraphQLEndpointOptions.ExposeExceptionDetails"/> is set.</summary>
    public string? Details { get; init; }
}
