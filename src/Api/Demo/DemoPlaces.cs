using TimeBank.Demo;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Demo;

/// <summary>
/// Where each part of the demo city is written (docs/adr/0047-a-database-per-district.md): in one database, everywhere
/// the same; with a database per district, in the district of its community — a service record where it was served, an
/// account and what hangs on it (personal data, skills, commendations) in the volunteer's home district, as the service
/// itself would have written them.
/// </summary>
public sealed class DemoPlaces
{
    private readonly IReadOnlyDictionary<Guid, string>? _districtOfCommunity;
    private readonly IReadOnlyDictionary<Guid, Guid> _homeOf;

    public DemoPlaces(DemoCityHistory history, bool inDistricts)
    {
        ArgumentNullException.ThrowIfNull(history);
        _districtOfCommunity = inDistricts ? history.Cast.Communities.ToDictionary(c => c.Id, c => c.District) : null;
        _homeOf = history.Cast.Volunteers.ToDictionary(v => v.Id, v => v.HomeCommunityId);
    }

    /// <summary>A database per district: each community's district (the id it is configured under) is where its streams go.</summary>
    public bool InDistricts => _districtOfCommunity is not null;

    /// <summary>The district of the community; null in one database.</summary>
    public string? DistrictOf(Guid communityId) => _districtOfCommunity?[communityId];

    /// <summary>The volunteer's home community.</summary>
    public Guid HomeOf(Guid volunteerId) => _homeOf[volunteerId];

    /// <summary>Whether the two communities' data lives in the same database.</summary>
    public bool Together(Guid community, Guid other) => DistrictOf(community) == DistrictOf(other);

    /// <summary>The community a service record was served in (its submission names it).</summary>
    public static Guid CommunityOf(DemoStream<ServiceRecordEvent> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Events.OfType<ServiceRecordSubmitted>().First().CommunityId;
    }

    /// <summary>The commands sent on <paramref name="bus"/> from here on run in the community's district (a handler's own, as <c>CommandSender</c> reads it).</summary>
    public void Enter(Wolverine.IMessageBus bus, Guid communityId)
    {
        ArgumentNullException.ThrowIfNull(bus);
        if (DistrictOf(communityId) is { } district)
        {
            bus.TenantId = district;
        }
    }
}
