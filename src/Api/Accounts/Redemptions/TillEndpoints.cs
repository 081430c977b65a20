using Marten;
using Microsoft.AspNetCore.Mvc;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
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
/// every refusal as <c>application/problem+json</c> with the stable code (<see cref="HttpProblems"/>). A merchant's
/// bearer token is required.
/// </summary>
public static class TillEndpoints
{
    public const string PathPrefix = "/till";

    [WolverinePost("/till/holds", OperationId = "holdPoints")]
    [Tags("Till")]
    [EndpointSummary("Hold points with the volunteer's one-time code")]
    [EndpointDescription("Holds amount points of the volunteer whose one-time code (8 digits, as shown or scanned; spaces and dashes are ignored) "
        + "the till was given. The points stay the volunteer's until the hold is completed, voided, or released after 15 minutes. "
        + "tillRequestId is the till's own idempotency key (a UUID, unique per merchant): the same request again, after a timeout or ten "
        + "at once, returns the first outcome; the same key with another body is IDEMPOTENCY_KEY_REUSED. Five wrong codes from one "
        + "merchant in a minute stop its tills until the next minute (TOO_MANY_CODE_ATTEMPTS).")]
    [TillOperation(400, 404, 409, 422, 429, Body = typeof(TillHoldRequest))]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    public static async Task<IResult> Hold(HttpContext http, CommandSender sender)
    {
        var (request, refused) = await JsonBody.ReadAsync<TillHoldRequest>(http);
        return refused ?? await HoldAsync(http, sender, Reads(http), cashier => TillRequests.Hold(cashier, request!.Code, request.Amount, request.TillRequestId));
    }

    [WolverinePost("/till/holds/{holdId}/complete", OperationId = "completeHold")]
    [Tags("Till")]
    [EndpointSummary("Complete the sale for the held amount")]
    [EndpointDescription("The held points go to the merchant. Completing a completed hold again changes nothing and answers the hold; "
        + "a voided or expired hold is HOLD_ALREADY_ENDED; a suspended merchant cannot complete (MERCHANT_NOT_APPROVED).")]
    [TillOperation(404, 409, 422)]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    public static Task<IResult> Complete(Guid holdId, HttpContext http, AccountQueues accounts) =>
        RunOnHoldAsync(http, accounts, cashier => Idempotent.Of(Guid.CreateVersion7(), CompleteHold.AtTill(cashier, holdId)));

    [WolverinePost("/till/holds/{holdId}/void", OperationId = "voidHold")]
    [Tags("Till")]
    [EndpointSummary("Let the hold go")]
    [EndpointDescription("The held points are the volunteer's again. Voiding a voided hold again changes nothing and answers the hold; "
        + "a completed or expired hold is HOLD_ALREADY_ENDED. A suspended merchant may still void.")]
    [TillOperation(404, 409)]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    public static Task<IResult> Void(Guid holdId, HttpContext http, AccountQueues accounts) =>
        RunOnHoldAsync(http, accounts, cashier => Idempotent.Of(Guid.CreateVersion7(), VoidHold.AtTill(cashier, holdId)));

    [WolverinePost("/till/holds/{holdId}/refunds", OperationId = "refundRedemption")]
    [Tags("Till")]
    [EndpointSummary("Refund part or all of a completed redemption")]
    [EndpointDescription("Gives amount points back to the volunteer, within 30 days of the completion; refunds together never exceed "
        + "what the redemption took (REFUND_EXCEEDS_COMPLETED). tillRequestId is the till's idempotency key: the same request again counts once.")]
    [TillOperation(400, 404, 409, 422, Body = typeof(TillRefundRequest))]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    public static async Task<IResult> Refund(Guid holdId, HttpContext http, AccountQueues accounts)
    {
        var (request, refused) = await JsonBody.ReadAsync<TillRefundRequest>(http);
        return refused ?? await RunOnHoldAsync(http, accounts, cashier => TillRequests.Refund(cashier, holdId, request!.Amount, request.TillRequestId));
    }

    [WolverineGet("/till/holds/{holdId}", OperationId = "getHold")]
    [Tags("Till")]
    [EndpointSummary("Read a hold of this merchant")]
    [EndpointDescription("The hold as it stands now: status HELD, COMPLETED, VOIDED or EXPIRED, the amount, what was refunded and what "
        + "still can be. The volunteer is never shown. Another merchant's hold answers NOT_FOUND, exactly as one that does not exist.")]
    [TillOperation(404)]
    [ProducesResponseType<TillHold>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid holdId, HttpContext http)
    {
        var session = Reads(http);
        if (Cashier(http, out var refused) is not { } cashier)
        {
            return refused!;
        }

        return await HoldReads.OwnHoldAsync(session, cashier, holdId, InDistricts(http), http.RequestAborted) is { } hold
            ? Results.Ok(TillHold.Of(hold))
            : HttpProblems.Of(RefusalCodes.NotFound, $"Hold {holdId} was not found.");
    }

    /// <summary>A hold placed, answered with the hold the command names (its id is the till's request).</summary>
    private static async Task<IResult> HoldAsync(HttpContext http, CommandSender sender, IQuerySession session, Func<Actor, Idempotent<HoldPoints>> command)
    {
        if (Cashier(http, out var refused) is not { } cashier)
        {
            return refused!;
        }

        var hold = command(cashier);
        var outcome = await sender.SendAsync(hold, http.RequestAborted);
        if (!outcome.Accepted)
        {
            return Refused(outcome);
        }

        return await HoldReads.OwnHoldAsync(session, cashier, hold.Command.HoldId, InDistricts(http), http.RequestAborted) is { } held
            ? Results.Ok(TillHold.Of(held))
            : HttpProblems.Of(RefusalCodes.NotFound, $"Hold {hold.Command.HoldId} was not found.");
    }

    /// <summary>A command on a hold, answered with the hold as the account's batch left it: no second read.</summary>
    private static async Task<IResult> RunOnHoldAsync<TCommand>(HttpContext http, AccountQueues accounts, Func<Actor, Idempotent<TCommand>> command)
        where TCommand : VolunteerAccountCommand, IActorCommand
    {
        if (Cashier(http, out var refused) is not { } cashier)
        {
            return refused!;
        }

        var onHold = command(cashier);
        var answer = await accounts.SendAsync(onHold, http.RequestServices.GetRequiredService<Districts.RequestDistrict>().Current, http.RequestAborted);
        if (!answer.Outcome.Accepted)
        {
            return Refused(answer.Outcome);
        }

        return HoldReads.OwnHold(cashier, answer.Hold) is { } hold
            ? Results.Ok(TillHold.Of(hold))
            : HttpProblems.Of(RefusalCodes.NotFound, $"Hold {VolunteerAccountDecider.HoldConcerned(onHold.Command)} was not found.");
    }

    /// <summary>
    /// The request's reads: in districts mode, the cashier's district's database (the merchant's), as every read of a request
    /// (ADR 0047); Wolverine's own session for an endpoint would open none (ADR 0048).
    /// </summary>
    private static IQuerySession Reads(HttpContext http) => http.RequestServices.GetRequiredService<IQuerySession>();

    private static bool InDistricts(HttpContext http) => http.RequestServices.GetRequiredService<Districts.DistrictSettings>().IsOn;

    private static IResult Refused(CommandOutcome outcome) =>
        HttpProblems.Of(outcome.Code ?? RefusalCodes.Forbidden, outcome.Message ?? "The request was refused.");

    /// <summary>The merchant's cashier calling, or the answer for anyone else: 401 without a token, 403 for another role.</summary>
    private static Actor? Cashier(HttpContext http, out IResult? refused)
    {
        var actor = ActorFromClaims.From(http.User);
        refused = actor switch
        {
            null => HttpProblems.Of(SchemaErrors.Unauthenticated, "A merchant's bearer token is required: Authorization: Bearer <token>."),
            { Role: not ActorRole.Merchant } => HttpProblems.Of(RefusalCodes.NotCashierOfMerchant, "Only a merchant's cashier uses the till API."),
            _ => null,
        };
        return refused is null ? actor : null;
    }
}
