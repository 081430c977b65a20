using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Districts;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Standings;
using TimeBank.Ledger;

namespace TimeBank.Api.GraphQL;

/// <summary>Community KPIs: one area's (<c>areaKpis</c>) and every community's of an area (<c>communityKpis</c>), as of a month.</summary>
public sealed partial class LedgerQuery
{
    private const string CommunityKpisCursor = "kpis";

    partial void AddKpiQueries()
    {
        Field<NonNullGraphType<AreaKpisType>>("areaKpis")
            .Description("An area's community KPIs as of a month (default: this month, China time): a community's for its staff, a district's "
                + "and every area's in it for its district admins, every area's for city admins; `NOT_FOUND` for anyone else. "
                + "Refusals: `AREA_UNKNOWN`, `PERIOD_INVALID`, `PERIOD_IN_FUTURE`. The same figures per community as CSV: `/kpis.csv`. "
                + "With a database per district, the city's figures are the sum of every district's; `DISTRICT_UNAVAILABLE`, naming the district, when one does not answer.")
            .Argument<NonNullGraphType<AreaInputType>>("area", "The area: a community, a street, a district or the city.")
            .Argument<StringGraphType>("month", "yyyy-MM, not after this month; absent: this month.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                return await SchemaErrors.UnlessRefusedAsync(async () =>
                {
                    var month = KpiReads.MonthOf(context.GetArgument<string?>("month"), context.Service<TimeProvider>().GetUtcNow());
                    var input = context.GetArgument<AreaInput>("area");
                    var districts = context.Service<CityKpiReads>();
                    if (districts.IsOn && CityKpiReads.NamesTheCity(input))
                    {
                        // Districts mode: the sum of every district's city roll-up (ADR 0047).
                        KpiReads.ReadableCity(actor, RefusalCodes.NotFound);
                        return await districts.OfCityAsync(month, context.CancellationToken);
                    }

                    await using var named = await context.Service<AreaDistrict>().SessionOfAsync(input, context.CancellationToken);
                    var session = named ?? context.Service<IQuerySession>();
                    var area = await KpiReads.ReadableAreaAsync(session, actor, input, RefusalCodes.NotFound, context.CancellationToken);
                    return await KpiReads.OfAreaAsync(session, context.Service<PolicyBook>(), area, month, context.CancellationToken);
                });
            });

        Field<NonNullGraphType<AreaKpisConnectionType>>("communityKpis")
            .Description("Every community of an area with its KPIs as of a month (default: this month), in a stable order, for the city office: "
                + "whoever may read the area's KPIs (`FORBIDDEN` otherwise). "
                + $"`first` is 0 to {Paging.MaxPageSize} (`INVALID_INPUT`). Refusals: `AREA_UNKNOWN`, `PERIOD_INVALID`, `PERIOD_IN_FUTURE`; "
                + "for the city with a database per district, `DISTRICT_UNAVAILABLE` when a district does not answer.")
            .Argument<NonNullGraphType<AreaInputType>>("area", "The area whose communities are listed.")
            .Argument<StringGraphType>("month", "yyyy-MM, not after this month; absent: this month.")
            .ForwardPaging()
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var first = Paging.First(context);
                var after = Paging.After(context, CommunityKpisCursor);
                return await SchemaErrors.UnlessRefusedAsync(async () =>
                {
                    var month = KpiReads.MonthOf(context.GetArgument<string?>("month"), context.Service<TimeProvider>().GetUtcNow());
                    var input = context.GetArgument<AreaInput>("area");
                    var districts = context.Service<CityKpiReads>();
                    IReadOnlyList<AreaKpisView> communities;
                    if (districts.IsOn && CityKpiReads.NamesTheCity(input))
                    {
                        // Districts mode: every district's communities, merged in key order (ADR 0047).
                        KpiReads.ReadableCity(actor, RefusalCodes.Forbidden);
                        communities = await districts.CommunitiesOfCityAsync(context.Service<PolicyBook>(), month, after, first + 1, context.CancellationToken);
                    }
                    else
                    {
                        await using var named = await context.Service<AreaDistrict>().SessionOfAsync(input, context.CancellationToken);
                        var session = named ?? context.Service<IQuerySession>();
                        var area = await KpiReads.ReadableAreaAsync(session, actor, input, RefusalCodes.Forbidden, context.CancellationToken);
                        communities = await KpiReads.CommunitiesAsync(session, context.Service<PolicyBook>(), area, month, after, first + 1, context.CancellationToken);
                    }

                    return Paging.PageOf(communities, first, c => Paging.Cursor(CommunityKpisCursor, c.Area.Key), hasPrevious: after is not null);
                });
            });
    }
}
