using TimeBank.Api.Auth;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.GraphQL.Http;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A refusal at the till as <c>application/problem+json</c>: <c>code</c> is the stable code (the same as GraphQL's
/// <c>extensions.code</c>), <c>detail</c> says what is wrong. The status says what the till should do
/// (docs/adr/0011-till-redemptions.md): 400 fix the request, 401/403 fix the credentials, 404 no such hold, 409 the hold
/// or the key is in another state, 422 the rules say no, 429 wait and retry; and for a failure no endpoint answered
/// (<see cref="Hosting.UnhandledFailures"/>) 503 send the same request again shortly, 500 something unexpected.
/// </summary>
public static class TillProblems
{
    public static int StatusOf(string code) => code switch
    {
        RefusalCodes.InvalidInput or RefusalCodes.InvalidAmount or RefusalCodes.AmountOverflow => StatusCodes.Status400BadRequest,
        SchemaErrors.Unauthenticated or BearerAuthentication.InvalidToken => StatusCodes.Status401Unauthorized,
        RefusalCodes.Forbidden or RefusalCodes.NotCashierOfMerchant => StatusCodes.Status403Forbidden,
        RefusalCodes.NotFound => StatusCodes.Status404NotFound,
        RefusalCodes.HoldAlreadyEnded or RefusalCodes.HoldNotCompleted or Idempotency.KeyReused or RefusalCodes.AlreadyExists => StatusCodes.Status409Conflict,
        RefusalCodes.TooManyCodeAttempts => StatusCodes.Status429TooManyRequests,
        GraphQLErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        GraphQLErrorCodes.Internal => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>Seconds a till is asked to wait before sending the same request again while the ledger is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The problem for <paramref name="code"/>, in the till's words: a till sends a request id, not a command id.</summary>
    public static IResult Of(string code, string message) =>
        new Problem(code, code == Idempotency.KeyReused ? "This till request id was already used for a different request; send a new request id." : message);

    private sealed class Problem(string code, string message) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var status = StatusOf(code);
            var extensions = new Dictionary<string, object?> { ["code"] = code };
            if (code == RefusalCodes.TooManyCodeAttempts)
            {
                var clock = httpContext.RequestServices.GetRequiredService<TimeProvider>();
                var now = clock.GetUtcNow();
                httpContext.Response.Headers.RetryAfter = CodeGuessingLimit.RetryAfterSeconds(now).ToString(System.Globalization.CultureInfo.InvariantCulture);
                extensions["retryAt"] = CodeGuessingLimit.RetryAt(now);
            }

            if (code == GraphQLErrorCodes.Unavailable)
            {
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (status == StatusCodes.Status401Unauthorized)
            {
                httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await Results.Problem(detail: message, statusCode: status, title: code, extensions: extensions).ExecuteAsync(httpContext);
        }
    }
}
