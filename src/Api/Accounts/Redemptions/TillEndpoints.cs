using Marten;
using Microsoft.AspNetCore.Mvc;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using Wolverine.Http;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>A till asks to hold points: the code the volunteer shows, the amount, and the till's own idempotency key.</summary>
public sealed record TillHoldRequest(string? Code, long Amount, Guid TillRequestId);

/// <summary>A till gives back part or all of a completed redemption, with its own idempotency key.</summary>
public sealed record TillRefundRequest(long Amount, Guid TillRequestId);

/// <summary>A hold as its merchant's till sees it (never the volunteer: the merchant learns nothing about them).</summary>
public sealed record TillHold(
    Guid HoldId, Guid MerchantId, string Status, long Amount, long Refunded, long Refundable, DateTimeOffset HeldAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? CompletedAt)
{
    public static TillHold Of(Hold hold) => new(
        hold.HoldId, hold.MerchantId, hold.Status.ToString().ToUpperInvariant(), hold.Amount, hold.Refunded, hold.Refundable, hold.HeldAt,
        hold.ExpiresAt, hold.CompletedAt);
}

/// <summary>
/// The till's HTTP API for cash-register software: the same commands the GraphQL mutations send, answered as JSON, and
/// every refusal as <c>application/problem+json</c> with the stable code (<see cref="TillProblems"/>). A merchant's
/// bearer token is required.
/// </summary>
public static class TillEndpoints
{
    public const string PathPrefix = "/till";

    [WolverinePost("/till/holds", OperationId = "holdPoints")]
    [Tags("Till")]
    [EndpointSummary("Hold points with the volunteer's one-time code. The same tillRequestId again returns the first outcome.")]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public static Task<IResult> Hold(TillHoldRequest? request, HttpContext http, CommandSender sender, IQuerySession session) =>
        request is null
            ? Task.FromResult(NoBody())
            : RunAsync(http, sender, session, cashier => HoldPoints.AtTill(cashier, request.Code ?? string.Empty, request.Amount, request.TillRequestId));

    [WolverinePost("/till/holds/{holdId}/complete", OperationId = "completeHold")]
    [Tags("Till")]
    [EndpointSummary("Complete the sale for the held amount. Completing again changes nothing.")]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Complete(Guid holdId, HttpContext http, AccountQueues accounts) =>
        RunOnHoldAsync(http, accounts, cashier => new CompleteHold(Guid.CreateVersion7(), cashier, holdId));

    [WolverinePost("/till/holds/{holdId}/void", OperationId = "voidHold")]
    [Tags("Till")]
    [EndpointSummary("Let the hold go: the points are the volunteer's again. Voiding again changes nothing.")]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Void(Guid holdId, HttpContext http, AccountQueues accounts) =>
        RunOnHoldAsync(http, accounts, cashier => new VoidHold(Guid.CreateVersion7(), cashier, holdId));

    [WolverinePost("/till/holds/{holdId}/refunds", OperationId = "refundRedemption")]
    [Tags("Till")]
    [EndpointSummary("Give back part or all of a completed redemption within the refund window. The same tillRequestId again counts once.")]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Refund(Guid holdId, TillRefundRequest? request, HttpContext http, AccountQueues accounts) =>
        request is null
            ? Task.FromResult(NoBody())
            : RunOnHoldAsync(http, accounts, cashier => RefundRedemption.AtTill(cashier, holdId, request.Amount, request.TillRequestId));

    [WolverineGet("/till/holds/{holdId}", OperationId = "getHold")]
    [Tags("Till")]
    [EndpointSummary("A hold of this merchant, as it stands now.")]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid holdId, HttpContext http, IQuerySession session)
    {
        if (Cashier(http, out var refused) is not { } cashier)
        {
            return refused!;
        }

        return await HoldReads.OwnHoldAsync(session, cashier, holdId, http.RequestAborted) is { } hold
            ? Results.Ok(TillHold.Of(hold))
            : TillProblems.Of(RefusalCodes.NotFound, $"Hold {holdId} was not found.");
    }

    private static IResult NoBody() => TillProblems.Of(RefusalCodes.InvalidInput, "The request needs a JSON object body.");

    private static async Task<IResult> RunAsync(HttpContext http, CommandSender sender, IQuerySession session, Func<Actor, ILedgerCommand> command)
    {
        if (Cashier(http, out var refused) is not { } cashier)
        {
            return refused!;
        }

        var outcome = await sender.SendAsync(command(cashier), http.RequestAborted);
        if (!outcome.Accepted)
        {
            return Refused(outcome);
        }

        var holdId = outcome.Streams[^1];
        return await HoldReads.OwnHoldAsync(session, cashier, holdId, http.RequestAborted) is { } hold
            ? Results.Ok(TillHold.Of(hold))
            : TillProblems.Of(RefusalCodes.NotFound, $"Hold {holdId} was not found.");
    }

    /// <summary>A command on a hold, answered with the hold as the account's batch left it: no second read.</summary>
    private static async Task<IResult> RunOnHoldAsync(HttpContext http, AccountQueues accounts, Func<Actor, IHoldCommand> command)
    {
        if (Cashier(http, out var refused) is not { } cashier)
        {
            return refused!;
        }

        var onHold = command(cashier);
        var answer = await accounts.SendAsync(onHold, http.RequestAborted);
        if (!answer.Outcome.Accepted)
        {
            return Refused(answer.Outcome);
        }

        return HoldReads.OwnHold(cashier, answer.Hold) is { } hold
            ? Results.Ok(TillHold.Of(hold))
            : TillProblems.Of(RefusalCodes.NotFound, $"Hold {onHold.HoldId} was not found.");
    }

    private static IResult Refused(CommandOutcome outcome) =>
        TillProblems.Of(outcome.Code ?? RefusalCodes.Forbidden, outcome.Message ?? "The request was refused.");

    /// <summary>The merchant's cashier calling, or the answer for anyone else: 401 without a token, 403 for another role.</summary>
    private static Actor? Cashier(HttpContext http, out IResult? refused)
    {
        var actor = ActorFromClaims.From(http.User);
        refused = actor switch
        {
            null => TillProblems.Of(SchemaErrors.Unauthenticated, "A merchant's bearer token is required: Authorization: Bearer <token>."),
            { Role: not ActorRole.Merchant } => TillProblems.Of(RefusalCodes.NotCashierOfMerchant, "Only a merchant's cashier uses the till API."),
            _ => null,
        };
        return refused is null ? actor : null;
    }
}
