using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

/// <summary>The ledger's <see cref="AssignStaff"/>, decided on the community's stream.</summary>
public static class AssignStaffHandler
{
    public static async Task<Accepted> Handle(AssignStaff command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var community = await session.Events.FetchForWriting<Community>(command.CommunityId, cancellation);
        community.AppendMany(CommunityDecider.Decide(command, community.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CommunityId);
    }
}
