using GraphQL.Types;
using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Communities;

/// <summary>A community social organization (社区社会组织) as the schema shows it.</summary>
public sealed class SocialOrganizationType : ObjectGraphType<SocialOrganization>
{
    public SocialOrganizationType()
    {
        Name = "SocialOrganization";
        Description = "A community social organization (社区社会组织), registered by staff of its community. It counts toward the community's "
            + "target of social organizations while it is active. No personal data: its contact is a role.";
        Field<NonNullGraphType<UuidIdGraphType>>("organizationId")
            .Description("The organization's UUID, as the other mutations take it; derived from its name in the community.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of its community.").Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("Its community.").Resolve(c => Navigation.Community(c, c.Source.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("name").Description("Its name, as registered; unique in the community (compared trimmed, width- and case-folded).")
            .Resolve(c => c.Source.Name);
        Field<NonNullGraphType<OrganizationKindType>>("kind").Description("The kind the city's plan counts it as.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<OrganizationStandingType>>("standing").Description("Registered with civil affairs or filed with the street.")
            .Resolve(c => c.Source.Standing);
        Field<NonNullGraphType<StringGraphType>>("contactRole").Description("The role to contact, e.g. \"会长\" (chair): never a person's name.")
            .Resolve(c => c.Source.ContactRole);
        Field<NonNullGraphType<OrganizationStatusType>>("status").Description("Active, suspended or dissolved.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BooleanGraphType>>("active").Description("True while it counts toward the community's target.").Resolve(c => c.Source.IsActive);
        Field<StringGraphType>("reason").Description("Why it was suspended or dissolved; null while active.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("registeredAt").Description("When it was registered.").Resolve(c => c.Source.RegisteredAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("statusChangedAt").Description("When its status last changed (its registration if never).")
            .Resolve(c => c.Source.StatusChangedAt);
    }
}

public sealed class OrganizationKindType : EnumerationGraphType<OrganizationKind>
{
    public OrganizationKindType()
    {
        Name = "OrganizationKind";
        Description = "The kinds of community social organization the city's plan counts.";
        Values["CHARITY_AND_PUBLIC_WELFARE"]!.Description = "公益慈善类: charity and public welfare.";
        Values["LIVING_SERVICES"]!.Description = "生活服务类: services for daily life.";
        Values["CULTURE_AND_SPORTS"]!.Description = "文体活动类: culture and sports.";
        Values["MEDIATION"]!.Description = "专业调处类: mediation of disputes.";
        Values["OTHER"]!.Description = "Any other kind.";
    }
}

public sealed class OrganizationStandingType : EnumerationGraphType<OrganizationStanding>
{
    public OrganizationStandingType()
    {
        Name = "OrganizationStanding";
        Description = "How the organization stands with the authorities.";
        Values["REGISTERED"]!.Description = "Registered with the civil affairs bureau (登记).";
        Values["FILED"]!.Description = "Filed with the street (备案).";
    }
}

public sealed class OrganizationStatusType : EnumerationGraphType<OrganizationStatus>
{
    public OrganizationStatusType()
    {
        Name = "OrganizationStatus";
        Description = "Active ⇄ Suspended; either → Dissolved (final). Only an active organization counts toward the target.";
        Values["ACTIVE"]!.Description = "Active: counts toward the community's target.";
        Values["SUSPENDED"]!.Description = "Suspended with a reason: does not count until reinstated.";
        Values["DISSOLVED"]!.Description = "Dissolved with a reason: final, never counts again; its name stays taken in the community.";
    }
}

public sealed class SocialOrganizationEdgeType() : EdgeGraphType<SocialOrganizationType, SocialOrganization>("SocialOrganization");

public sealed class SocialOrganizationConnectionType() : ConnectionGraphType<SocialOrganizationEdgeType, SocialOrganization>("SocialOrganization");

/// <summary>A volunteer service station (志愿服务站) as the schema shows it.</summary>
public sealed class ServiceStationType : ObjectGraphType<ServiceStation>
{
    public ServiceStationType()
    {
        Name = "ServiceStation";
        Description = "A volunteer service station (志愿服务站) of a community, with the haves its staff attested (place, facilities, rules). "
            + "Team, service and records are computed from the ledger by the KPIs.";
        Field<NonNullGraphType<UuidIdGraphType>>("stationId").Description("The station's UUID, as `attestStationHave` and `withdrawStationHave` take it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of its community.").Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("Its community.").Resolve(c => Navigation.Community(c, c.Source.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("name").Description("Its name, as registered.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("registeredAt").Description("When it was registered.").Resolve(c => c.Source.RegisteredAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AttestedHaveType>>>>("attested")
            .Description("The haves attested and not withdrawn, in the order of the six haves; a have not listed is not attested.")
            .Resolve(c => c.Source.Attested);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StationHaveStateType>>>>("sixHaves")
            .Description("The six haves this month (China time), in their order: place, facilities and rules as attested; team, service and records "
                + "as the ledger shows them for the community (its policy's thresholds over the last quarter). Built asynchronously with the KPIs.")
            .ResolveAsync(async c => (object?)await StationHaves.OfAsync(c.Source, c.Service<IQuerySession>(), c.Service<PolicyBook>(),
                c.Service<TimeProvider>().GetUtcNow(), c.CancellationToken));
    }
}

/// <summary>One of a station's six haves this month: whether it is there.</summary>
public sealed record StationHaveState(StationHave Have, bool Met, bool Attestable);

public sealed class StationHaveStateType : ObjectGraphType<StationHaveState>
{
    public StationHaveStateType()
    {
        Name = "StationHaveState";
        Description = "Whether one of the six haves (六有) is there this month.";
        Field<NonNullGraphType<StationHaveType>>("have").Description("Which have.").Resolve(c => c.Source.Have);
        Field<NonNullGraphType<BooleanGraphType>>("met").Description("Whether the station has it this month.").Resolve(c => c.Source.Met);
        Field<NonNullGraphType<BooleanGraphType>>("attestable")
            .Description("True for place, facilities and rules, which staff attest; false for team, service and records, which the ledger computes.")
            .Resolve(c => c.Source.Attestable);
    }
}

/// <summary>A station's six haves now: the attested three from the station, the computed three from the KPI read model.</summary>
public static class StationHaves
{
    public static async Task<IReadOnlyList<StationHaveState>> OfAsync(
        ServiceStation station, IQuerySession session, PolicyBook policies, DateTimeOffset now, CancellationToken cancellation)
    {
        var month = CalendarMonth.Of(now);
        var community = await session.LoadAsync<KpiCommunity>(KpiFold.IdOf(station.CommunityId), cancellation);
        var computed = new ComputedHaves(false, false, false);
        if (community is not null)
        {
            var area = Area.OfCommunity(community.CommunityId, community.District, community.Street);
            var own = await session.LoadAsync<AreaKpis>(area.Key, cancellation);
            if (own is not null)
            {
                computed = KpiFold.ComputedHavesIn(community, own, month, policies.For(community.District));
            }
        }

        bool Attested(StationHave have) => station.AttestationOf(have) is not null;
        return
        [
            new(StationHave.Team, computed.Team, false),
            new(StationHave.Place, Attested(StationHave.Place), true),
            new(StationHave.Facilities, Attested(StationHave.Facilities), true),
            new(StationHave.Rules, Attested(StationHave.Rules), true),
            new(StationHave.Service, computed.Service, false),
            new(StationHave.Records, computed.Records, false),
        ];
    }
}

public sealed class AttestedHaveType : ObjectGraphType<AttestedHave>
{
    public AttestedHaveType()
    {
        Name = "AttestedHave";
        Description = "One of a station's haves as staff attested it.";
        Field<NonNullGraphType<StationHaveType>>("have").Description("Which have: place, facilities or rules.").Resolve(c => c.Source.Have);
        Field<NonNullGraphType<DateOnlyGraphType>>("attestedOn").Description("The day it is attested as of (a day in China time).").Resolve(c => c.Source.AttestedOn);
        Field<NonNullGraphType<UuidIdGraphType>>("attestedBy").Description("The staff member or city admin who attested it.").Resolve(c => c.Source.AttestedBy);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("attestedAt").Description("When the attestation was recorded.").Resolve(c => c.Source.AttestedAt);
    }
}

public sealed class StationHaveType : EnumerationGraphType<StationHave>
{
    public StationHaveType()
    {
        Name = "StationHave";
        Description = "The six haves (六有) of a volunteer service station. Staff attest PLACE, FACILITIES and RULES; the others are computed from the ledger.";
        Values["TEAM"]!.Description = "有队伍: enough registered volunteers in the community (computed).";
        Values["PLACE"]!.Description = "有场地: a place (attested).";
        Values["FACILITIES"]!.Description = "有设施: facilities (attested).";
        Values["RULES"]!.Description = "有制度: rules (attested).";
        Values["SERVICE"]!.Description = "有服务: projects run in the last quarter (computed).";
        Values["RECORDS"]!.Description = "有记录: records verified in the last quarter (computed).";
    }
}
