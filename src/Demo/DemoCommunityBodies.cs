using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Units;

namespace TimeBank.Demo;

/// <summary>
/// The demo city's community social organizations (社区社会组织) and volunteer service stations (志愿服务站), decided by the
/// ledger's own deciders, so that the KPIs show communities above and below the target of 12 active organizations and
/// stations with some haves missing. Registered half a year ago; stations attested two months ago. Stations draw their
/// ids from a sequence of their own (<see cref="Seed"/>), so that adding them changed nobody's history.
/// </summary>
public static class DemoCommunityBodies
{
    public const int Seed = 2030;

    /// <summary>How many organizations each community registers, by community number: 1, 3 and 5 reach the target, 2, 4 and 6 do not.</summary>
    public static readonly IReadOnlyDictionary<int, int> OrganizationsRegistered = new Dictionary<int, int> { [1] = 14, [2] = 5, [3] = 13, [4] = 8, [5] = 12, [6] = 3 };

    /// <summary>The haves staff attested of each community's station, by community number (community 3's facilities withdrawn since).</summary>
    public static readonly IReadOnlyDictionary<int, StationHave[]> Attested = new Dictionary<int, StationHave[]>
    {
        [1] = [StationHave.Place, StationHave.Facilities, StationHave.Rules],
        [2] = [StationHave.Place, StationHave.Rules],
        [3] = [StationHave.Place, StationHave.Facilities, StationHave.Rules],
        [4] = [],
        [5] = [StationHave.Place, StationHave.Facilities, StationHave.Rules],
        [6] = [StationHave.Place],
    };

    private static readonly (string Name, OrganizationKind Kind, string ContactRole)[] Organizations =
    [
        ("银龄互助队", OrganizationKind.LivingServices, "队长"),
        ("邻里调解室", OrganizationKind.Mediation, "调解员"),
        ("夕阳红合唱团", OrganizationKind.CultureAndSports, "团长"),
        ("爱心助学会", OrganizationKind.CharityAndPublicWelfare, "会长"),
        ("广场舞队", OrganizationKind.CultureAndSports, "领队"),
        ("楼道美化小组", OrganizationKind.LivingServices, "组长"),
        ("书画协会", OrganizationKind.CultureAndSports, "会长"),
        ("平安巡逻队", OrganizationKind.LivingServices, "队长"),
        ("环保志愿社", OrganizationKind.CharityAndPublicWelfare, "社长"),
        ("便民维修队", OrganizationKind.LivingServices, "队长"),
        ("太极拳协会", OrganizationKind.CultureAndSports, "会长"),
        ("法律咨询站", OrganizationKind.Mediation, "站长"),
        ("亲子读书会", OrganizationKind.Other, "召集人"),
        ("慈善义卖会", OrganizationKind.CharityAndPublicWelfare, "秘书长"),
    ];

    /// <summary>The organizations' streams and the stations' streams of <paramref name="cast"/>'s communities, as of <paramref name="now"/>.</summary>
    public static (List<DemoStream<SocialOrganizationEvent>> Organizations, List<DemoStream<ServiceStationEvent>> Stations) Generate(
        DemoCast cast, IReadOnlyDictionary<Guid, Community> communities, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cast);
        var rng = new Random(Seed);
        var registeredAt = now.AddMonths(-6);
        var organizations = new List<DemoStream<SocialOrganizationEvent>>();
        var stations = new List<DemoStream<ServiceStationEvent>>();
        foreach (var c in cast.Communities)
        {
            var staff = Actor.Staff(c.Staff[0], c.Id);
            var community = communities[c.Id];
            for (var i = 0; i < OrganizationsRegistered[c.Number]; i++)
            {
                var (name, kind, role) = Organizations[i];
                var at = registeredAt.AddDays(i).AddHours(c.Number);
                var registered = SocialOrganizationDecider.Register(
                    new RegisterSocialOrganization(c.Id, c.Name.Replace("社区", "", StringComparison.Ordinal) + name, kind,
                        i % 3 == 0 ? OrganizationStanding.Registered : OrganizationStanding.Filed, role, staff),
                    null, community, at);
                var events = new List<SocialOrganizationEvent> { registered };
                var state = SocialOrganization.FromRegistration(registered);
                // The first community's last two: one suspended, one dissolved (12 stay active, the target exactly).
                if (c.Number == 1 && i == OrganizationsRegistered[1] - 2)
                {
                    events.AddRange(SocialOrganizationDecider.Decide(new SuspendSocialOrganization(state.Id, "负责人变更，换届未完成", staff), state, now.AddDays(-40)));
                }
                else if (c.Number == 1 && i == OrganizationsRegistered[1] - 1)
                {
                    events.AddRange(SocialOrganizationDecider.Decide(new DissolveSocialOrganization(state.Id, "成员流失，停止活动", staff), state, now.AddDays(-20)));
                }

                organizations.Add(new DemoStream<SocialOrganizationEvent>(state.Id, events));
            }

            stations.Add(Station(rng, c, community, staff, registeredAt, now));
        }

        return (organizations, stations);
    }

    private static DemoStream<ServiceStationEvent> Station(Random rng, DemoCommunity c, Community community, Actor staff, DateTimeOffset registeredAt, DateTimeOffset now)
    {
        var registered = ServiceStationDecider.Register(
            new RegisterServiceStation(DemoCity.NextGuid(rng), c.Id, c.Name.Replace("社区", "", StringComparison.Ordinal) + "志愿服务站", staff),
            null, community, registeredAt.AddHours(c.Number));
        var station = ServiceStation.FromRegistration(registered);
        var events = new List<ServiceStationEvent> { registered };
        var attestedAt = now.AddMonths(-2).AddHours(c.Number);
        foreach (var (have, i) in Attested[c.Number].Select((h, i) => (h, i)))
        {
            Apply(new AttestStationHave(station.Id, have, ChinaTime.DayOf(attestedAt), staff), attestedAt.AddMinutes(i));
        }

        if (c.Number == 3)
        {
            Apply(new WithdrawStationHave(station.Id, StationHave.Facilities, "活动室设施老化，暂停使用", staff), now.AddDays(-10));
        }

        return new DemoStream<ServiceStationEvent>(station.Id, events);

        void Apply(ServiceStationCommand command, DateTimeOffset at)
        {
            foreach (var e in ServiceStationDecider.Decide(command, station, at))
            {
                station = ServiceStation.Evolve(station, e)!;
                events.Add(e);
            }
        }
    }
}
