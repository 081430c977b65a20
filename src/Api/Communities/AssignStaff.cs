using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using Domain = TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

public sealed record AssignStaff(Guid CommandId, Actor Actor, Guid CommunityId, Guid StaffId) : ILedgerCommand;

public static class AssignStaffHandler
{
    public static Task<CommandOutcome> Handle(AssignStaff command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<Community>(command, command.CommunityId, clock, (state, now) =>
            CommunityDecider.Decide(new Domain.AssignStaff(command.CommunityId, command.StaffId, command.Actor), state, now), cancellation);
}
