using System.Net.Sockets;
using Marten.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TimeBank.GraphQL.Http;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Accounts.Redemptions;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// Which failures tell the caller "the ledger cannot be reached, try again" (<c>UNAVAILABLE</c>; HTTP 503 with
/// <c>Retry-After</c> outside GraphQL) rather than "an internal error" (<c>INTERNAL</c>). The PostgreSQL-restart fault
/// test shows both end to end against a real outage.
/// </summary>
public sealed class DatabaseOutageTests
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
        Assert.True(unavailable == DatabaseOutage.IsCause(exception), failure);
    }

    public static TheoryData<string, Exception, bool> Connections => new()
    {
        { "a pooled connection the server ended (a restart)", Postgres(PostgresErrorCodes.AdminShutdown), true },
        { "a pooled connection the server ended (a crash)", Postgres(PostgresErrorCodes.CrashShutdown), true },
        { "the stream broke", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), true },
        { "wrapped by Marten", new MartenCommandException(new NpgsqlCommand("select 1"), Postgres(PostgresErrorCodes.AdminShutdown)), true },
        { "server unreachable (no connection was open)", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), false },
        { "server starting up", Postgres(PostgresErrorCodes.CannotConnectNow), false },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), false },
        { "a bug in a statement", Postgres(PostgresErrorCodes.UndefinedColumn), false },
    };

    /// <summary>What clears the pools and runs a command once more (<see cref="ConnectionPools"/>): only a connection found dead.</summary>
    [Theory]
    [MemberData(nameof(Connections))]
    public void A_connection_is_lost_only_when_one_that_was_open_died(string failure, Exception exception, bool lost)
    {
        Assert.True(lost == DatabaseOutage.IsLostConnection(exception), failure);
    }

    [Fact]
    public async Task Outside_GraphQL_an_outage_is_a_503_problem_with_its_code_and_a_time_to_retry()
    {
        var (status, retryAfter, body) = await HandleAsync(new MartenCommandException(new NpgsqlCommand("select 1"), new NpgsqlException("Failed to connect", new SocketException())));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal(HttpProblems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), retryAfter);
        Assert.Contains("\"code\":\"UNAVAILABLE\"", body, StringComparison.Ordinal);
        Assert.Contains("try again", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_GraphQL_any_other_failure_is_a_500_problem_with_a_code_and_nothing_but_a_correlation_id()
    {
        var (status, retryAfter, body) = await HandleAsync(new InvalidOperationException("secret internals"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.Null(retryAfter);
        Assert.Contains("\"code\":\"INTERNAL\"", body, StringComparison.Ordinal);
        Assert.Contains("Correlation id: ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", body, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string? RetryAfter, string Body)> HandleAsync(Exception failure)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        http.Response.Body = body;

        Assert.True(await new UnhandledFailures(NullLogger<UnhandledFailures>.Instance, TimeBank.Api.Districts.DistrictSettings.None).TryHandleAsync(http, failure, CancellationToken.None));

        var retryAfter = http.Response.Headers.RetryAfter.ToString();
        return (http.Response.StatusCode, retryAfter.Length == 0 ? null : retryAfter, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public void The_GraphQL_error_names_the_code_and_the_correlation_id_and_says_to_try_again()
    {
        var error = new UnavailableError(DatabaseOutage.Message, "c0ffee");

        Assert.Equal(GraphQLErrorCodes.Unavailable, error.Code);
        Assert.Equal("c0ffee", error.CorrelationId);
        Assert.Contains("try again", error.Message, StringComparison.Ordinal);
        Assert.Contains("c0ffee", error.Message, StringComparison.Ordinal);
    }

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);
}
