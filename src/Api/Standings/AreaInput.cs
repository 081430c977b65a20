using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Standings;

namespace TimeBank.Api.Standings;

/// <summary>
/// Where a board or a KPI is asked for: a community by id, a district, a street of a district, or nothing (the city).
/// The same three fields arrive as GraphQL input and as the query string of the CSV exports.
/// </summary>
public sealed class AreaInput
{
    public Guid? CommunityId { get; init; }
    public string? District { get; init; }
    public string? Street { get; init; }

    /// <summary>The area of a CSV export's query string; a community id that is not a UUID is refused (<see cref="RefusalCodes.InvalidInput"/>).</summary>
    public static AreaInput FromQuery(string? communityId, string? district, string? street) =>
        new()
        {
            CommunityId = communityId is null ? null
                : Guid.TryParse(communityId, out var id) ? id
                : throw new LedgerRefusal(RefusalCodes.InvalidInput, "communityId is a UUID."),
            District = district,
            Street = street,
        };
}

public sealed class AreaInputType : InputObjectGraphType<AreaInput>
{
    public AreaInputType()
    {
        Name = "AreaInput";
        Description = "An area of the city: `communityId` alone (a community), `district` (a district), `district` and `street` (a street), "
            + "or nothing at all (the whole city). A community, street or district the city does not have is `AREA_UNKNOWN`.";
        Field<UuidIdGraphType>("communityId").Description("A community's UUID or global id; give it alone.");
        Field<StringGraphType>("district").Description("A district's name (区市), exactly as its communities were registered with it.");
        Field<StringGraphType>("street").Description("A street's name (街道) within `district`, which it needs: street names repeat across districts.");
    }
}

public sealed class AreaLevelType : EnumerationGraphType<AreaLevel>
{
    public AreaLevelType()
    {
        Name = "AreaLevel";
        Description = "The levels boards and KPIs are counted at, smallest first.";
        SetDescription(AreaLevel.Community, "A community (社区).");
        SetDescription(AreaLevel.Street, "A street (街道): the communities of one street of a district.");
        SetDescription(AreaLevel.District, "A district (区市).");
        SetDescription(AreaLevel.City, "The whole city.");
    }

    private void SetDescription(AreaLevel level, string description) =>
        Values.Single(v => Equals(v.Value, level)).Description = description;
}

/// <summary>
/// Finds the area an <see cref="AreaInput"/> names among the communities the city has. A community's street and
/// district are fixed when it is registered and communities are never removed, so what was found once stays true: the
/// areas found are kept per document store (a dictionary per store, only areas that exist, so at most the city's
/// communities, streets and districts), and a board or a KPI read of a known area costs no query to find it.
/// </summary>
public static class AreaLookup
{
    private static readonly ConditionalWeakTable<IDocumentStore, Known> Stores = [];

    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.AreaUnknown"/>, or <see cref="RefusalCodes.InvalidInput"/> for a street without its district or a community given with a district.</exception>
    public static async Task<Area> FindAsync(IQuerySession session, AreaInput input, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(input);
        var district = Blank(input.District);
        var street = Blank(input.Street);
        if (input.CommunityId is { } communityId)
        {
            if (district is not null || street is not null)
            {
                throw new LedgerRefusal(RefusalCodes.InvalidInput, "Give a community by its id alone, without a district or street.");
            }

            return await OfCommunityAsync(session, communityId, cancellation)
                ?? throw new LedgerRefusal(RefusalCodes.AreaUnknown, $"The city has no community {communityId}.");
        }

        if (district is null)
        {
            return street is null
                ? Area.City
                : throw new LedgerRefusal(RefusalCodes.InvalidInput, $"A street is named within its district: give the district of '{Shown(street)}' too.");
        }

        var area = street is null ? Area.OfDistrict(district) : Area.OfStreet(district, street);
        var known = Stores.GetOrCreateValue(session.DocumentStore);
        if (known.Areas.ContainsKey(area.Key))
        {
            return area;
        }

        var exists = street is null
            ? await session.Query<Community>().AnyAsync(c => c.District == district, cancellation)
            : await session.Query<Community>().AnyAsync(c => c.District == district && c.Street == street, cancellation);
        if (!exists)
        {
            throw new LedgerRefusal(RefusalCodes.AreaUnknown, street is null
                ? $"The city has no district '{Shown(district)}'."
                : $"The district '{Shown(district)}' has no street '{Shown(street)}'.");
        }

        known.Areas.TryAdd(area.Key, area);
        return area;
    }

    /// <summary>The area of a community (its street and district), or null when the city has no such community.</summary>
    public static async Task<Area?> OfCommunityAsync(IQuerySession session, Guid communityId, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var known = Stores.GetOrCreateValue(session.DocumentStore);
        if (known.Communities.TryGetValue(communityId, out var cached))
        {
            return cached;
        }

        var community = await session.LoadAsync<Community>(communityId, cancellation);
        if (community is null)
        {
            return null;
        }

        var area = Area.OfCommunity(community.Id, community.District, community.Street);
        known.Communities.TryAdd(communityId, area);
        return area;
    }

    private sealed class Known
    {
        public ConcurrentDictionary<Guid, Area> Communities { get; } = new();

        public ConcurrentDictionary<string, Area> Areas { get; } = new(StringComparer.Ordinal);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
