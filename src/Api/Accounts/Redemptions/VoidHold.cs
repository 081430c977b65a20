using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A cashier of the hold's merchant lets the hold go: the points are the volunteer's again. Voiding twice changes
/// nothing. Decided in the account's queue (<see cref="AccountQueues"/>).
/// </summary>
public sealed record VoidHold(Guid CommandId, Actor Actor, Guid HoldId) : IHoldCommand
{
    public Domain.VolunteerAccountCommand OnAccount(Domain.Hold? hold) =>
        new Domain.VoidHold(HoldReads.VolunteerOf(hold, HoldId), HoldId, Actor);
}
