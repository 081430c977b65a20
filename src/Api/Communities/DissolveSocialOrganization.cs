using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
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

public static class DissolveSocialOrganizationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<DissolveSocialOrganizationInputType, OrganizationReasonInput, SocialOrganizationPayloadType, SocialOrganization>(
            "dissolveSocialOrganization", "Staff of the organization's community (or a city admin) dissolve an active or suspended organization, with a "
                + "reason: final, it never counts again and its name stays taken. Refusals: `NOT_FOUND` (also for staff of another community), "
                + "`REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_ORGANIZATION_STATE` (already dissolved).",
            (actor, i) => Idempotent.Of(i.CommandId, new DissolveSocialOrganization(i.OrganizationId, i.Reason, actor)),
            SocialOrganizationPayloadType.LoadAsync);
}

public sealed class DissolveSocialOrganizationInputType : InputObjectGraphType<OrganizationReasonInput>
{
    public DissolveSocialOrganizationInputType()
    {
        Name = "DissolveSocialOrganizationInput";
        Description = "A social organization to dissolve for good, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("organizationId").Description("The organization's UUID; `NOT_FOUND` if the caller does not act in its community.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}
