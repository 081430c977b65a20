using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Redemptions;

/// <summary>A cashier of the hold's merchant completes the sale: the held points move to the merchant. Completing twice changes nothing.</summary>
public sealed record CompleteHold(Guid CommandId, Actor Actor, Guid HoldId) : ILedgerCommand;

public static class CompleteHoldHandler
{
    public static Task<CommandOutcome> Handle(
        CompleteHold command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            var volunteerId = await AccountDecisions.VolunteerOfHoldAsync(session, command.HoldId, cancellation);
            await AccountDecisions.DecideAsync(session, policies, new Domain.CompleteHold(volunteerId, command.HoldId, command.Actor), now, cancellation);
            return CommandOutcome.Accept(command.CommandId, volunteerId, command.HoldId);
        }, cancellation);
}
