using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Organizations;

namespace TimeBank.Api.Communities;

/// <summary>
/// A social organization is dissolved, with a reason: final, it never counts again. The ledger's <see cref="DissolveSocialOrganization"/>, decided on the organization's stream.
/// </summary>
public static class DissolveSocialOrganizationHandler
{
    public static async Task<Accepted> Handle(DissolveSocialOrganization command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var organization = await session.Events.FetchForWriting<SocialOrganization>(command.OrganizationId, cancellation);
        organization.AppendMany(SocialOrganizationDecider.Decide(command, organization.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.OrganizationId);
    }
}
