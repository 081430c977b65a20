using JasperFx.Events;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Standings;
using TimeBank.Ledger.Stations;
using TimeBank.Projections.Standings;

namespace TimeBank.Projections.Tests.Standings;

/// <summary>
/// A small city for KPI tests: two communities on one street of 市南区 and one in 崂山区, and the events they tell,
/// folded in memory the way the daemon folds them (documents read first through <see cref="CityFold.Reads"/>).
/// </summary>
public sealed class KpiCity
{
    public static readonly Guid A = Guid.Parse("0195f3a0-0000-7000-8000-00000000c0a1");
    public static readonly Guid B = Guid.Parse("0195f3a0-0000-7000-8000-00000000c0b2");
    public static readonly Guid C = Guid.Parse("0195f3a0-0000-7000-8000-00000000c0c3");
    public static readonly Guid[] Communities = [A, B, C];
    public const string South = "市南区";
    public const string Hills = "崂山区";
    public const string Lakes = "八大湖街道";
    public const string Peaks = "沙子口街道";
    public static readonly Guid Staff = Guid.Parse("0195f3a0-0000-7000-8000-0000000005af");

    public static string DistrictOf(Guid community) => community == C ? Hills : South;

    public static string StreetOf(Guid community) => community == C ? Peaks : Lakes;

    public static Area AreaOf(Guid community) => Area.OfCommunity(community, DistrictOf(community), StreetOf(community));

    public static readonly IReadOnlyList<Area> AllAreas =
    [
        AreaOf(A), AreaOf(B), AreaOf(C), Area.OfStreet(South, Lakes), Area.OfStreet(Hills, Peaks), Area.OfDistrict(South),
        Area.OfDistrict(Hills), Area.City,
    ];

    private readonly KpiFold fold;
    private long sequence;

    public KpiCity(LedgerPolicy? policy = null)
    {
        var p = policy ?? LedgerPolicy.Default;
        fold = new KpiFold(_ => p);
    }

    public FoldDocuments Documents { get; } = new(complete: false);

    public List<object> History { get; } = [];

    /// <summary>Folds one event in as the daemon would: its documents loaded first (everything is in memory here).</summary>
    public KpiCity Tell(object data, DateTimeOffset at)
    {
        History.Add(data);
        var e = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(data.GetType()), data)!;
        e.Timestamp = at;
        e.Sequence = ++sequence;
        if (!fold.EventTypes.Contains(data.GetType()))
        {
            return this;
        }

        while (fold.Reads(e, Documents).Where(key => !Documents.IsKnown(key)).ToList() is { Count: > 0 } missing)
        {
            foreach (var key in missing)
            {
                Documents.Loaded(key, null);
            }
        }

        fold.Apply(e, Documents);
        return this;
    }

    /// <summary>The area's figures as of the month; empty for an area no event of this fold touched (another district's).</summary>
    public KpiFigures At(Area area, CalendarMonth month) =>
        (Documents.IsKnown(DocumentKey.Of<AreaKpis>(area.Key)) ? Documents.Get<AreaKpis>(area.Key)?.At(month) : null) ?? KpiFigures.Empty(month);

    public static KpiCity Registered(LedgerPolicy? policy, DateTimeOffset at)
    {
        var city = new KpiCity(policy);
        foreach (var community in Communities)
        {
            city.Tell(new CommunityRegistered(community, $"社区 {community:N}"[..8], StreetOf(community), DistrictOf(community), Staff, at), at);
        }

        return city;
    }

    // Events, as the ledger writes them.

    public static VolunteerRegistered Volunteer(Guid volunteer, Guid home, DateTimeOffset at) => new(volunteer, home, "V-" + volunteer.ToString("N")[..6], Staff, at);

    public static ServiceRecordSubmitted Submitted(Guid record, Guid volunteer, Guid community, Guid project, long minutes, DateTimeOffset at) =>
        new(record, volunteer, project, community, "探访", "elderly", 100, true, "活动室", at.AddHours(-2), at.AddHours(-1), minutes, "陪伴",
            null, null, "王老师", Staff, at);

    public static ServiceCredited Credited(Guid record, Guid volunteer, Guid community, long minutes, long points, DateTimeOffset at) =>
        new(volunteer, record, community, minutes, minutes, 0, 0, points, 0, at.AddYears(2), [], at);

    public static ServiceCreditRevoked Revoked(Guid record, Guid volunteer, Guid community, long minutes, long points, DateTimeOffset at) =>
        new(volunteer, record, community, minutes, minutes, 0, 0, points, 0, 0, [], "重复记录", Staff, [], at);

    public static SocialOrganizationRegistered Organization(Guid organization, Guid community, DateTimeOffset at) =>
        new(organization, community, "组织 " + organization.ToString("N")[..4], OrganizationKind.CultureAndSports, OrganizationStanding.Filed, "会长", Staff, at);

    public static ServiceStationRegistered Station(Guid station, Guid community, DateTimeOffset at) => new(station, community, "志愿服务站", Staff, at);

    public static StationHaveAttested Attested(Guid station, Guid community, StationHave have, DateTimeOffset at) =>
        new(station, community, have, DateOnly.FromDateTime(at.UtcDateTime), Staff, at);

    public static StationHaveWithdrawn Withdrawn(Guid station, Guid community, StationHave have, DateTimeOffset at) =>
        new(station, community, have, "场地收回", Staff, at);
}
