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
        session.RunOnceAsync(command, clock, async now =>
        {
            var stream = await session.Events.FetchForWriting<Community>(command.CommunityId, cancellation);
            stream.AppendMany(CommunityDecider.Decide(new Domain.AssignStaff(command.CommunityId, command.StaffId, command.Actor), stream.Aggregate, now));
            return CommandOutcome.Accept(command.CommandId, command.CommunityId);
        }, cancellation);
}
