using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Organizations;

namespace TimeBank.Api.Communities;

/// <summary>
/// A social organization is reinstated: it counts toward the target again. The ledger's <see cref="ReinstateSocialOrganization"/>, decided on the organization's stream.
/// </summary>
public static class ReinstateSocialOrganizationHandler
{
    public static async Task<Accepted> Handle(ReinstateSocialOrganization command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var organization = await session.Events.FetchForWriting<SocialOrganization>(command.OrganizationId, cancellation);
        organization.AppendMany(SocialOrganizationDecider.Decide(command, organization.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.OrganizationId);
    }
}
