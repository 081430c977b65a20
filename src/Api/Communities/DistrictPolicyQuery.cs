using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Communities;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Standings;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.GraphQL
{
    /// <summary>The policy in force in a district, for the city office (<c>districtPolicy</c>).</summary>
    public sealed partial class LedgerQuery
    {
        partial void AddPolicyQueries()
        {
            Field<NonNullGraphType<DistrictPolicyType>>("districtPolicy")
                .Description("The policy in force in a district (区市): points per hour, star thresholds, points expiry, code, hold and refund times, "
                    + "automatic certificates, the regular-activity rule, the KPI targets and the station thresholds. City admins read every "
                    + "district's, a district admin their own; anyone else is refused (`FORBIDDEN`). Refusals: `AREA_UNKNOWN` (no community of the city "
                    + "lies in that district).")
                .Argument<NonNullGraphType<StringGraphType>>("district", "The district's name, exactly as its communities were registered with it.")
                .ResolveAsync(async context =>
                {
                    var actor = context.RequireActor();
                    var district = context.GetArgument<string>("district").Trim();
                    return await SchemaErrors.UnlessRefusedAsync(async () =>
                    {
                        if (!ReadAccess.CanReadPolicy(actor, district))
                        {
                            throw new LedgerRefusal(RefusalCodes.Forbidden, "Only city admins, and the district's own admins, read a district's policy.");
                        }

                        // Known, as for KPIs and boards: a district some community was registered in.
                        await AreaLookup.FindAsync(context.Service<IQuerySession>(), new AreaInput { District = district }, context.CancellationToken);
                        var policies = context.Service<PolicyBook>();
                        return new DistrictPolicy(district, policies.For(district), policies.HasOwnPolicy(district));
                    });
                });
        }
    }
}

namespace TimeBank.Api.Communities
{
    /// <summary>A district's policy as <c>districtPolicy</c> shows it.</summary>
    /// <param name="OwnPolicy">Whether the district's policy is configured (otherwise every value is the product's default).</param>
    public sealed record DistrictPolicy(string District, LedgerPolicy Policy, bool OwnPolicy);

    /// <summary>A points-per-hour rate of its own for a service category.</summary>
    public sealed record CategoryRate(string Category, int PointsPerHour);

    public sealed class CategoryRateType : ObjectGraphType<CategoryRate>
    {
        public CategoryRateType()
        {
            Name = "CategoryRate";
            Description = "Points per hour for one service category, where it differs from the district's default.";
            Field<NonNullGraphType<StringGraphType>>("category").Description("The service category.").Resolve(c => c.Source.Category);
            Field<NonNullGraphType<IntGraphType>>("pointsPerHour").Description("Points per hour of service in it.").Resolve(c => c.Source.PointsPerHour);
        }
    }

    /// <summary>Everything <see cref="LedgerPolicy"/> holds, in the schema's units (hours, minutes, seconds, days).</summary>
    public sealed class DistrictPolicyType : ObjectGraphType<DistrictPolicy>
    {
        public DistrictPolicyType()
        {
            Name = "DistrictPolicy";
            Description = "The rules in force in a district: the product's defaults, or the district's own where configured.";
            Field<NonNullGraphType<StringGraphType>>("district").Description("The district (区市).").Resolve(c => c.Source.District);
            Field<NonNullGraphType<BooleanGraphType>>("ownPolicy")
                .Description("Whether the district has a policy of its own; false: every value is the product's default.").Resolve(c => c.Source.OwnPolicy);
            Field<NonNullGraphType<IntGraphType>>("defaultPointsPerHour").Description("Points per hour of verified service, where the category has no rate of its own.")
                .Resolve(c => c.Source.Policy.DefaultPointsPerHour);
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryRateType>>>>("pointsPerHourByCategory")
                .Description("Categories with a rate of their own, by category name.")
                .Resolve(c => c.Source.Policy.PointsPerHourByCategory.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new CategoryRate(r.Key, r.Value)).ToList());
            Field<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>("starThresholdMinutes")
                .Description("Cumulative verified service, in minutes, for 1★ to 5★.").Resolve(c => c.Source.Policy.StarThresholds.Select(t => t.Value).ToList());
            Field<NonNullGraphType<IntGraphType>>("pointsExpiryMonths").Description("Months after which earned points expire.")
                .Resolve(c => c.Source.Policy.PointsExpiryMonths);
            Field<NonNullGraphType<LongGraphType>>("timeCreditCapMinutes").Description("Time credits a volunteer may hold, in minutes; more goes to the community pool.")
                .Resolve(c => c.Source.Policy.TimeCreditCap.Value);
            Field<NonNullGraphType<LongGraphType>>("yearlyGiftCapMinutes").Description("Time credits a member may give to relatives in a calendar year (China time), in minutes.")
                .Resolve(c => c.Source.Policy.YearlyGiftCap.Value);
            Field<NonNullGraphType<LongGraphType>>("maxRecordMinutes").Description("The longest service one record may state, in minutes.")
                .Resolve(c => c.Source.Policy.MaxRecordLength.Value);
            Field<NonNullGraphType<IntGraphType>>("redemptionCodeDigits").Description("Digits of a one-time redemption code.")
                .Resolve(c => c.Source.Policy.RedemptionCodeDigits);
            Field<NonNullGraphType<IntGraphType>>("redemptionCodeSeconds").Description("How long a redemption code may be used after it is shown, in seconds.")
                .Resolve(c => (int)c.Source.Policy.RedemptionCodeLifetime.TotalSeconds);
            Field<NonNullGraphType<IntGraphType>>("maxLiveRedemptionCodes").Description("How many codes a volunteer may have live at once.")
                .Resolve(c => c.Source.Policy.MaxLiveRedemptionCodes);
            Field<NonNullGraphType<IntGraphType>>("holdSeconds").Description("How long held points wait for the till to complete or void, in seconds.")
                .Resolve(c => (int)c.Source.Policy.HoldLifetime.TotalSeconds);
            Field<NonNullGraphType<IntGraphType>>("refundWindowDays").Description("How many days after completion a redemption may be refunded.")
                .Resolve(c => (int)c.Source.Policy.RefundWindow.TotalDays);
            Field<NonNullGraphType<BooleanGraphType>>("autoIssueCertificates")
                .Description("Whether the district's communities issue a requested certificate by themselves (with signatories set by the district).")
                .Resolve(c => c.Source.Policy.AutoIssueCertificates is not null);
            Field<NonNullGraphType<IntGraphType>>("activeMonthsRequired")
                .Description("A volunteer is regularly active with verified service in at least this many of the last `activeWindowMonths` months.")
                .Resolve(c => c.Source.Policy.ActiveMonthsRequired);
            Field<NonNullGraphType<IntGraphType>>("activeWindowMonths").Description("The calendar months, the current one included, the activity rule looks at.")
                .Resolve(c => c.Source.Policy.ActiveWindowMonths);
            Field<NonNullGraphType<IntGraphType>>("activeRatioTargetPercent").Description("The target: more than this share of registered volunteers regularly active.")
                .Resolve(c => c.Source.Policy.ActiveRatioTargetPercent);
            Field<NonNullGraphType<IntGraphType>>("socialOrganizationTarget").Description("The target: at least this many active social organizations per community.")
                .Resolve(c => c.Source.Policy.SocialOrganizationTarget);
            Field<NonNullGraphType<IntGraphType>>("stationTeamMinVolunteers").Description("有队伍: a station's community has at least this many registered volunteers.")
                .Resolve(c => c.Source.Policy.StationTeamMinVolunteers);
            Field<NonNullGraphType<IntGraphType>>("stationServiceMinProjects")
                .Description("有服务: at least this many projects of the community had verified service in the last three months.")
                .Resolve(c => c.Source.Policy.StationServiceMinProjects);
            Field<NonNullGraphType<IntGraphType>>("stationRecordsMinVerified")
                .Description("有记录: at least this many records of the community were verified in the last three months.")
                .Resolve(c => c.Source.Policy.StationRecordsMinVerified);
        }
    }
}
