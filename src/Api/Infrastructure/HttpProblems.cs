using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;
using TimeBank.Api.Auth;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.GraphQL.Http;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// The one writer of every refusal outside <c>/graphql</c> (the till's API, the settlement statement as CSV, any other
/// address): <c>application/problem+json</c> (RFC 9457) whose <c>code</c> is the stable code (the same as GraphQL's
/// <c>extensions.code</c>) and whose <c>detail</c> says, for people, what is wrong. The status follows from the code and
/// says what the caller should do (docs/adr/0011-till-redemptions.md): 400 fix the request, 401/403 fix the
/// credentials, 404 no such thing, 405/415 fix the method or the body's type, 409 the hold or the key is in another
/// state, 422 the rules say no, 429 wait and retry; and for a failure no endpoint answered
/// (<see cref="UnhandledFailures"/>) 503 send the same request again shortly, 500 something unexpected. What the
/// framework answers with an empty body (an address, a method or a body type that is wrong) is given its problem here
/// too (<see cref="ForStatusCodeAsync"/>); see docs/adr/0031-one-problem-writer-outside-graphql.md.
/// </summary>
public static class HttpProblems
{
    public static int StatusOf(string code) => code switch
    {
        RefusalCodes.InvalidInput or RefusalCodes.InvalidAmount or RefusalCodes.AmountOverflow or GraphQLErrorCodes.BadRequest
            or RefusalCodes.CertificateNumberInvalid or RefusalCodes.VerificationCodeInvalid or RefusalCodes.CertificateTokenInvalid
            or RefusalCodes.PeriodInvalid or RefusalCodes.PeriodInFuture => StatusCodes.Status400BadRequest,
        SchemaErrors.Unauthenticated or BearerAuthentication.InvalidToken => StatusCodes.Status401Unauthorized,
        RefusalCodes.Forbidden or RefusalCodes.NotCashierOfMerchant => StatusCodes.Status403Forbidden,
        RefusalCodes.NotFound or RefusalCodes.AreaUnknown => StatusCodes.Status404NotFound,
        GraphQLErrorCodes.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        RefusalCodes.HoldAlreadyEnded or RefusalCodes.HoldNotCompleted or Idempotency.KeyReused or RefusalCodes.AlreadyExists => StatusCodes.Status409Conflict,
        GraphQLErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        GraphQLErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        RefusalCodes.TooManyCodeAttempts or RefusalCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        GraphQLErrorCodes.Unavailable or RefusalCodes.DistrictUnavailable => StatusCodes.Status503ServiceUnavailable,
        GraphQLErrorCodes.Internal => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>Seconds a till is asked to wait before sending the same request again while the ledger is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The problem for <paramref name="code"/>, in the till's words: a till sends a request id, not a command id.</summary>
    public static IResult Of(string code, string message) =>
        new Problem(code, code == Idempotency.KeyReused ? "This till request id was already used for a different request; send a new request id." : message, StatusOf(code));

    /// <summary>
    /// For <c>UseStatusCodePages</c>: a refusal the framework answered with a status and no body (no such address, a hold
    /// id that is not a UUID, a method the address does not take, a body that is not JSON) gets its problem and code.
    /// GraphQL answers its own errors and is left alone.
    /// </summary>
    public static Task ForStatusCodeAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments(GraphQLPath, StringComparison.OrdinalIgnoreCase))
        {
            return Task.CompletedTask;
        }

        var status = http.Response.StatusCode;
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound when RouteOf(http)?.Parameters.Any(p => p.Name == "holdId") == true =>
                (RefusalCodes.NotFound, "No such hold: a hold id is the UUID the till was given when it held the points."),
            StatusCodes.Status404NotFound => (RefusalCodes.NotFound, "There is nothing at this address: the README lists the addresses this service answers."),
            StatusCodes.Status405MethodNotAllowed => (GraphQLErrorCodes.MethodNotAllowed,
                http.Response.Headers.Allow is { Count: > 0 } allow ? $"This address does not take this method; it takes {allow}." : "This address does not take this method."),
            StatusCodes.Status415UnsupportedMediaType => (GraphQLErrorCodes.UnsupportedMediaType, JsonBody.NotJsonMessage),
            StatusCodes.Status413PayloadTooLarge => (GraphQLErrorCodes.PayloadTooLarge, "The body is too large."),
            StatusCodes.Status401Unauthorized => (SchemaErrors.Unauthenticated, "A bearer token is required: Authorization: Bearer <token>."),
            StatusCodes.Status403Forbidden => (RefusalCodes.Forbidden, "This caller may not do this."),
            >= StatusCodes.Status500InternalServerError => (GraphQLErrorCodes.Internal, InternalServerError.MessageFor(InternalServerError.CorrelationIdOf(http))),
            _ => (GraphQLErrorCodes.BadRequest, "The request is malformed."),
        };
        return new Problem(code, message, status).ExecuteAsync(http);
    }

    /// <summary>The code a problem written without one gets, by its status (the safety net of <c>AddProblemDetails</c>).</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => SchemaErrors.Unauthenticated,
        StatusCodes.Status403Forbidden => RefusalCodes.Forbidden,
        StatusCodes.Status404NotFound => RefusalCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => GraphQLErrorCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => GraphQLErrorCodes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => GraphQLErrorCodes.UnsupportedMediaType,
        StatusCodes.Status503ServiceUnavailable => GraphQLErrorCodes.Unavailable,
        >= StatusCodes.Status500InternalServerError => GraphQLErrorCodes.Internal,
        _ => GraphQLErrorCodes.BadRequest,
    };

    private const string GraphQLPath = "/graphql";

    private static RoutePattern? RouteOf(HttpContext http) => (http.GetEndpoint() as RouteEndpoint)?.RoutePattern;

    private sealed class Problem(string code, string message, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = code };
            var headers = httpContext.Response.Headers;
            if (code == RefusalCodes.TooManyCodeAttempts)
            {
                var clock = httpContext.RequestServices.GetRequiredService<TimeProvider>();
                var now = clock.GetUtcNow();
                headers.RetryAfter = CodeGuessingLimit.RetryAfterSeconds(now).ToString(CultureInfo.InvariantCulture);
                extensions["retryAt"] = CodeGuessingLimit.RetryAt(now);
            }

            if (code == GraphQLErrorCodes.Unavailable)
            {
                headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            // A refused token's challenge (error="invalid_token", BearerAuthentication) is kept.
            if (status == StatusCodes.Status401Unauthorized && headers.WWWAuthenticate.Count == 0)
            {
                headers.WWWAuthenticate = "Bearer";
            }

            await Results.Problem(detail: message, statusCode: status, title: code, extensions: extensions).ExecuteAsync(httpContext);
        }
    }
}
