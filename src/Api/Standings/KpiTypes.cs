using GraphQL.Types;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Standings;

namespace TimeBank.Api.Standings;

/// <summary>An area's community KPIs as of a month (<c>areaKpis</c>, and each node of <c>communityKpis</c>).</summary>
public sealed class AreaKpisType : ObjectGraphType<AreaKpisView>
{
    public AreaKpisType()
    {
        Name = "AreaKpis";
        Description = "An area's community KPIs as of a month, equal to what was shown at the end of that month: levels (registered, active, "
            + "organizations, stations, stars) as they stood then, flows (minutes, points, records, projects) of that month alone. Counted by the "
            + "community where the service was recorded (flows) and the volunteer's home community (registered, active, stars).";
        Field<NonNullGraphType<AreaLevelType>>("level").Description("The area's level.").Resolve(c => c.Source.Area.Level);
        Field<IdGraphType>("communityId").Description("The community's UUID (communities only).").Resolve(c => c.Source.Area.CommunityId);
        Field<StringGraphType>("communityName").Description("The community's name (communities only).").Resolve(c => c.Source.Name);
        Field<StringGraphType>("district").Description("The district (null for the city).").Resolve(c => c.Source.Area.District);
        Field<StringGraphType>("street").Description("The street (streets and communities).").Resolve(c => c.Source.Area.Street);
        Field<NonNullGraphType<StringGraphType>>("month").Description("The month these figures are as of, yyyy-MM (China time).")
            .Resolve(c => c.Source.Figures.Month.Key);
        Field<NonNullGraphType<LongGraphType>>("communities").Description("Communities in the area.").Resolve(c => c.Source.Figures.Communities);
        Field<NonNullGraphType<LongGraphType>>("registered").Description("Registered volunteers whose home community lies in the area.")
            .Resolve(c => c.Source.Figures.Registered);
        Field<NonNullGraphType<LongGraphType>>("active").Description("Of them, the regularly active: verified service in enough of the last months (policy: 2 of 3 by default).")
            .Resolve(c => c.Source.Figures.Active);
        Field<FloatGraphType>("activeRatioPercent").Description("active / registered in percent, one decimal; null with nobody registered.")
            .Resolve(c => (double?)c.Source.ActiveRatioPercent);
        Field<NonNullGraphType<IntGraphType>>("activeRatioTargetPercent").Description("The target: more than this share active (policy, 50 by default).")
            .Resolve(c => c.Source.Policy.ActiveRatioTargetPercent);
        Field<NonNullGraphType<BooleanGraphType>>("activeRatioTargetMet").Description("Whether more than the target share is active.")
            .Resolve(c => c.Source.ActiveRatioTargetMet);
        Field<NonNullGraphType<LongGraphType>>("socialOrganizations").Description("Active community social organizations (registered or reinstated; not suspended or dissolved).")
            .Resolve(c => c.Source.Figures.SocialOrganizations);
        Field<NonNullGraphType<LongGraphType>>("socialOrganizationTarget").Description("The target: 12 per community (policy), times the area's communities.")
            .Resolve(c => c.Source.SocialOrganizationTarget);
        Field<NonNullGraphType<BooleanGraphType>>("socialOrganizationTargetMet").Description("Whether the active organizations reach the target.")
            .Resolve(c => c.Source.SocialOrganizationTargetMet);
        Field<NonNullGraphType<LongGraphType>>("stations").Description("Volunteer service stations registered.").Resolve(c => c.Source.Figures.Stations);
        Field<NonNullGraphType<LongGraphType>>("stationsMeetingSixHaves").Description("Stations meeting all six haves that month (place, facilities and rules "
            + "attested; team, service and records computed from the ledger).").Resolve(c => c.Source.Figures.StationsMeetingSixHaves);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("Verified service minutes credited in the month, less those revoked in it.")
            .Resolve(c => c.Source.Figures.Minutes);
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("The same, in hours (two decimals).")
            .Resolve(c => (double)Math.Round(c.Source.Figures.Minutes / 60m, 2));
        Field<NonNullGraphType<LongGraphType>>("points").Description("Points earned in the month, less those taken back by revocations in it.")
            .Resolve(c => c.Source.Figures.Points);
        Field<NonNullGraphType<LongGraphType>>("verifiedRecords").Description("Records credited in the month, less those revoked in it.")
            .Resolve(c => c.Source.Figures.VerifiedRecords);
        Field<NonNullGraphType<LongGraphType>>("projectsServed").Description("Projects with verified service in the month.")
            .Resolve(c => c.Source.Figures.ProjectsServed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StarCountType>>>>("stars").Description("Volunteers at each star level, 1 to 5.")
            .Resolve(c => c.Source.Figures.Stars.Select((count, i) => new StarCount(i + 1, count)).ToList());
    }
}

/// <summary>Volunteers at one star level.</summary>
public sealed record StarCount(int Level, long Volunteers);

public sealed class StarCountType : ObjectGraphType<StarCount>
{
    public StarCountType()
    {
        Name = "StarCount";
        Description = "How many volunteers hold one star level.";
        Field<NonNullGraphType<IntGraphType>>("level").Description("The star level, 1 to 5.").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<LongGraphType>>("volunteers").Description("Volunteers at exactly this level.").Resolve(c => c.Source.Volunteers);
    }
}

public sealed class AreaKpisEdgeType() : EdgeGraphType<AreaKpisType, AreaKpisView>("AreaKpis");

public sealed class AreaKpisConnectionType() : ConnectionGraphType<AreaKpisEdgeType, AreaKpisView>("AreaKpis");
