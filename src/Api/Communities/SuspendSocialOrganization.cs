using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
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

public static class SuspendSocialOrganizationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SuspendSocialOrganizationInputType, OrganizationReasonInput, SocialOrganizationPayloadType, SocialOrganization>(
            "suspendSocialOrganization", "Staff of the organization's community (or a city admin) suspend an active organization, with a reason: it stops "
                + "counting toward the target until reinstated. Refusals: `NOT_FOUND` (also for staff of another community), `REASON_REQUIRED`, "
                + "`TEXT_TOO_LONG`, `INVALID_ORGANIZATION_STATE` (not active).",
            (actor, i) => Idempotent.Of(i.CommandId, new SuspendSocialOrganization(i.OrganizationId, i.Reason, actor)),
            SocialOrganizationPayloadType.LoadAsync);
}

public sealed class SuspendSocialOrganizationInputType : InputObjectGraphType<OrganizationReasonInput>
{
    public SuspendSocialOrganizationInputType()
    {
        Name = "SuspendSocialOrganizationInput";
        Description = "An active social organization to suspend, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("organizationId").Description("The organization's UUID; `NOT_FOUND` if the caller does not act in its community.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}
