using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Demo;

/// <summary>A community of the demo city with its two staff.</summary>
public sealed record DemoCommunity(Guid Id, int Number, string Name, string Street, string District, IReadOnlyList<Guid> Staff);

/// <summary>A service project of the demo city and what its volunteers typically do in it.</summary>
public sealed record DemoProject(
    Guid Id, Guid CommunityId, string Name, string Category, int PointsCoefficientPercent, string Place, IReadOnlyList<string> Contents);

/// <param name="Heavy">Serves a lot: enough hours for a star.</param>
/// <param name="LongStanding">Also served 25–30 months ago, so some of their points have expired.</param>
public sealed record DemoVolunteer(Guid Id, Guid HomeCommunityId, string VolunteerNumber, string DisplayName, bool Heavy, bool LongStanding);

/// <summary>A merchant of the demo city, the status it ends in, and one of its cashiers.</summary>
public sealed record DemoMerchant(Guid Id, Guid CommunityId, string Name, MerchantStatus Status, Guid CashierId);

/// <summary>The people, places and projects of the demo city: the same whatever the clock says.</summary>
public sealed record DemoCast(
    Guid CityAdminId, IReadOnlyList<DemoCommunity> Communities, IReadOnlyList<DemoProject> Projects, IReadOnlyList<DemoVolunteer> Volunteers,
    IReadOnlyList<DemoMerchant> Merchants);

/// <summary>One stream to append: its id and every event, oldest first.</summary>
public sealed record DemoStream<TEvent>(Guid Id, IReadOnlyList<TEvent> Events);

/// <summary>Everything the demo city's history wrote, ready to append.</summary>
public sealed record DemoCityHistory(
    DemoCast Cast,
    DateTimeOffset Now,
    IReadOnlyList<DemoStream<CommunityEvent>> Communities,
    IReadOnlyList<DemoStream<ProjectEvent>> Projects,
    IReadOnlyList<DemoStream<MerchantEvent>> Merchants,
    IReadOnlyList<DemoStream<VolunteerAccountEvent>> Accounts,
    IReadOnlyList<DemoStream<ServiceRecordEvent>> Records,
    IReadOnlyList<DemoStream<CommendationEvent>> Commendations,
    IReadOnlyList<DemoStream<SocialOrganizationEvent>> Organizations,
    IReadOnlyList<DemoStream<ServiceStationEvent>> Stations)
{
    public int StreamCount =>
        Communities.Count + Projects.Count + Merchants.Count + Accounts.Count + Records.Count + Commendations.Count + Organizations.Count + Stations.Count;

    public int EventCount =>
        Communities.Sum(s => s.Events.Count) + Projects.Sum(s => s.Events.Count) + Merchants.Sum(s => s.Events.Count)
        + Accounts.Sum(s => s.Events.Count) + Records.Sum(s => s.Events.Count) + Commendations.Sum(s => s.Events.Count)
        + Organizations.Sum(s => s.Events.Count) + Stations.Sum(s => s.Events.Count);
}

/// <summary>
/// The demo city (two districts, three streets, six communities, about 200 volunteers) and a year of their service,
/// decided by the ledger's own deciders exactly as the service would have decided it, at the moments it happened.
/// Pure and deterministic: <c>new Random(2026)</c>, no I/O. Only the dates depend on <c>now</c>.
/// </summary>
public static class DemoCity
{
    public const int Seed = 2026;

    /// <summary>
    /// Merchants and redemptions draw from random sequences of their own, so that adding them changed nobody's service
    /// history (the main sequence is drawn exactly as before).
    /// </summary>
    public const int MerchantSeed = 2027;
    public const int VolunteerCount = 200;

    /// <summary>The records still awaiting verification draw from sequences of their own (<see cref="AwaitingSeed"/> + the volunteer's index).</summary>
    public const int AwaitingSeed = 2028;

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private static readonly Lazy<DemoCast> CachedCast = new(() => CastFrom(new Random(Seed)));

    /// <summary>The demo city's people and places, without their history.</summary>
    public static DemoCast Cast => CachedCast.Value;

    private static readonly (string District, string Street, string[] Communities)[] Map =
    [
        ("市南区", "八大关街道", ["太平角社区", "汇泉社区"]),
        ("市南区", "香港中路街道", ["燕儿岛社区", "东海路社区"]),
        ("市北区", "台东街道", ["台东一路社区", "威海路社区"]),
    ];

    private static readonly (string Category, string Project, string[] Contents)[] Categories =
    [
        ("助老服务", "银龄陪伴", ["陪伴独居老人聊天、读报", "协助老人代购生活用品", "为高龄老人打扫居室", "陪同老人就医取药"]),
        ("环境保护", "净滩护绿", ["海滩垃圾清捡", "垃圾分类督导", "绿地补植与养护", "楼道杂物清理"]),
        ("文明交通", "文明交通劝导", ["路口文明交通劝导", "护送学生过马路", "非机动车停放整理"]),
        ("社区治理", "楼院议事与巡查", ["楼院安全巡查", "居民议事会记录", "社区活动秩序维护", "入户政策宣传"]),
    ];

    private static readonly int[] Coefficients = [100, 120, 150];

    private static readonly string[] FamilyNames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];

    private static readonly string[] GivenNameCharacters =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "英", "华",
        "平", "刚", "桂", "兰", "玉", "霞", "建", "国", "文", "海", "红", "梅", "春", "晓", "婷", "雪", "鹏", "宇", "浩", "欣",
        "晨", "子", "涵", "佳", "怡", "志", "斌", "辉", "凤", "琳",
    ];

    private static readonly string[] RejectionReasons = ["服务时长与签到记录不符", "同一时段已在其他项目登记", "服务内容与项目不符"];

    private static readonly string[] MerchantKinds = ["爱心超市", "便民药店", "社区理发店", "早餐铺"];

    private const string SuspensionReason = "以积分兑换现金，经核实暂停合作";

    private static readonly string[] RevocationReasons = ["经核查该次服务未实际开展", "服务对象投诉经核实，撤销记录", "重复登记，已按实际情况重新记录"];

    /// <summary>The demo city's districts (区市), in the order their communities are numbered.</summary>
    public static IReadOnlyList<string> Districts => [.. Map.Select(m => m.District).Distinct()];

    /// <summary>The demo city and its history up to <paramref name="now"/>, under the given district policies (default: the product's).</summary>
    /// <param name="districtIds">
    /// With a database per district: the id each of <see cref="Districts"/> is configured under, in the same order; the
    /// communities are registered with these ids as their district. Absent: the districts' own names.
    /// </param>
    public static DemoCityHistory Generate(DateTimeOffset now, Func<string, LedgerPolicy>? policyFor = null, IReadOnlyList<string>? districtIds = null)
    {
        policyFor ??= _ => LedgerPolicy.Default;
        var rng = new Random(Seed);
        var cast = InDistricts(CastFrom(rng), districtIds);
        now = now.ToUniversalTime();
        var founded = now.AddMonths(-37);

        var communities = new Dictionary<Guid, Community>();
        var communityStreams = new List<DemoStream<CommunityEvent>>();
        var admin = Actor.CityAdmin(cast.CityAdminId);
        foreach (var c in cast.Communities)
        {
            var at = founded.AddHours(c.Number);
            var registered = CommunityDecider.Decide(new RegisterCommunity(c.Id, c.Name, c.Street, c.District, admin), null, at);
            var community = Community.FromRegistration(registered);
            var events = new List<CommunityEvent> { registered };
            foreach (var staff in c.Staff)
            {
                foreach (var assigned in CommunityDecider.Decide(new AssignStaff(c.Id, staff, admin), community, at.AddDays(1)))
                {
                    community = community.WithStaff(assigned);
                    events.Add(assigned);
                }
            }

            communities.Add(c.Id, community);
            communityStreams.Add(new DemoStream<CommunityEvent>(c.Id, events));
        }

        var projects = new Dictionary<Guid, Project>();
        var projectStreams = new List<DemoStream<ProjectEvent>>();
        foreach (var p in cast.Projects)
        {
            var community = communities[p.CommunityId];
            var publisher = Actor.Staff(cast.Communities.Single(c => c.Id == p.CommunityId).Staff[0], p.CommunityId);
            var published = CommunityDecider.Decide(
                new PublishProject(p.Id, p.CommunityId, p.Name, p.Category, p.PointsCoefficientPercent, EarnsTimeCredits: true, p.Place, publisher),
                null, community, founded.AddDays(2));
            projects.Add(p.Id, Project.FromPublication(published));
            projectStreams.Add(new DemoStream<ProjectEvent>(p.Id, [published]));
        }

        var merchantStreams = cast.Merchants.Select((m, i) => new DemoStream<MerchantEvent>(m.Id, MerchantHistory(cast, m, i, founded, now))).ToList();
        var merchantsOverTime = merchantStreams.ToDictionary(s => s.Id, s => s.Events);

        var accountStreams = new List<DemoStream<VolunteerAccountEvent>>();
        var recordStreams = new List<DemoStream<ServiceRecordEvent>>();
        foreach (var (volunteer, index) in cast.Volunteers.Select((v, i) => (v, i)))
        {
            var (account, records) = History(rng, cast, volunteer, index, communities, projects, merchantsOverTime, policyFor, now, districtIds is not null);
            accountStreams.Add(account);
            recordStreams.AddRange(records);
        }

        var (organizations, stations) = DemoCommunityBodies.Generate(cast, communities, now);
        return new DemoCityHistory(cast, now, communityStreams, projectStreams, merchantStreams, accountStreams, recordStreams,
            CommendationHistory(cast, accountStreams, now), organizations, stations);
    }

    /// <summary>Commendations draw their ids from a sequence of their own, so that adding them changed nobody's history.</summary>
    public const int CommendationSeed = 2029;

    /// <summary>
    /// A month ago each community commended two of its volunteers, those who serve a lot first (优秀志愿者), the first community's second one
    /// withdrawn a week later; and the city commended the well-known volunteer in its own name (十佳志愿者).
    /// </summary>
    private static List<DemoStream<CommendationEvent>> CommendationHistory(
        DemoCast cast, IReadOnlyList<DemoStream<VolunteerAccountEvent>> accounts, DateTimeOffset now)
    {
        var rng = new Random(CommendationSeed);
        var accountOf = accounts.ToDictionary(a => a.Id, a => VolunteerAccount.Open((VolunteerRegistered)a.Events[0]));
        var grantedAt = now.AddDays(-30);
        var awardedOn = ChinaTime.DayOf(grantedAt);
        var streams = new List<DemoStream<CommendationEvent>>();
        foreach (var community in cast.Communities)
        {
            var staff = Actor.Staff(community.Staff[0], community.Id);
            foreach (var (volunteer, i) in cast.Volunteers.Where(v => v.HomeCommunityId == community.Id).OrderByDescending(v => v.Heavy).Take(2).Select((v, i) => (v, i)))
            {
                var granted = CommendationDecider.Grant(
                    new GrantCommendation(NextGuid(rng), volunteer.Id, community.Id, "优秀志愿者", "全年坚持参加社区志愿服务，服务时长位居社区前列", awardedOn,
                        $"{community.Street}{community.Name}", staff),
                    null, accountOf[volunteer.Id], grantedAt.AddMinutes(i));
                var events = new List<CommendationEvent> { granted };
                if (community.Number == 1 && i == 1)
                {
                    events.AddRange(CommendationDecider.Decide(
                        new WithdrawCommendation(granted.CommendationId, "经核实部分服务时长登记有误，撤回嘉许", staff), Commendation.FromGrant(granted), grantedAt.AddDays(7)));
                }

                streams.Add(new DemoStream<CommendationEvent>(granted.CommendationId, events));
            }
        }

        var well = cast.Volunteers[0];
        var byTheCity = CommendationDecider.Grant(
            new GrantCommendation(NextGuid(rng), well.Id, null, "十佳志愿者", "多年带领邻里开展助老服务，事迹突出", awardedOn, "青岛市精神文明建设委员会办公室",
                Actor.CityAdmin(cast.CityAdminId)),
            null, accountOf[well.Id], grantedAt.AddHours(2));
        streams.Add(new DemoStream<CommendationEvent>(byTheCity.CommendationId, [byTheCity]));
        return streams;
    }

    /// <summary>When an event of the demo history happened: the moment its decider was given.</summary>
    public static DateTimeOffset OccurredAt(object @event) => @event switch
    {
        CommunityRegistered e => e.RegisteredAt,
        StaffAssigned e => e.AssignedAt,
        ProjectPublished e => e.PublishedAt,
        VolunteerRegistered e => e.RegisteredAt,
        ServiceCredited e => e.CreditedAt,
        ServiceCreditRevoked e => e.RevokedAt,
        PointsExpired e => e.ExpiredAt,
        StarAwarded e => e.AwardedAt,
        StarWithdrawn e => e.WithdrawnAt,
        ServiceRecordSubmitted e => e.SubmittedAt,
        ServiceRecordVerified e => e.VerifiedAt,
        ServiceRecordRejected e => e.RejectedAt,
        ServiceRecordCredited e => e.CreditedAt,
        ServiceRecordRevoked e => e.RevokedAt,
        ServiceCreditedAtHome e => e.CreditedAt,
        ServiceCreditRevokedAtHome e => e.RevokedAt,
        ServiceRecordContested e => e.ContestedAt,
        ServiceRecordAmended e => e.AmendedAt,
        MerchantRegistered e => e.RegisteredAt,
        MerchantApproved e => e.ApprovedAt,
        MerchantSuspended e => e.SuspendedAt,
        MerchantReinstated e => e.ReinstatedAt,
        RedemptionCodeIssued e => e.IssuedAt,
        PointsHeld e => e.HeldAt,
        HoldCompleted e => e.CompletedAt,
        HoldVoided e => e.VoidedAt,
        HoldExpired e => e.ExpiredAt,
        PointsRefunded e => e.RefundedAt,
        CommendationGranted e => e.GrantedAt,
        CommendationWithdrawn e => e.WithdrawnAt,
        SocialOrganizationRegistered e => e.RegisteredAt,
        SocialOrganizationSuspended e => e.SuspendedAt,
        SocialOrganizationReinstated e => e.ReinstatedAt,
        SocialOrganizationDissolved e => e.DissolvedAt,
        ServiceStationRegistered e => e.RegisteredAt,
        StationHaveAttested e => e.AttestedAt,
        StationHaveWithdrawn e => e.WithdrawnAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an event of the demo history."),
    };

    /// <summary>The same cast with each district renamed to its configured id (nothing drawn: every id and history stays the same).</summary>
    private static DemoCast InDistricts(DemoCast cast, IReadOnlyList<string>? districtIds)
    {
        if (districtIds is null)
        {
            return cast;
        }

        var names = Districts;
        if (districtIds.Count != names.Count)
        {
            throw new ArgumentException($"The demo city has {names.Count} districts; got {districtIds.Count} ids.", nameof(districtIds));
        }

        return cast with
        {
            Communities = [.. cast.Communities.Select(c => c with { District = districtIds[names.ToList().IndexOf(c.District)] })],
        };
    }

    private static DemoCast CastFrom(Random rng)
    {
        var cityAdmin = NextGuid(rng);
        var communities = new List<DemoCommunity>();
        foreach (var (district, street, names) in Map)
        {
            foreach (var name in names)
            {
                communities.Add(new DemoCommunity(NextGuid(rng), communities.Count + 1, name, street, district, [NextGuid(rng), NextGuid(rng)]));
            }
        }

        var projects = new List<DemoProject>();
        foreach (var community in communities)
        {
            var coefficients = Coefficients.OrderBy(_ => rng.Next()).ToArray();
            for (var i = 0; i < 3; i++)
            {
                var (category, project, contents) = Categories[(community.Number - 1 + i) % Categories.Length];
                projects.Add(new DemoProject(
                    NextGuid(rng), community.Id, $"{community.Name}{project}", category, coefficients[i], $"{community.Name}新时代文明实践站", contents));
            }
        }

        var volunteers = new List<DemoVolunteer>();
        var numbers = new int[communities.Count];
        for (var i = 0; i < VolunteerCount; i++)
        {
            var home = i < communities.Count ? i : rng.Next(communities.Count);
            var given = rng.Next(3) == 0 ? 1 : 2;
            var name = FamilyNames[rng.Next(FamilyNames.Length)]
                + string.Concat(Enumerable.Range(0, given).Select(_ => GivenNameCharacters[rng.Next(GivenNameCharacters.Length)]));
            var number = $"ZY{home + 1:00}{++numbers[home]:0000}";
            volunteers.Add(new DemoVolunteer(
                NextGuid(rng), communities[home].Id, number, name, Heavy: i % 13 == 0, LongStanding: i % 10 == 3));
        }

        return new DemoCast(cityAdmin, communities, projects, volunteers, MerchantsOf(communities));
    }

    /// <summary>
    /// Four merchants per district, spread over its communities: two approved, one still pending, one suspended. The
    /// first (an approved love supermarket of the first community) is the demo merchant.
    /// </summary>
    private static List<DemoMerchant> MerchantsOf(List<DemoCommunity> communities)
    {
        var rng = new Random(MerchantSeed);
        var merchants = new List<DemoMerchant>();
        MerchantStatus[] statuses = [MerchantStatus.Approved, MerchantStatus.Approved, MerchantStatus.Pending, MerchantStatus.Suspended];
        foreach (var district in communities.GroupBy(c => c.District))
        {
            var inDistrict = district.ToList();
            for (var i = 0; i < statuses.Length; i++)
            {
                var community = inDistrict[i % inDistrict.Count];
                merchants.Add(new DemoMerchant(NextGuid(rng), community.Id, community.Name + MerchantKinds[i], statuses[i], NextGuid(rng)));
            }
        }

        return merchants;
    }

    /// <summary>Registered a month after the city was founded, approved the next day; the suspended one was suspended 20 days ago.</summary>
    private static List<MerchantEvent> MerchantHistory(DemoCast cast, DemoMerchant m, int index, DateTimeOffset founded, DateTimeOffset now)
    {
        var community = cast.Communities.Single(c => c.Id == m.CommunityId);
        var staff = Actor.Staff(community.Staff[0], community.Id);
        var registeredAt = founded.AddDays(30).AddHours(index);
        var events = new List<MerchantEvent>();
        Merchant? state = null;
        Decide(new RegisterMerchant(m.Id, m.CommunityId, m.Name, staff), registeredAt);
        if (m.Status != MerchantStatus.Pending)
        {
            Decide(new ApproveMerchant(m.Id, staff), registeredAt.AddDays(1));
        }

        if (m.Status == MerchantStatus.Suspended)
        {
            Decide(new SuspendMerchant(m.Id, SuspensionReason, staff), now.AddDays(-20));
        }

        return events;

        void Decide(MerchantCommand command, DateTimeOffset at)
        {
            foreach (var e in MerchantDecider.Decide(command, state, at))
            {
                state = Merchant.Evolve(state, e);
                events.Add(e);
            }
        }
    }

    /// <summary>The merchant as it stood at <paramref name="at"/>.</summary>
    private static Merchant? MerchantAt(IReadOnlyList<MerchantEvent> events, DateTimeOffset at) =>
        events.Where(e => OccurredAt(e) <= at).Aggregate((Merchant?)null, Merchant.Evolve);

    private enum Step
    {
        Submit,
        Decide,
        Credit,
        Revoke,
    }

    private enum Outcome
    {
        Credited,
        Rejected,
        Revoked,
    }

    private sealed record Planned(
        Guid Id, DemoProject Project, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Minutes, string Content,
        Guid RecordedBy, Guid DecidedBy, DateTimeOffset SubmittedAt, DateTimeOffset DecidedAt, DateTimeOffset CreditedAt,
        Outcome Outcome, string? Reason, DateTimeOffset? RevokedAt);

    /// <summary>
    /// Communities whose volunteers mostly stopped serving a quarter ago, so that the KPIs show communities below the
    /// active-volunteer target (燕儿岛 and 东海路; 东海路 is below the social organization target too).
    /// </summary>
    private static readonly int[] LowActivityCommunities = [3, 4];

    /// <summary>
    /// Moves the days of the last three months to free days before them, one for one: the volunteer served as often,
    /// but not lately. Takes nothing from the random sequence, so every other person and record stays as it was.
    /// </summary>
    private static void MoveBeforeTheQuarter(SortedSet<int> days)
    {
        var recent = days.Where(d => d < 95).ToList();
        var free = Enumerable.Range(95, 365 - 95).Where(d => !days.Contains(d)).ToList();
        for (var i = 0; i < recent.Count && i < free.Count; i++)
        {
            days.Remove(recent[i]);
            days.Add(free[(i * 7) % free.Count]);
        }
    }

    private static (DemoStream<VolunteerAccountEvent> Account, List<DemoStream<ServiceRecordEvent>> Records) History(
        Random rng, DemoCast cast, DemoVolunteer volunteer, int index, Dictionary<Guid, Community> communities, Dictionary<Guid, Project> projects,
        Dictionary<Guid, IReadOnlyList<MerchantEvent>> merchants, Func<string, LedgerPolicy> policyFor, DateTimeOffset now, bool inDistricts)
    {
        var today = new DateTimeOffset(now.ToOffset(ChinaStandardTime).Date, ChinaStandardTime);
        var home = cast.Communities.Single(c => c.Id == volunteer.HomeCommunityId);
        var homeProjects = cast.Projects.Where(p => p.CommunityId == home.Id).ToArray();

        // Days ago on which the volunteer served: one record a day at most, so no two overlap.
        var days = new SortedSet<int>();
        var recent = volunteer.Heavy ? rng.Next(40, 121) : rng.Next(10, 46);
        while (days.Count < recent)
        {
            days.Add(rng.Next(2, 366));
        }

        if (volunteer.LongStanding)
        {
            var old = rng.Next(2, 6);
            for (var added = 0; added < old;)
            {
                added += days.Add(rng.Next(765, 911)) ? 1 : 0;
            }
        }

        if (LowActivityCommunities.Contains(home.Number) && index % 3 != 0)
        {
            MoveBeforeTheQuarter(days);
        }

        var registeredAt = today.AddDays(-days.Max - rng.Next(7, 60)).AddHours(9).ToUniversalTime();
        var plan = new List<Planned>();
        foreach (var daysAgo in days.Reverse())
        {
            var project = rng.Next(5) == 0 ? cast.Projects[rng.Next(cast.Projects.Count)] : homeProjects[rng.Next(homeProjects.Length)];
            var staff = cast.Communities.Single(c => c.Id == project.CommunityId).Staff;
            var verifiers = staff.Where(s => s != volunteer.Id).ToArray();
            var start = today.AddDays(-daysAgo).AddHours(rng.Next(8, 18)).AddMinutes(rng.Next(2) * 30);
            var span = volunteer.Heavy ? rng.Next(6, 9) * 30 : rng.Next(10) == 0 ? 240 : rng.Next(2, 7) * 30;
            var minutes = span - (rng.Next(4) == 0 ? 15 : 0);
            var end = start.AddMinutes(span);
            var submittedAt = end.AddMinutes(rng.Next(10, 120));
            var decidedAt = today.AddDays(1 - daysAgo).AddHours(9).AddMinutes(rng.Next(0, 480));
            var roll = rng.Next(1000);
            var outcome = roll < 20 ? Outcome.Rejected : roll < 30 && daysAgo > 5 ? Outcome.Revoked : Outcome.Credited;
            var reason = outcome switch
            {
                Outcome.Rejected => RejectionReasons[rng.Next(RejectionReasons.Length)],
                Outcome.Revoked => RevocationReasons[rng.Next(RevocationReasons.Length)],
                _ => null,
            };
            DateTimeOffset? revokedAt = outcome == Outcome.Revoked ? decidedAt.AddDays(rng.Next(1, daysAgo - 2)).AddHours(1) : null;
            plan.Add(new Planned(
                NextGuid(rng), project, start.ToUniversalTime(), end.ToUniversalTime(), minutes, project.Contents[rng.Next(project.Contents.Count)],
                staff[rng.Next(staff.Count)], verifiers[rng.Next(verifiers.Length)],
                submittedAt.ToUniversalTime(), decidedAt.ToUniversalTime(), decidedAt.AddSeconds(rng.Next(1, 30)).ToUniversalTime(),
                outcome, reason, revokedAt?.ToUniversalTime()));
        }

        var homePolicy = policyFor(home.District);
        var registrar = Actor.Staff(home.Staff[0], home.Id);
        var accountEvents = new List<VolunteerAccountEvent>();
        VolunteerAccount? account = null;
        var holds = new Dictionary<Guid, Hold>();
        Apply(VolunteerAccountDecider.Decide(
            new RegisterVolunteer(volunteer.Id, home.Id, volunteer.VolunteerNumber, registrar), account, homePolicy, registeredAt));

        var states = new Dictionary<Guid, ServiceRecord?>();
        var awaitingIds = new List<Guid>();
        var recordEvents = plan.ToDictionary(p => p.Id, _ => new List<ServiceRecordEvent>());
        var steps = plan.SelectMany(p => StepsOf(p).Select(s => (p, s.Step, s.At))).OrderBy(s => s.At).ThenBy(s => s.Step).ToList();
        // The service history and the volunteer's redemptions, in the order they happened.
        var redemptions = RedemptionsOf(volunteer, index, home, cast, merchants, today, now);
        var timeline = steps.Select((s, i) => (s.At, Group: 0, Index: i))
            .Concat(redemptions.Select((r, i) => (r.At, Group: 1, Index: i)))
            .OrderBy(t => t.At).ThenBy(t => t.Group).ThenBy(t => t.Index)
            .ToList();
        foreach (var (_, group, i) in timeline)
        {
            if (group == 0)
            {
                ServiceStep(steps[i].p, steps[i].Step, steps[i].At);
            }
            else
            {
                Redeem(redemptions[i]);
            }
        }

        AwaitVerification();

        // What the expiry job does at the seed's moment.
        Apply(VolunteerAccountDecider.Decide(new ExpirePoints(volunteer.Id), account, homePolicy, now));

        return (new DemoStream<VolunteerAccountEvent>(volunteer.Id, accountEvents),
            [.. plan.Select(p => p.Id).Concat(awaitingIds).Select(id => new DemoStream<ServiceRecordEvent>(id, recordEvents[id]))]);

        // Yesterday's service of some volunteers of the first community, submitted and not yet verified: the queue its staff
        // start from (the README's staff example). No other record is yesterday's, so none overlaps. Drawn from a sequence
        // of the volunteer's own, so that nobody's earlier history changed.
        void AwaitVerification()
        {
            var awaiting = new Random(AwaitingSeed + index);
            if (home.Id != cast.Communities[0].Id || (index != 0 && awaiting.Next(3) != 0))
            {
                return;
            }

            var p = homeProjects[awaiting.Next(homeProjects.Length)];
            var project = projects[p.Id];
            var start = today.AddDays(-1).AddHours(awaiting.Next(8, 18)).AddMinutes(awaiting.Next(2) * 30);
            var span = awaiting.Next(2, 7) * 30;
            var submittedAt = start.AddMinutes(span + awaiting.Next(10, 120)).ToUniversalTime();
            var recorder = Actor.Staff(home.Staff[awaiting.Next(home.Staff.Count)], home.Id);
            var schedule = states.Values
                .Where(r => r is { Status: not RecordStatus.Rejected and not RecordStatus.Revoked })
                .Select(r => r!.Interval).ToList();
            var recordId = NextGuid(awaiting);
            recordEvents[recordId] = [];
            Record(recordId, ServiceRecordDecider.Decide(
                new SubmitServiceRecord(recordId, volunteer.Id, project.Id, start.ToUniversalTime(), start.AddMinutes(span).ToUniversalTime(), span,
                    p.Contents[awaiting.Next(p.Contents.Count)], null, null, QualityRating: 4 + awaiting.Next(2), $"{home.Name}志愿服务站", recorder),
                null, submittedAt, new RecordContext(project, VolunteerRegistered: true, schedule, homePolicy)));
            awaitingIds.Add(recordId);
        }

        // What a till, the volunteer's app and the hold expiry message do, in the order they happen.
        void Redeem(RedemptionStage stage)
        {
            var r = stage.Redemption;
            var cashier = Actor.Merchant(r.CashierId, r.MerchantId);
            var merchant = MerchantAt(merchants[r.MerchantId], stage.At);
            switch (stage.Step)
            {
                case RedemptionStep.Issue:
                    Apply(VolunteerAccountDecider.Decide(new IssueRedemptionCode(volunteer.Id, r.Code, Actor.Volunteer(volunteer.Id)), account, homePolicy, stage.At));
                    break;
                case RedemptionStep.Hold:
                    // The till asks for what the volunteer has, at most.
                    r.Amount = Math.Min(r.Wanted, account!.AvailablePoints);
                    if (r.Amount > 0)
                    {
                        Apply(VolunteerAccountDecider.Decide(
                            new HoldPoints(volunteer.Id, r.HoldId, r.MerchantId, r.Code, r.Amount, r.TillRequestId, cashier), account, homePolicy, stage.At, merchant));
                    }

                    break;
                case RedemptionStep.End when r.Amount > 0:
                    VolunteerAccountCommand end = r.Outcome switch
                    {
                        HoldOutcome.Completed => new CompleteHold(volunteer.Id, r.HoldId, cashier),
                        HoldOutcome.Voided => new VoidHold(volunteer.Id, r.HoldId, cashier),
                        _ => new ExpireHold(volunteer.Id, r.HoldId),
                    };
                    Apply(VolunteerAccountDecider.Decide(end, account, homePolicy, stage.At, merchant, holds.GetValueOrDefault(r.HoldId)));
                    break;
                case RedemptionStep.Refund when r.Amount > 0 && r.Outcome == HoldOutcome.Completed:
                    var refund = r.FullRefund ? r.Amount : Math.Max(1, r.Amount / 2);
                    Apply(VolunteerAccountDecider.Decide(
                        new RefundPoints(volunteer.Id, r.HoldId, refund, r.RefundRequestId, cashier), account, homePolicy, stage.At, hold: holds.GetValueOrDefault(r.HoldId)));
                    break;
                default:
                    break;
            }
        }

        void ServiceStep(Planned p, Step step, DateTimeOffset at)
        {
            var project = projects[p.Project.Id];
            var policy = policyFor(communities[project.CommunityId].District);
            var staffActor = Actor.Staff(p.DecidedBy, project.CommunityId);
            switch (step)
            {
                case Step.Submit:
                    var schedule = states.Values
                        .Where(r => r is { Status: not RecordStatus.Rejected and not RecordStatus.Revoked })
                        .Select(r => r!.Interval).ToList();
                    Record(p.Id, ServiceRecordDecider.Decide(
                        new SubmitServiceRecord(p.Id, volunteer.Id, project.Id, p.StartedAt, p.EndedAt, p.Minutes, p.Content, null, null,
                            QualityRating: 4 + rng.Next(2), $"{communities[project.CommunityId].Name}志愿服务站", Actor.Staff(p.RecordedBy, project.CommunityId)),
                        null, at, new RecordContext(project, VolunteerRegistered: account is not null, schedule, policy)));
                    break;
                case Step.Decide when p.Outcome == Outcome.Rejected:
                    Record(p.Id, ServiceRecordDecider.Decide(new RejectServiceRecord(p.Id, p.Reason!, staffActor), states[p.Id], at));
                    break;
                case Step.Decide:
                    Record(p.Id, ServiceRecordDecider.Decide(new VerifyServiceRecord(p.Id, staffActor), states[p.Id], at));
                    break;
                case Step.Credit:
                    // What VerifyServiceRecordsHandler decides with the verification, in its transaction.
                    var credit = VolunteerAccountDecider.Decide(VerificationBatch.CreditFor(states[p.Id]!), account, policy, at);
                    Apply(credit);
                    Record(p.Id, ServiceRecordDecider.Decide(new MarkServiceRecordCredited(p.Id), states[p.Id], at));
                    NotedWhereServed(p, credit, at);
                    break;
                case Step.Revoke:
                    // What RevokeServiceRecordHandler decides: the revocation and the account's compensation.
                    var revoked = ServiceRecordDecider.Decide(new RevokeServiceRecord(p.Id, p.Reason!, staffActor), states[p.Id], at);
                    Record(p.Id, revoked);
                    foreach (var r in revoked.OfType<ServiceRecordRevoked>())
                    {
                        var compensation = VolunteerAccountDecider.Decide(new RevokeServiceCredit(r.VolunteerId, r.RecordId, r.Reason, r.RevokedBy), account, policy, at);
                        Apply(compensation);
                        NotedWhereServed(p, compensation, at);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"No step {step}.");
            }
        }

        // Districts mode: what the home district tells the record served in another district (ServingDistrict.TellAsync),
        // for that district's KPIs; in one database, nothing.
        void NotedWhereServed(Planned p, VolunteerAccountEvent[] events, DateTimeOffset at)
        {
            if (!inDistricts || communities[p.Project.CommunityId].District == home.District)
            {
                return;
            }

            foreach (var e in events)
            {
                ServiceRecordCommand? note = e switch
                {
                    ServiceCredited c => NoteCreditedAtHome.Of(c),
                    ServiceCreditRevoked r => NoteCreditRevokedAtHome.Of(r),
                    _ => null,
                };
                if (note is not null)
                {
                    Record(p.Id, ServiceRecordDecider.Decide(note, states[p.Id], at));
                }
            }
        }

        void Apply(VolunteerAccountEvent[] events)
        {
            foreach (var e in events)
            {
                account = VolunteerAccount.Evolve(account, e);
                if (Hold.IdOf(e) is { } holdId && Hold.Evolve(holds.GetValueOrDefault(holdId), e) is { } hold)
                {
                    holds[holdId] = hold;
                }

                accountEvents.Add(e);
            }
        }

        void Record(Guid id, ServiceRecordEvent[] events)
        {
            foreach (var e in events)
            {
                states[id] = ServiceRecord.Evolve(states.GetValueOrDefault(id), e);
                recordEvents[id].Add(e);
            }
        }
    }

    private enum RedemptionStep
    {
        Issue,
        Hold,
        End,
        Refund,
    }

    private enum HoldOutcome
    {
        Completed,
        Voided,
        Expired,
    }

    /// <summary>A redemption planned ahead; the amount is what the volunteer can spend when the till asks.</summary>
    private sealed class PlannedRedemption(
        Guid holdId, Guid merchantId, Guid cashierId, string code, long wanted, Guid tillRequestId, HoldOutcome outcome, bool fullRefund, Guid refundRequestId)
    {
        public Guid HoldId => holdId;
        public Guid MerchantId => merchantId;
        public Guid CashierId => cashierId;
        public string Code => code;
        public long Wanted => wanted;
        public Guid TillRequestId => tillRequestId;
        public HoldOutcome Outcome => outcome;
        public bool FullRefund => fullRefund;
        public Guid RefundRequestId => refundRequestId;
        public long Amount { get; set; }
    }

    private sealed record RedemptionStage(DateTimeOffset At, RedemptionStep Step, PlannedRedemption Redemption);

    /// <summary>
    /// Every third volunteer redeems points 2 to 5 times in the last 75 days at a merchant of their district that was
    /// approved then: most holds are completed, some voided, a few left to expire; a tenth of the completed ones are
    /// refunded in full and another tenth in part, days later. Drawn from a sequence of the volunteer's own.
    /// </summary>
    private static List<RedemptionStage> RedemptionsOf(
        DemoVolunteer volunteer, int index, DemoCommunity home, DemoCast cast, Dictionary<Guid, IReadOnlyList<MerchantEvent>> merchants,
        DateTimeOffset today, DateTimeOffset now)
    {
        var stages = new List<RedemptionStage>();
        if (index % 3 != 0)
        {
            return stages;
        }

        var rng = new Random(MerchantSeed + index + 1);
        var candidates = cast.Merchants
            .Where(m => m.Status != MerchantStatus.Pending && cast.Communities.Single(c => c.Id == m.CommunityId).District == home.District)
            .ToList();
        var days = new SortedSet<int>();
        var count = rng.Next(2, 6);
        while (days.Count < count)
        {
            days.Add(rng.Next(1, 76));
        }

        foreach (var daysAgo in days.Reverse())
        {
            var merchant = candidates[rng.Next(candidates.Count)];
            var at = today.AddDays(-daysAgo).AddHours(rng.Next(10, 20)).AddMinutes(rng.Next(60)).ToUniversalTime();
            var roll = rng.Next(100);
            var outcome = roll < 70 ? HoldOutcome.Completed : roll < 85 ? HoldOutcome.Voided : HoldOutcome.Expired;
            var refundRoll = rng.Next(100);
            var refundAt = at.AddDays(rng.Next(1, 20)).AddHours(rng.Next(1, 8));
            var redemption = new PlannedRedemption(
                NextGuid(rng), merchant.Id, merchant.CashierId, rng.Next(100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
                rng.Next(5, 41), NextGuid(rng), outcome, refundRoll < 10, NextGuid(rng));
            var endAt = outcome == HoldOutcome.Expired ? at.AddSeconds(30) + LedgerPolicy.Default.HoldLifetime + TimeSpan.FromMinutes(1) : at.AddMinutes(2);

            // Only where the merchant was approved throughout (the suspended one, before its suspension).
            if (MerchantAt(merchants[merchant.Id], at)?.IsApproved != true || MerchantAt(merchants[merchant.Id], endAt)?.IsApproved != true)
            {
                continue;
            }

            stages.Add(new RedemptionStage(at, RedemptionStep.Issue, redemption));
            stages.Add(new RedemptionStage(at.AddSeconds(30), RedemptionStep.Hold, redemption));
            stages.Add(new RedemptionStage(endAt, RedemptionStep.End, redemption));
            if (outcome == HoldOutcome.Completed && refundRoll < 20 && refundAt < now.AddHours(-1))
            {
                stages.Add(new RedemptionStage(refundAt, RedemptionStep.Refund, redemption));
            }
        }

        return stages;
    }

    private static IEnumerable<(Step Step, DateTimeOffset At)> StepsOf(Planned p)
    {
        yield return (Step.Submit, p.SubmittedAt);
        yield return (Step.Decide, p.DecidedAt);
        if (p.Outcome != Outcome.Rejected)
        {
            yield return (Step.Credit, p.CreditedAt);
        }

        if (p.RevokedAt is { } revokedAt)
        {
            yield return (Step.Revoke, revokedAt);
        }
    }

    internal static Guid NextGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
