using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Redemptions;

/// <summary>
/// A cashier of the hold's merchant gives back some or all of a completed redemption, within the refund window. The
/// command id is the till's request (merchant, till request id): a refund sent again is counted once.
/// </summary>
public sealed record RefundRedemption(Guid CommandId, Actor Actor, Guid HoldId, long Amount, Guid TillRequestId) : ILedgerCommand
{
    public static RefundRedemption AtTill(Actor actor, Guid holdId, long amount, Guid tillRequestId) =>
        new(TillRequests.CommandId(actor, tillRequestId), actor, holdId, amount, tillRequestId);
}

public static class RefundRedemptionHandler
{
    public static Task<CommandOutcome> Handle(
        RefundRedemption command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            if (command.TillRequestId == Guid.Empty)
            {
                throw new LedgerRefusal(RefusalCodes.InvalidInput, "tillRequestId is the till's own idempotency key: a new non-empty UUID per request.");
            }

            var volunteerId = await AccountDecisions.VolunteerOfHoldAsync(session, command.HoldId, cancellation);
            await AccountDecisions.DecideAsync(
                session, policies, new Domain.RefundPoints(volunteerId, command.HoldId, command.Amount, command.TillRequestId, command.Actor), now, cancellation);
            return CommandOutcome.Accept(command.CommandId, volunteerId, command.HoldId);
        }, cancellation);
}
