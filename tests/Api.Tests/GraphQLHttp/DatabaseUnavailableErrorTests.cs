using System.Net.Sockets;
using Marten.Exceptions;
using Npgsql;
using TimeBank.Api.GraphQL.Http;

namespace TimeBank.Api.Tests.GraphQLHttp;

/// <summary>
/// Which failures tell the caller "the ledger cannot be reached, try again" (<c>UNAVAILABLE</c>) rather than "an internal
/// error" (<c>INTERNAL</c>). The PostgreSQL-restart fault test shows it end to end against a real outage.
/// </summary>
public sealed class DatabaseUnavailableErrorTests
{
    public static TheoryData<string, Exception, bool> Failures => new()
    {
        { "server unreachable", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), true },
        { "connection broken while reading", new NpgsqlException("Exception while reading from stream", new IOException("reset")), true },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), true },
        { "server shutting down", Postgres(PostgresErrorCodes.AdminShutdown), true },
        { "server starting up", Postgres(PostgresErrorCodes.CannotConnectNow), true },
        { "too many connections", Postgres(PostgresErrorCodes.TooManyConnections), true },
        { "wrapped by Marten", new MartenCommandException(new NpgsqlCommand("select 1"), new NpgsqlException("Failed to connect", new SocketException())), true },
        { "inside an aggregate", new AggregateException(new InvalidOperationException("x"), Postgres(PostgresErrorCodes.AdminShutdown)), true },
        { "serialization failure (a race, retried elsewhere)", Postgres(PostgresErrorCodes.SerializationFailure), false },
        { "a bug in a statement", Postgres(PostgresErrorCodes.UndefinedColumn), false },
        { "not the database at all", new InvalidOperationException("Sequence contains no elements"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void The_database_is_unavailable_only_when_it_could_not_be_reached_or_was_going_away(string failure, Exception exception, bool unavailable)
    {
        Assert.True(unavailable == DatabaseUnavailableError.IsCause(exception), failure);
    }

    [Fact]
    public void The_answer_names_the_code_and_the_correlation_id_and_says_to_try_again()
    {
        var error = new DatabaseUnavailableError("c0ffee");

        Assert.Equal(GraphQLErrorCodes.Unavailable, error.Code);
        Assert.Equal("c0ffee", error.CorrelationId);
        Assert.Contains("try again", error.Message, StringComparison.Ordinal);
        Assert.Contains("c0ffee", error.Message, StringComparison.Ordinal);
    }

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);
}
