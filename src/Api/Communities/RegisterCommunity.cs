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
        session.DecideOnStreamAsync<Community>(command, command.CommunityId, clock, (state, now) =>
            [CommunityDecider.Decide(new Domain.RegisterCommunity(command.CommunityId, command.Name, command.Street, command.District, command.Actor), state, now)],
            cancellation);
}
