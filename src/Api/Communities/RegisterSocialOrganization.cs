using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;

namespace TimeBank.Api.Communities;

/// <summary>
/// Staff of a community (or a city admin) register a social organization in it. The ledger's
/// <see cref="RegisterSocialOrganization"/>: the community and the stream named by the organization's name are read in one
/// round trip. Two registrations of one name at once write to one new stream: the loser's retry finds the winner's
/// organization and is refused with <c>SOCIAL_ORGANIZATION_NAME_TAKEN</c>.
/// </summary>
public static class RegisterSocialOrganizationHandler
{
    public static async Task<Accepted> Handle(RegisterSocialOrganization command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var communityLoad = batch.Load<Community>(command.CommunityId);
        var organizationFetch = batch.Events.FetchForWriting<SocialOrganization>(command.OrganizationId);
        await batch.Execute(cancellation);
        var organization = await organizationFetch;
        organization.AppendOne(SocialOrganizationDecider.Register(command, organization.Aggregate, await communityLoad, clock.GetUtcNow()));
        return new Accepted(command.OrganizationId);
    }
}
