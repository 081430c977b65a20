using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;
using Wolverine;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A cashier holds points with the code the volunteer shows: the ledger's <see cref="HoldPoints"/>, sent as the till
/// asked it (<see cref="TillRequests.Hold"/>). The command id is the till's request (merchant, till request id), and it
/// is also the hold's id: the same request again is the same hold. The host finds the code's volunteer, and schedules the
/// hold's expiry as a durable message in the same transaction. A wrong code counts against the merchant, in the
/// transaction of its remembered refusal.
/// </summary>
public static class HoldPointsHandler
{
    public static async Task<Accepted> Handle(
        HoldPoints command, IDocumentSession session, PolicyBook policies, CodeAttempts attempts, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        try
        {
            var merchantId = TillRequest.MerchantHolding(command.Actor, command.Code, command.TillRequestId);
            await attempts.RequireUnderLimitAsync(session, merchantId, now, cancellation);

            var lookup = await session.LoadAsync<RedemptionCodeLookup>(command.Code, cancellation);
            var volunteerId = TillRequest.VolunteerHolding(lookup?.VolunteerId);
            var (_, events) = await AccountDecisions.DecideAsync(
                session, policies, command with { VolunteerId = volunteerId, MerchantId = merchantId }, now, cancellation);

            if (events.OfType<PointsHeld>().SingleOrDefault() is { } held)
            {
                session.Delete(lookup!); // found, or VolunteerHolding refused
                await bus.ScheduleAsync(new ExpireHold(volunteerId, held.HoldId), held.ExpiresAt);
            }

            // Else already held for this till request (its record of the outcome was lost): the first hold stands.
            return new Accepted(volunteerId, command.HoldId);
        }
        catch (LedgerRefusal refusal) when (CodeGuessingLimit.IsWrongCode(refusal.Code) && command.Actor.MerchantId is { } guesser)
        {
            throw refusal.WithWrites((refused, token) => CodeAttempts.CountFailureAsync(refused, guesser, now, token));
        }
    }
}
