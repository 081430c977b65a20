using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using Wolverine;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Redemptions;

/// <summary>
/// A cashier holds points with the code the volunteer shows. The command id is the till's request (merchant, till
/// request id), and it is also the hold's id: the same request again is the same hold. The hold's expiry is scheduled
/// as a durable message in the same transaction.
/// </summary>
public sealed record HoldPoints(Guid CommandId, Actor Actor, string Code, long Amount, Guid TillRequestId) : ILedgerCommand
{
    /// <summary>The longest text looked up as a code; anything longer is bad input, not a guess.</summary>
    public const int MaxCodeLength = 32;

    public static HoldPoints AtTill(Actor actor, string code, long amount, Guid tillRequestId) =>
        new(TillRequests.CommandId(actor, tillRequestId), actor, code, amount, tillRequestId);

    public Guid HoldId => CommandId;
}

public static class HoldPointsHandler
{
    public static async Task<CommandOutcome> Handle(
        HoldPoints command, IDocumentSession session, PolicyBook policies, CodeAttempts attempts, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation)
    {
        var outcome = await session.RunOnceAsync(command, clock, async now =>
        {
            var merchantId = command.Actor.MerchantId
                ?? throw new LedgerRefusal(RefusalCodes.NotCashierOfMerchant, "Only a cashier of a merchant holds points at its till.");
            if (command.TillRequestId == Guid.Empty)
            {
                throw new LedgerRefusal(RefusalCodes.InvalidInput, "tillRequestId is the till's own idempotency key: a new non-empty UUID per request.");
            }

            if (string.IsNullOrEmpty(command.Code) || command.Code.Length > HoldPoints.MaxCodeLength)
            {
                throw new LedgerRefusal(RefusalCodes.InvalidInput, "code is the volunteer's one-time code: the digits their app shows.");
            }

            await attempts.RequireUnderLimitAsync(session, merchantId, now, cancellation);

            // A code nobody holds: the same answer as a volunteer's wrong code (the decider's, for an unknown account).
            var lookup = await session.LoadAsync<RedemptionCodeLookup>(command.Code, cancellation);
            var volunteerId = lookup?.VolunteerId ?? Guid.Empty;
            var hold = new Domain.HoldPoints(volunteerId, command.HoldId, merchantId, command.Code, command.Amount, command.TillRequestId, command.Actor);
            if (lookup is null)
            {
                // The decider's answer for an account that does not exist (it throws).
                VolunteerAccountDecider.Decide(hold, null, LedgerPolicy.Default, now);
            }

            var (_, events) = await AccountDecisions.DecideAsync(session, policies, hold, now, cancellation);

            if (events.OfType<PointsHeld>().SingleOrDefault() is not { } held)
            {
                // Already held for this till request (its record of the outcome was lost): the first hold stands.
                return CommandOutcome.Accept(command.CommandId, volunteerId, command.HoldId);
            }

            session.Delete(lookup!);
            await bus.ScheduleAsync(new ExpireHold(volunteerId, held.HoldId), held.ExpiresAt);
            return CommandOutcome.Accept(command.CommandId, volunteerId, held.HoldId);
        }, cancellation);

        // A wrong code counts against the merchant, in the same transaction as the remembered refusal.
        if (outcome is { Accepted: false, Replayed: false, Code: { } refused } && CodeGuessingLimit.IsWrongCode(refused) && command.Actor.MerchantId is { } guesser)
        {
            await CodeAttempts.CountFailureAsync(session, guesser, clock.GetUtcNow(), cancellation);
        }

        return outcome;
    }
}
