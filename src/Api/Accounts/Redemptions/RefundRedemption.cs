using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A cashier of the hold's merchant gives back some or all of a completed redemption, within the refund window. The
/// command id is the till's request (merchant, till request id): a refund sent again is counted once. Decided in the
/// account's queue (<see cref="AccountQueues"/>).
/// </summary>
public sealed record RefundRedemption(Guid CommandId, Actor Actor, Guid HoldId, long Amount, Guid TillRequestId) : IHoldCommand
{
    public static RefundRedemption AtTill(Actor actor, Guid holdId, long amount, Guid tillRequestId) =>
        new(TillRequests.CommandId(actor, tillRequestId), actor, holdId, amount, tillRequestId);

    public Domain.VolunteerAccountCommand OnAccount(Domain.Hold? hold)
    {
        Domain.TillRequest.RequireKey(TillRequestId);
        return new Domain.RefundPoints(HoldReads.VolunteerOf(hold, HoldId), HoldId, Amount, TillRequestId, Actor);
    }
}
