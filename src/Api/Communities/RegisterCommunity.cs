using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using Domain = TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

public sealed record RegisterCommunity(Guid CommandId, Actor Actor, Guid CommunityId, string Name, string Street, string District) : ILedgerCommand;

public static class RegisterCommunityHandler
{
    public static Task<CommandOutcome> Handle(RegisterCommunity command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            var stream = await session.Events.FetchForWriting<Community>(command.CommunityId, cancellation);
            stream.AppendOne(CommunityDecider.Decide(
                new Domain.RegisterCommunity(command.CommunityId, command.Name, command.Street, command.District, command.Actor), stream.Aggregate, now));
            return CommandOutcome.Accept(command.CommandId, command.CommunityId);
        }, cancellation);
}
