using Microsoft.AspNetCore.Diagnostics;
using TimeBank.GraphQL.Http;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// A failure no endpoint answered (the till's HTTP API, the settlement statements; GraphQL answers its own) becomes a
/// problem with a code, as the till's refusals are (<see cref="HttpProblems"/>), never a bare 500: 503
/// <c>UNAVAILABLE</c> with <c>Retry-After</c> when the ledger's database is not there (<see cref="DatabaseOutage"/>), so a
/// till knows to send the same request again; otherwise 500 <c>INTERNAL</c> with the correlation id under which the
/// failure is logged (the request's trace id, as the GraphQL endpoint gives it). Districts mode: when the database that
/// does not answer is the request's district's, 503 <c>DISTRICT_UNAVAILABLE</c> naming it, as GraphQL says
/// (<see cref="Districts.DistrictOutage"/>, docs/adr/0047-a-database-per-district.md).
/// </summary>
public sealed partial class UnhandledFailures(ILogger<UnhandledFailures> logger, Districts.DistrictSettings districts) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var correlationId = InternalServerError.CorrelationIdOf(httpContext);
        var unavailable = DatabaseOutage.IsCause(exception);
        if (unavailable && await Districts.DistrictOutage.OfAsync(districts, Districts.RequestDistrict.Of(httpContext.User), exception) is { } refusal)
        {
            LogFailure(logger, exception, refusal.Code, correlationId);
            await HttpProblems.Of(refusal.Code, refusal.Message).ExecuteAsync(httpContext);
            return true;
        }

        var code = unavailable ? GraphQLErrorCodes.Unavailable : GraphQLErrorCodes.Internal;
        LogFailure(logger, exception, code, correlationId);
        await HttpProblems.Of(code, unavailable ? DatabaseOutage.Message : InternalServerError.MessageFor(correlationId)).ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A request failed ({Code}); correlation id {CorrelationId}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string code, string correlationId);
}
