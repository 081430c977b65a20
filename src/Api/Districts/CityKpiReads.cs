using Marten;
using TimeBank.Api.Hosting;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Standings;
using TimeBank.Ledger;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Districts;

/// <summary>
/// KPIs across districts (districts mode, docs/adr/0047-a-database-per-district.md): each district's projection keeps its
/// own roll-ups in its own database, so the city's figures are one read of each district's city roll-up
/// (<see cref="AreaKpis"/> of <see cref="Area.City"/>, already summed there), added up by <see cref="KpiFigures.Add"/>.
/// A district's, a street's or a community's figures are read in its district's database (<see cref="AreaDistrict"/>). A district that does not answer makes the
/// whole answer <see cref="RefusalCodes.DistrictUnavailable"/>, naming it: never a silently short sum.
/// In single-database mode nothing here is used (<see cref="IsOn"/> false).
/// </summary>
public sealed class CityKpiReads(DistrictSettings districts, EveryDistrict everyDistrict)
{
    public bool IsOn => districts.IsOn;

    /// <summary>Whether the input names the whole city (no community, district or street).</summary>
    public static bool NamesTheCity(AreaInput input) =>
        input.CommunityId is null && string.IsNullOrWhiteSpace(input.District) && string.IsNullOrWhiteSpace(input.Street);

    /// <summary>The city's KPIs as of <paramref name="month"/>: the sum of every configured district's city roll-up.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>, naming the districts that did not answer.</exception>
    public async Task<AreaKpisView> OfCityAsync(CalendarMonth month, CancellationToken cancellation)
    {
        var rollups = await everyDistrict.ReadAsync(async session =>
            (await session.LoadAsync<AreaKpis>(Area.City.Key, cancellation))?.At(month) ?? KpiFigures.Empty(month));
        return new AreaKpisView(Area.City, null, rollups.Aggregate(KpiFigures.Empty(month), KpiFigures.Add), LedgerPolicy.Default);
    }

    /// <summary>The city's communities in key order, a page at a time: each district's page after <paramref name="after"/>, merged.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>, naming the districts that did not answer.</exception>
    public async Task<IReadOnlyList<AreaKpisView>> CommunitiesOfCityAsync(PolicyBook policies, CalendarMonth month, string? after, int take, CancellationToken cancellation)
    {
        var pages = await everyDistrict.ReadAsync(session => KpiReads.CommunitiesAsync(session, policies, Area.City, month, after, take, cancellation));
        return [.. pages.SelectMany(page => page).OrderBy(view => view.Area.Key, StringComparer.Ordinal).Take(take)];
    }
}
