using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Organizations;

namespace TimeBank.Api.Communities;

/// <summary>
/// A social organization is suspended, with a reason: it stops counting toward the community's target until reinstated. The ledger's <see cref="SuspendSocialOrganization"/>, decided on the organization's stream.
/// </summary>
public static class SuspendSocialOrganizationHandler
{
    public static async Task<Accepted> Handle(SuspendSocialOrganization command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var organization = await session.Events.FetchForWriting<SocialOrganization>(command.OrganizationId, cancellation);
        organization.AppendMany(SocialOrganizationDecider.Decide(command, organization.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.OrganizationId);
    }
}
