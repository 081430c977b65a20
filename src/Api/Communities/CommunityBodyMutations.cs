using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Communities;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;

namespace TimeBank.Api.GraphQL;

/// <summary>Social organizations (社区社会组织) and volunteer service stations (志愿服务站): kept by staff of their community or a city admin.</summary>
public sealed partial class LedgerMutation
{
    partial void AddCommunityBodyMutations()
    {
        Mutation<RegisterSocialOrganizationInputType, RegisterSocialOrganizationInput, SocialOrganizationPayloadType, SocialOrganization>(
            "registerSocialOrganization", "Staff of a community (or a city admin) register a community social organization (社区社会组织); it counts "
                + "toward the community's target while active. Its id is derived from its name in the community. Refusals: `NOT_STAFF_OF_COMMUNITY`, "
                + "`NOT_FOUND` (no such community), `SOCIAL_ORGANIZATION_NAME_TAKEN` (the community has, or had, one of that name, compared trimmed, "
                + "width- and case-folded; also when two are registered at once), `INVALID_INPUT` (a blank name or contact role), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterSocialOrganization(i.CommunityId, i.Name, i.Kind, i.Standing, i.ContactRole, actor)),
            LoadSocialOrganizationAsync);

        Mutation<SuspendSocialOrganizationInputType, OrganizationReasonInput, SocialOrganizationPayloadType, SocialOrganization>(
            "suspendSocialOrganization", "Staff of the organization's community (or a city admin) suspend an active organization, with a reason: it stops "
                + "counting toward the target until reinstated. Refusals: `NOT_FOUND` (also for staff of another community), `REASON_REQUIRED`, "
                + "`TEXT_TOO_LONG`, `INVALID_ORGANIZATION_STATE` (not active).",
            (actor, i) => Idempotent.Of(i.CommandId, new SuspendSocialOrganization(i.OrganizationId, i.Reason, actor)),
            LoadSocialOrganizationAsync);

        Mutation<ReinstateSocialOrganizationInputType, OrganizationInput, SocialOrganizationPayloadType, SocialOrganization>(
            "reinstateSocialOrganization", "Staff of the organization's community (or a city admin) reinstate a suspended organization. "
                + "Refusals: `NOT_FOUND` (also for staff of another community), `INVALID_ORGANIZATION_STATE` (not suspended).",
            (actor, i) => Idempotent.Of(i.CommandId, new ReinstateSocialOrganization(i.OrganizationId, actor)),
            LoadSocialOrganizationAsync);

        Mutation<DissolveSocialOrganizationInputType, OrganizationReasonInput, SocialOrganizationPayloadType, SocialOrganization>(
            "dissolveSocialOrganization", "Staff of the organization's community (or a city admin) dissolve an active or suspended organization, with a "
                + "reason: final, it never counts again and its name stays taken. Refusals: `NOT_FOUND` (also for staff of another community), "
                + "`REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_ORGANIZATION_STATE` (already dissolved).",
            (actor, i) => Idempotent.Of(i.CommandId, new DissolveSocialOrganization(i.OrganizationId, i.Reason, actor)),
            LoadSocialOrganizationAsync);

        Mutation<RegisterServiceStationInputType, RegisterServiceStationInput, ServiceStationPayloadType, ServiceStation>(
            "registerServiceStation", "Staff of a community (or a city admin) register a volunteer service station (志愿服务站) in it. "
                + "Refusals: `NOT_STAFF_OF_COMMUNITY`, `NOT_FOUND` (no such community), `ALREADY_EXISTS`, `INVALID_INPUT` (a blank name), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterServiceStation(i.StationId ?? i.CommandId, i.CommunityId, i.Name, actor)),
            LoadServiceStationAsync);

        Mutation<AttestStationHaveInputType, AttestStationHaveInput, ServiceStationPayloadType, ServiceStation>(
            "attestStationHave", "Staff of the station's community (or a city admin) attest that it has a place, facilities or rules (有场地、有设施、有制度), "
                + "as of a day; attesting again moves the day. Refusals: `NOT_FOUND` (also for a station of another community: nothing changes), "
                + "`STATION_HAVE_NOT_ATTESTABLE` (team, service and records are computed from the ledger), `INVALID_INPUT` (a day after today in China time).",
            (actor, i) => Idempotent.Of(i.CommandId, new AttestStationHave(i.StationId, i.Have, i.AttestedOn, actor)),
            LoadServiceStationAsync);

        Mutation<WithdrawStationHaveInputType, WithdrawStationHaveInput, ServiceStationPayloadType, ServiceStation>(
            "withdrawStationHave", "Staff of the station's community (or a city admin) withdraw an attested have, with a reason (the place was lost, "
                + "the rules lapsed). Refusals: `NOT_FOUND` (also for a station of another community), `STATION_HAVE_NOT_ATTESTABLE`, "
                + "`STATION_HAVE_NOT_ATTESTED`, `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new WithdrawStationHave(i.StationId, i.Have, i.Reason, actor)),
            LoadServiceStationAsync);
    }

    private static async Task<SocialOrganization?> LoadSocialOrganizationAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await LoadAsync<SocialOrganization>(session, outcome, cancellation) is { } organization && ReadAccess.CanListCommunityBodies(actor, organization.CommunityId)
            ? organization
            : null;

    private static async Task<ServiceStation?> LoadServiceStationAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await LoadAsync<ServiceStation>(session, outcome, cancellation) is { } station && ReadAccess.CanListCommunityBodies(actor, station.CommunityId)
            ? station
            : null;
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

public sealed class OrganizationReasonInput
{
    public Guid CommandId { get; init; }
    public Guid OrganizationId { get; init; }
    public string Reason { get; init; } = string.Empty;
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

public sealed class RegisterServiceStationInput
{
    public Guid CommandId { get; init; }
    public Guid? StationId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
}

public sealed class RegisterServiceStationInputType : InputObjectGraphType<RegisterServiceStationInput>
{
    public RegisterServiceStationInputType()
    {
        Name = "RegisterServiceStationInput";
        Description = "A volunteer service station to register in a community.";
        this.CommandIdField();
        Field<UuidIdGraphType>("stationId").Description("The new station's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community (UUID or global id); the caller must be its staff or a city admin.");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The station's name; required (`INVALID_INPUT`), at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
    }
}

public sealed class AttestStationHaveInput
{
    public Guid CommandId { get; init; }
    public Guid StationId { get; init; }
    public StationHave Have { get; init; }
    public DateOnly AttestedOn { get; init; }
}

public sealed class AttestStationHaveInputType : InputObjectGraphType<AttestStationHaveInput>
{
    public AttestStationHaveInputType()
    {
        Name = "AttestStationHaveInput";
        Description = "A have of a station to attest, as of a day.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("stationId").Description("The station's UUID; `NOT_FOUND` if the caller does not act in its community.");
        Field<NonNullGraphType<StationHaveType>>("have").Description("PLACE, FACILITIES or RULES; the others are computed (`STATION_HAVE_NOT_ATTESTABLE`).");
        Field<NonNullGraphType<DateOnlyGraphType>>("attestedOn").Description("The day it is attested as of, as YYYY-MM-DD; not after today in China time (`INVALID_INPUT`).");
    }
}

public sealed class WithdrawStationHaveInput
{
    public Guid CommandId { get; init; }
    public Guid StationId { get; init; }
    public StationHave Have { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class WithdrawStationHaveInputType : InputObjectGraphType<WithdrawStationHaveInput>
{
    public WithdrawStationHaveInputType()
    {
        Name = "WithdrawStationHaveInput";
        Description = "An attested have of a station to withdraw, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("stationId").Description("The station's UUID; `NOT_FOUND` if the caller does not act in its community.");
        Field<NonNullGraphType<StationHaveType>>("have").Description("The attested have: PLACE, FACILITIES or RULES (`STATION_HAVE_NOT_ATTESTED` if it is not attested).");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}

public sealed class SocialOrganizationPayloadType()
    : PayloadGraphType<SocialOrganizationType, SocialOrganization>("SocialOrganizationPayload", "organization",
        "The organization as it stands now, if the caller may read it.", "What the social organization mutations answer.");

public sealed class ServiceStationPayloadType()
    : PayloadGraphType<ServiceStationType, ServiceStation>("ServiceStationPayload", "station",
        "The station as it stands now, if the caller may read it.", "What the service station mutations answer.");
