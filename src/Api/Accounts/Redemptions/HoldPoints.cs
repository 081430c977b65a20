using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using Wolverine;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A cashier holds points with the code the volunteer shows. The command id is the till's request (merchant, till
/// request id), and it is also the hold's id: the same request again is the same hold. The hold's expiry is scheduled
/// as a durable message in the same transaction.
/// </summary>
public sealed record HoldPoints(Guid CommandId, Actor Actor, string Code, long Amount, Guid TillRequestId) : ILedgerCommand
{
    public static HoldPoints AtTill(Actor actor, string code, long amount, Guid tillRequestId) =>
        new(TillRequests.CommandId(actor, tillRequestId), actor, TillRequest.CodeAsTyped(code), amount, tillRequestId);

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
            var merchantId = TillRequest.MerchantHolding(command.Actor, command.Code, command.TillRequestId);
            await attempts.RequireUnderLimitAsync(session, merchantId, now, cancellation);

            var lookup = await session.LoadAsync<RedemptionCodeLookup>(command.Code, cancellation);
            var volunteerId = TillRequest.VolunteerHolding(lookup?.VolunteerId);
            var hold = new Domain.HoldPoints(volunteerId, command.HoldId, merchantId, command.Code, command.Amount, command.TillRequestId, command.Actor);
            var (_, events) = await AccountDecisions.DecideAsync(session, policies, hold, now, cancellation);

            if (events.OfType<PointsHeld>().SingleOrDefault() is not { } held)
            {
                // Already held for this till request (its record of the outcome was lost): the first hold stands.
                return CommandOutcome.Accept(command.CommandId, volunteerId, command.HoldId);
            }

            session.Delete(lookup!); // found, or VolunteerHolding refused
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
