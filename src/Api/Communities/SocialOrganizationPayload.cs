using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Organizations;

namespace TimeBank.Api.Communities;

public sealed class SocialOrganizationPayloadType()
    : PayloadGraphType<SocialOrganizationType, SocialOrganization>("SocialOrganizationPayload", "organization",
        "The organization as it stands now, if the caller may read it.", "What the social organization mutations answer.")
{
    /// <summary>The organization the command touched, if the caller may read it.</summary>
    public static async Task<SocialOrganization?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<SocialOrganization>(session, outcome, cancellation) is { } organization && ReadAccess.CanListCommunityBodies(actor, organization.CommunityId)
            ? organization
            : null;
}
