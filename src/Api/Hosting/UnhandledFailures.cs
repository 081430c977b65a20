using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using TimeBank.Api.GraphQL.Http;

namespace TimeBank.Api.Hosting;

/// <summary>
/// A failure no endpoint answered (the till's HTTP API, the settlement statements; GraphQL answers its own) becomes
/// <c>application/problem+json</c> with a code, never a bare 500: 503 <c>UNAVAILABLE</c> with <c>Retry-After</c> when the
/// ledger's database is not there (<see cref="DatabaseOutage"/>), so a till knows to send the same request again;
/// otherwise 500 <c>INTERNAL</c>. Either way with the correlation id under which the failure is logged (the request's
/// trace id, as the GraphQL endpoint gives it).
/// </summary>
public sealed partial class UnhandledFailures(ILogger<UnhandledFailures> logger) : IExceptionHandler
{
    /// <summary>Seconds a caller is asked to wait before sending the request again during an outage.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var correlationId = Activity.Current?.TraceId.ToHexString() ?? httpContext.TraceIdentifier;
        var unavailable = DatabaseOutage.IsCause(exception);
        var code = unavailable ? GraphQLErrorCodes.Unavailable : GraphQLErrorCodes.Internal;
        LogFailure(logger, exception, code, correlationId);
        if (unavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Results.Problem(
            detail: unavailable ? DatabaseOutage.Message : InternalServerError.MessageFor(correlationId),
            statusCode: unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            title: code,
            extensions: new Dictionary<string, object?> { ["code"] = code, ["correlationId"] = correlationId }).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A request failed ({Code}); correlation id {CorrelationId}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string code, string correlationId);
}
