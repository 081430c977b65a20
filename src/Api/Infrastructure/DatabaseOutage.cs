using Npgsql;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// A failure that says the ledger's database is not there (unreachable, a broken connection, the pool timed out, the
/// server shutting down, starting or out of connections): nothing the caller did wrong and nothing internal to hide. The
/// caller is told to try again (GraphQL <c>UNAVAILABLE</c>, HTTP 503): a command or till request sent again with the
/// same id counts once.
/// </summary>
public static class DatabaseOutage
{
    public const string Message = "The ledger cannot be reached right now; try again in a moment (a request sent again with the same commandId or tillRequestId counts once).";

    /// <summary>Whether Npgsql says so anywhere in the chain of inner exceptions (Marten and Wolverine wrap Npgsql's).</summary>
    public static bool IsCause(Exception? exception) => ExceptionChain.Any(exception, link => link switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    });

    /// <summary>
    /// A connection that was open died under the caller: the server ended it (shut down, crashed) or the stream broke. Not
    /// a server that does not answer at all (refused, starting): a pooled connection is found dead only the first time
    /// after an outage (<see cref="ConnectionPools"/>).
    /// </summary>
    public static bool IsLostConnection(Exception? exception) => ExceptionChain.Any(exception, link => link switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown,
        NpgsqlException { InnerException: IOException } => true,
        _ => false,
    });
}
