using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Actors;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Redemptions;

/// <summary>A cashier of the hold's merchant lets the hold go: the points are the volunteer's again. Voiding twice changes nothing.</summary>
public sealed record VoidHold(Guid CommandId, Actor Actor, Guid HoldId) : ILedgerCommand;

public static class VoidHoldHandler
{
    public static Task<CommandOutcome> Handle(
        VoidHold command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            var volunteerId = await AccountDecisions.VolunteerOfHoldAsync(session, command.HoldId, cancellation);
            await AccountDecisions.DecideAsync(session, policies, new Domain.VoidHold(volunteerId, command.HoldId, command.Actor), now, cancellation);
            return CommandOutcome.Accept(command.CommandId, volunteerId, command.HoldId);
        }, cancellation);
}
