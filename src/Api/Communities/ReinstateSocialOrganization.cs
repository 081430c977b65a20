using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
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

public static class ReinstateSocialOrganizationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ReinstateSocialOrganizationInputType, OrganizationInput, SocialOrganizationPayloadType, SocialOrganization>(
            "reinstateSocialOrganization", "Staff of the organization's community (or a city admin) reinstate a suspended organization. "
                + "Refusals: `NOT_FOUND` (also for staff of another community), `INVALID_ORGANIZATION_STATE` (not suspended).",
            (actor, i) => Idempotent.Of(i.CommandId, new ReinstateSocialOrganization(i.OrganizationId, actor)),
            SocialOrganizationPayloadType.LoadAsync);
}

public sealed class OrganizationInput
{
    public Guid CommandId { get; init; }
    public Guid OrganizationId { get; init; }
}

public sealed class ReinstateSocialOrganizationInputType : InputObjectGraphType<OrganizationInput>
{
    public ReinstateSocialOrganizationInputType()
    {
        Name = "ReinstateSocialOrganizationInput";
        Description = "A suspended social organization to reinstate.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("organizationId").Description("The organization's UUID; `NOT_FOUND` if the caller does not act in its community.");
    }
}
