using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
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

public static class RegisterSocialOrganizationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RegisterSocialOrganizationInputType, RegisterSocialOrganizationInput, SocialOrganizationPayloadType, SocialOrganization>(
            "registerSocialOrganization", "Staff of a community (or a city admin) register a community social organization (社区社会组织); it counts "
                + "toward the community's target while active. Its id is derived from its name in the community. Refusals: `NOT_STAFF_OF_COMMUNITY`, "
                + "`NOT_FOUND` (no such community), `SOCIAL_ORGANIZATION_NAME_TAKEN` (the community has, or had, one of that name, compared trimmed, "
                + "width- and case-folded; also when two are registered at once), `INVALID_INPUT` (a blank name or contact role), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterSocialOrganization(i.CommunityId, i.Name, i.Kind, i.Standing, i.ContactRole, actor)),
            SocialOrganizationPayloadType.LoadAsync);
}

public sealed class RegisterSocialOrganizationInput
{
    public Guid CommandId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
    public OrganizationKind Kind { get; init; }
    public OrganizationStanding Standing { get; init; }
    public string ContactRole { get; init; } = string.Empty;
}

public sealed class RegisterSocialOrganizationInputType : InputObjectGraphType<RegisterSocialOrganizationInput>
{
    public RegisterSocialOrganizationInputType()
    {
        Name = "RegisterSocialOrganizationInput";
        Description = "A social organization to register: where, its name, kind and standing, and the role to contact.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community (UUID or global id); the caller must be its staff or a city admin.");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"Its name; required (`INVALID_INPUT`), at most {TextLimits.Name} characters (`TEXT_TOO_LONG`), "
            + "not the name of another organization of the community (`SOCIAL_ORGANIZATION_NAME_TAKEN`).");
        Field<NonNullGraphType<OrganizationKindType>>("kind").Description("The kind the city's plan counts it as.");
        Field<NonNullGraphType<OrganizationStandingType>>("standing").Description("Registered with civil affairs or filed with the street.");
        Field<NonNullGraphType<StringGraphType>>("contactRole").Description($"The role to contact, e.g. \"会长\"; never a person's name. Required (`INVALID_INPUT`), "
            + $"at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
    }
}
