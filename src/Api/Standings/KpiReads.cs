using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Standings;

/// <summary>An area's KPIs as of a month, with the targets they are held against (the area's district policy; the default for the city).</summary>
public sealed record AreaKpisView(Area Area, string? Name, KpiFigures Figures, LedgerPolicy Policy)
{
    public decimal? ActiveRatioPercent => KpiTargets.ActiveRatioPercent(Figures.Active, Figures.Registered);

    public bool ActiveRatioTargetMet => KpiTargets.ActiveRatioMet(Figures.Active, Figures.Registered, Policy);

    public long SocialOrganizationTarget => KpiTargets.SocialOrganizationTarget(Figures.Communities, Policy);

    public bool SocialOrganizationTargetMet => KpiTargets.SocialOrganizationsMet(Figures.SocialOrganizations, Figures.Communities, Policy);
}

/// <summary>
/// Reads the KPI read model (<see cref="AreaKpis"/>, kept by <see cref="KpiFold"/>): an area's figures are one document
/// read; the communities of an area are read in key order, a page at a time. GraphQL and the CSV export share it.
/// </summary>
public static class KpiReads
{
    /// <summary>The month asked for ("yyyy-MM", not after this month in China time), or this month when none is given.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.PeriodInvalid"/> or <see cref="RefusalCodes.PeriodInFuture"/>.</exception>
    public static CalendarMonth MonthOf(string? month, DateTimeOffset now) =>
        month is null ? CalendarMonth.Of(now) : CalendarMonth.Parse(month, now);

    /// <summary>The area the input names, if the caller may read its KPIs.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.AreaUnknown"/> (or the input's own refusals); <paramref name="refusal"/> when the
    /// caller may not read it, and for a community that does not exist unless the caller is a city admin (so that the two answers are one).</exception>
    public static async Task<Area> ReadableAreaAsync(IQuerySession session, Actor actor, AreaInput input, string refusal, CancellationToken cancellation)
    {
        if (!ReadAccess.ReadsKpis(actor))
        {
            throw Refused(refusal);
        }

        Area area;
        try
        {
            area = await AreaLookup.FindAsync(session, input, cancellation);
        }
        catch (LedgerRefusal unknown) when (unknown.Code == RefusalCodes.AreaUnknown && input.CommunityId is not null && actor.Role != ActorRole.CityAdmin)
        {
            // A community id someone may not read is answered as one that does not exist, and the other way round.
            throw Refused(refusal);
        }

        return ReadAccess.CanReadKpis(actor, area) ? area : throw Refused(refusal);
    }

    /// <summary>The city, if the caller may read its KPIs (districts mode: no district's database is needed to tell).</summary>
    /// <exception cref="LedgerRefusal"><paramref name="refusal"/> when the caller may not.</exception>
    public static Area ReadableCity(Actor actor, string refusal) =>
        ReadAccess.ReadsKpis(actor) && ReadAccess.CanReadKpis(actor, Area.City) ? Area.City : throw Refused(refusal);

    private static LedgerRefusal Refused(string code) => new(code, code == RefusalCodes.NotFound
        ? "No KPIs of that area were found for you: staff read their own communities', district admins their district's, city admins every area's."
        : "Only staff of the community, admins of its district and city admins read its KPIs.");

    public static async Task<AreaKpisView> OfAreaAsync(IQuerySession session, PolicyBook policies, Area area, CalendarMonth month, CancellationToken cancellation)
    {
        var document = await session.LoadAsync<AreaKpis>(area.Key, cancellation);
        return View(document, area, month, policies);
    }

    /// <summary>Up to <paramref name="take"/> communities of <paramref name="area"/> after the key <paramref name="after"/>, in key order.</summary>
    public static async Task<IReadOnlyList<AreaKpisView>> CommunitiesAsync(
        IQuerySession session, PolicyBook policies, Area area, CalendarMonth month, string? after, int take, CancellationToken cancellation)
    {
        if (area.Level == AreaLevel.Community)
        {
            return after is null ? [await OfAreaAsync(session, policies, area, month, cancellation)] : [];
        }

        var query = session.Query<AreaKpis>().Where(a => a.Level == AreaLevel.Community);
        if (area.District is { } district)
        {
            query = query.Where(a => a.District == district);
        }

        if (area.Street is { } street)
        {
            query = query.Where(a => a.Street == street);
        }

        if (after is not null)
        {
            query = query.Where(a => a.MatchesSql("d.id > ?", after));
        }

        var documents = await query.OrderBy(a => a.Id).Take(take).ToListAsync(cancellation);
        return [.. documents.Select(d => View(d, Area.OfCommunity(d.CommunityId!.Value, d.District!, d.Street!), month, policies))];
    }

    private static AreaKpisView View(AreaKpis? document, Area area, CalendarMonth month, PolicyBook policies) =>
        new(area, document?.Name, document?.At(month) ?? KpiFigures.Empty(month), area.District is { } d ? policies.For(d) : LedgerPolicy.Default);
}
