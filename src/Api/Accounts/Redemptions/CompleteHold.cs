using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A cashier of the hold's merchant completes the sale: the held points move to the merchant. Completing twice changes
/// nothing. Decided in the account's queue (<see cref="AccountQueues"/>).
/// </summary>
public sealed record CompleteHold(Guid CommandId, Actor Actor, Guid HoldId) : IHoldCommand
{
    public Domain.VolunteerAccountCommand OnAccount(Domain.Hold? hold) =>
        new Domain.CompleteHold(HoldReads.VolunteerOf(hold, HoldId), HoldId, Actor);
}
