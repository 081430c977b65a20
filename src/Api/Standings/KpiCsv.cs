using System.Globalization;
using Marten;
using TimeBank.Api.Districts;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Standings;

/// <summary>
/// <c>GET /kpis.csv?communityId=|district=&amp;street=&amp;month=yyyy-MM</c>: every community of an area with its KPIs as of
/// a month (default: this month), as CSV (UTF-8 with a byte-order mark), in the order of <c>communityKpis</c>. For whoever
/// may read the area's KPIs, with their bearer token. No personal data: the rows are counts.
/// </summary>
public static class KpiCsv
{
    private const int Page = 500;

    public static IEndpointRouteBuilder MapKpiCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kpis.csv", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        HttpContext http, string? communityId, string? district, string? street, string? month, CityKpiReads districts, AreaDistrict areas, PolicyBook policies, TimeProvider clock)
    {
        if (!CsvExport.TryCaller(http, "KPIs", out var actor, out var problem))
        {
            return problem;
        }

        try
        {
            var asOf = KpiReads.MonthOf(month, clock.GetUtcNow());
            var input = AreaInput.FromQuery(communityId, district, street);
            Func<string?, Task<IReadOnlyList<AreaKpisView>>> page;

            // The request's district's session is resolved only when needed: a city admin's city-wide export in districts
            // mode reads every district (ADR 0047) and needs no home district.
            await using var named = await areas.SessionOfAsync(input, http.RequestAborted);
            if (districts.IsOn && CityKpiReads.NamesTheCity(input))
            {
                KpiReads.ReadableCity(actor, RefusalCodes.Forbidden);
                page = after => districts.CommunitiesOfCityAsync(policies, asOf, after, Page, http.RequestAborted);
            }
            else
            {
                var session = named ?? http.RequestServices.GetRequiredService<IQuerySession>();
                var area = await KpiReads.ReadableAreaAsync(session, actor, input, RefusalCodes.Forbidden, http.RequestAborted);
                page = after => KpiReads.CommunitiesAsync(session, policies, area, asOf, after, Page, http.RequestAborted);
            }

            var csv = await CsvExport.WriteAsync(csv => CsvExport.WritePagesAsync(csv, Row.Header, Page,
                async after => await page(after),
                view => view.Area.Key, Row.Of), byteOrderMark: true);
            return CsvExport.File(http, csv, "kpis.csv");
        }
        catch (LedgerRefusal refusal)
        {
            return HttpProblems.Of(refusal.Code, refusal.Message);
        }
    }

    /// <summary>One community's KPIs, as CSV fields.</summary>
    public static class Row
    {
        public static readonly string[] Header =
        [
            "month", "community_id", "community", "district", "street", "registered", "active", "active_ratio_percent", "active_target_met",
            "social_organizations", "social_organization_target", "social_organization_target_met", "stations", "stations_meeting_six_haves",
            "hours", "points", "verified_records", "projects_served", "star_1", "star_2", "star_3", "star_4", "star_5",
        ];

        public static string[] Of(AreaKpisView view)
        {
            ArgumentNullException.ThrowIfNull(view);
            var f = view.Figures;
            return
            [
                f.Month.Key, view.Area.CommunityId?.ToString() ?? "", view.Name ?? "", view.Area.District ?? "", view.Area.Street ?? "",
                N(f.Registered), N(f.Active), view.ActiveRatioPercent?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", Yes(view.ActiveRatioTargetMet),
                N(f.SocialOrganizations), N(view.SocialOrganizationTarget), Yes(view.SocialOrganizationTargetMet), N(f.Stations), N(f.StationsMeetingSixHaves),
                (f.Minutes / 60m).ToString("0.##", CultureInfo.InvariantCulture), N(f.Points), N(f.VerifiedRecords), N(f.ProjectsServed),
                .. f.Stars.Select(N),
            ];
        }

        private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Yes(bool value) => value ? "yes" : "no";
    }
}
