using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

/// <summary>The ledger's <see cref="RegisterCommunity"/>, decided on the community's stream.</summary>
public static class RegisterCommunityHandler
{
    public static async Task<Accepted> Handle(RegisterCommunity command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var community = await session.Events.FetchForWriting<Community>(command.CommunityId, cancellation);
        community.AppendOne(CommunityDecider.Decide(command, community.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CommunityId);
    }
}
