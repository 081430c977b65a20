using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Stations;

namespace TimeBank.Bench;

/// <summary>The size of a generated city and the time it ends at (its history covers <see cref="Months"/> before it).</summary>
/// <param name="Volunteers">Volunteers in the city (1,000,000 for a city of ten million people).</param>
/// <param name="Communities">Communities, spread over up to 10 districts of up to 20 streets each.</param>
/// <param name="Now">The end of the history: nothing happens after it (the service's clock must be later).</param>
public sealed record CityShape(int Volunteers, int Communities, DateTimeOffset Now, int Months = 18)
{
    /// <summary>About ten events a volunteer: the registration and two to three records with their credits.</summary>
    public long TargetEvents => Volunteers * 10L;
}

/// <summary>One event of a generated city: its stream, its version there, and when it happened (its timestamp).</summary>
public readonly record struct CityEvent(Guid StreamId, long Version, DateTimeOffset At, object Event);

/// <summary>
/// A city at scale (<see cref="GenerateCity"/>): <see cref="CityShape.Communities"/> communities on streets in districts
/// (10 districts × 20 streets × 10 communities for 2,000), each with two staff, projects, social organizations (some
/// suspended, reinstated or dissolved) and, for most, a service station whose haves are attested (and some withdrawn);
/// <see cref="CityShape.Volunteers"/> volunteers, half registered before the history's window and the rest through it;
/// activities every day of the window, where staff record the service of 5 to 40 of a community's volunteers, then
/// verify it (a few rejected) and credit it through the account's own decider (hours, points, stars); a few credited
/// records are revoked days later. Everything in time order, streams interleaved as in real life, with each event's
/// stream version, so the history can be copied in in bulk. Memory: a volunteer is an index (home community = index
/// modulo the communities, registration order = index), with its id and account state in arrays; records are not kept
/// once their life is written (a planned revocation waits in a short queue).
/// </summary>
public sealed partial class LedgerHistoryGenerator
{
    private static readonly string[] CityDistricts = ["市南区", "市北区", "李沧区", "崂山区", "黄岛区", "城阳区", "即墨区", "胶州市", "平度市", "莱西市"];

    private static readonly string[] CityStreets =
    [
        "八大关", "湛山", "香港中路", "八大湖", "金门路", "珠海路", "江苏路", "中山路", "云南路", "八大峡",
        "台东", "登州路", "宁夏路", "敦化路", "辽宁路", "延安路", "四方", "洛阳路", "合肥路", "浮山",
    ];

    private static readonly string[] CityCommunityWords = ["和平", "幸福", "阳光", "东山", "西岭", "海韵", "松林", "翠湖", "兴华", "福园"];

    private static readonly string[] OrganizationWords = ["邻里互助会", "夕阳红舞蹈队", "义务巡逻队", "书画协会", "调解工作室", "助老服务社", "环保志愿队", "亲子读书会"];

    private const int DaysPerMonth = 30;

    private CityCommunity[] _city = [];
    private Guid[] _volunteerIds = [];
    private VolunteerAccount?[] _cityAccounts = [];
    private int[] _accountVersions = [];
    private int _registered;
    private Random _random = new(seed);

    /// <summary>The city's communities, in the order of their registration: name, street, district, staff.</summary>
    public IReadOnlyList<CityCommunity> CityCommunities => _city;

    /// <summary>Volunteers registered so far (by index: <see cref="VolunteerId"/>, <see cref="HomeCommunityOf"/>).</summary>
    public int RegisteredVolunteers => _registered;

    public Guid VolunteerId(int index) => _volunteerIds[index];

    /// <summary>The volunteer number of the volunteer of that index (unique in the city).</summary>
    public static string VolunteerNumber(int index) => "QD" + index.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public CityCommunity HomeCommunityOf(int index) => _city[index % _city.Length];

    /// <summary>The city's history up to <see cref="CityShape.Now"/>, in time order; the generator keeps the accounts' state for <see cref="Burst"/>.</summary>
    public IEnumerable<CityEvent> GenerateCity(CityShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var r = _random = new Random(seed);
        var admin = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-00000000a001"));
        var days = shape.Months * DaysPerMonth;
        var windowStart = shape.Now.AddDays(-days);
        var founded = windowStart.AddDays(-200);
        var n = shape.Volunteers;
        _volunteerIds = new Guid[n];
        _cityAccounts = new VolunteerAccount?[n];
        _accountVersions = new int[n];
        _registered = 0;
        for (var i = 0; i < n; i++)
        {
            _volunteerIds[i] = NewGuid(r);
        }

        // Districts × streets × communities: 10 × 20 × 10 for 2,000 communities, fewer streets (and districts) for fewer.
        var districts = Math.Min(CityDistricts.Length, shape.Communities);
        var streetsPerDistrict = Math.Clamp(shape.Communities / (districts * 10), 1, CityStreets.Length);
        _city = new CityCommunity[shape.Communities];
        var schedule = new List<CityEvent>?[days + 1];
        void Plan(int day, CityEvent e) => (schedule[Math.Clamp(day, 0, days)] ??= []).Add(e);

        for (var c = 0; c < shape.Communities; c++)
        {
            var district = CityDistricts[c % districts];
            var street = CityStreets[c / districts % streetsPerDistrict];
            var number = c / (districts * streetsPerDistrict);
            var id = NewGuid(r);
            Actor[] staff = [Actor.Staff(NewGuid(r), id), Actor.Staff(NewGuid(r), id)];
            var name = $"{street}{CityCommunityWords[number % CityCommunityWords.Length]}{(number >= CityCommunityWords.Length ? (number / CityCommunityWords.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}社区";
            var at = founded.AddMinutes(c);
            var projects = Enumerable.Range(0, r.Next(3, 9)).Select(p => new ProjectPublished(NewGuid(r), id, $"{name}{Contents[p % Contents.Length]}", Categories[r.Next(Categories.Length)],
                Pick(r, [50, 100, 100, 100, 150, 200]), r.NextDouble() < 0.9, $"{street}街道{name}活动室", staff[0].PersonId, at)).ToArray();
            var community = _city[c] = new CityCommunity(id, name, street + "街道", district, staff, projects);
            yield return new CityEvent(id, ++community.Version, at, new CommunityRegistered(id, name, community.Street, district, admin.PersonId, at));
            foreach (var s in staff)
            {
                yield return new CityEvent(id, ++community.Version, at, new StaffAssigned(id, s.PersonId, admin.PersonId, at));
            }

            foreach (var project in projects)
            {
                yield return new CityEvent(project.ProjectId, 1, at, project);
            }

            PlanOrganizations(r, community, days, windowStart, Plan);
            PlanStation(r, community, days, windowStart, Plan);
        }

        // Half the volunteers registered over the half year before the window, the rest through it.
        var before = n / 2;
        for (; _registered < before; _registered++)
        {
            yield return Register(_registered, windowStart.AddDays(-180).AddSeconds(180.0 * 86_400 * _registered / Math.Max(1, before)));
        }

        // What is left of the budget after the registrations: ~4.4 events a record (submitted, verified, credited on the
        // record; the credit and sometimes a star on the account), 22 records an activity.
        var perActivity = 22 * 4.4;
        var activitiesPerDay = Math.Max(0, shape.TargetEvents - n * 1.02) / perActivity / days;
        var carry = 0.0;
        var revocations = new List<(int Day, Guid Record, int Volunteer, Guid Staff)>();
        for (var day = 0; day < days; day++)
        {
            var dayStart = windowStart.AddDays(day);
            foreach (var e in schedule[day] ?? [])
            {
                yield return e;
            }

            schedule[day] = null;
            var registerUntil = before + (long)(n - before) * (day + 1) / days;
            for (var k = 0; _registered < registerUntil; _registered++, k++)
            {
                yield return Register(_registered, dayStart.AddHours(1).AddSeconds(k % 20_000));
            }

            for (var k = revocations.Count - 1; k >= 0; k--)
            {
                if (revocations[k].Day > day)
                {
                    continue;
                }

                var (_, recordId, volunteer, staffId) = revocations[k];
                revocations.RemoveAt(k);
                var revokedAt = dayStart.AddHours(8).AddMinutes(r.Next(600));
                yield return new CityEvent(recordId, 4, revokedAt, new ServiceRecordRevoked(recordId, _volunteerIds[volunteer], "重复登记", staffId, revokedAt));
                foreach (var e in ApplyCity(volunteer, new RevokeServiceCredit(_volunteerIds[volunteer], recordId, "重复登记", staffId), revokedAt))
                {
                    yield return e;
                }
            }

            for (carry += activitiesPerDay; carry >= 1; carry--)
            {
                var at = dayStart.AddHours(9).AddMinutes(r.Next(11 * 60));
                foreach (var e in Activity(r, at, r.Next(5, 41), day, revocations))
                {
                    yield return e;
                }
            }
        }

        foreach (var e in schedule[days] ?? [])
        {
            yield return e;
        }
    }

    /// <summary>
    /// <paramref name="records"/> more records verified and credited at <paramref name="at"/>, in activities of 20
    /// volunteers of random communities: the burst the catch-up figure measures. Call after <see cref="GenerateCity"/>.
    /// </summary>
    public IEnumerable<CityEvent> Burst(int records, DateTimeOffset at)
    {
        for (var left = records; left > 0; left -= 20)
        {
            foreach (var e in Activity(_random, at, Math.Min(20, left), day: int.MaxValue / 2, revocations: null))
            {
                yield return e;
            }
        }
    }

    private IEnumerable<CityEvent> Activity(Random r, DateTimeOffset at, int size, int day, List<(int Day, Guid Record, int Volunteer, Guid Staff)>? revocations)
    {
        var c = r.Next(_city.Length);
        var community = _city[c];
        // The community's volunteers registered so far are the indices c, c + M, c + 2M, … below _registered.
        var members = _registered > c ? (_registered - c - 1) / _city.Length + 1 : 0;
        size = Math.Min(size, members);
        if (size == 0)
        {
            yield break;
        }

        var project = community.Projects[r.Next(community.Projects.Length)];
        var recorder = community.Staff[0];
        var verifier = community.Staff[r.Next(community.Staff.Length)];
        var start = at.AddMinutes(-r.Next(60, 600));
        var minutes = r.Next(3, 17) * 15;
        var content = Contents[r.Next(Contents.Length)];
        var chosen = new HashSet<int>();
        while (chosen.Count < size)
        {
            chosen.Add(c + r.Next(members) * _city.Length);
        }

        var records = chosen.Select(v => (Record: NewGuid(r), Volunteer: v)).ToList();
        foreach (var (recordId, volunteer) in records)
        {
            yield return new CityEvent(recordId, 1, at, new ServiceRecordSubmitted(recordId, _volunteerIds[volunteer], project.ProjectId, community.Id, project.Name,
                project.Category, project.PointsCoefficientPercent, project.EarnsTimeCredits, project.Place, start, start.AddMinutes(minutes + 30),
                minutes, content, null, r.NextDouble() < 0.3 ? r.Next(3, 6) : null, community.PersonInCharge, recorder.PersonId, at));
        }

        var verifiedAt = revocations is null ? at : at.AddHours(r.Next(1, 48));
        foreach (var (recordId, volunteer) in records)
        {
            var volunteerId = _volunteerIds[volunteer];
            if (r.NextDouble() < 0.04)
            {
                yield return new CityEvent(recordId, 2, verifiedAt, new ServiceRecordRejected(recordId, "时长与签到记录不符", verifier.PersonId, verifiedAt));
                continue;
            }

            yield return new CityEvent(recordId, 2, verifiedAt, new ServiceRecordVerified(recordId, volunteerId, verifier.PersonId, verifiedAt));
            var creditedAt = verifiedAt.AddSeconds(1);
            foreach (var e in ApplyCity(volunteer, new CreditService(volunteerId, recordId, community.Id, minutes, project.Category,
                project.PointsCoefficientPercent, project.EarnsTimeCredits), creditedAt))
            {
                yield return e;
            }

            yield return new CityEvent(recordId, 3, creditedAt, new ServiceRecordCredited(recordId, volunteerId, creditedAt));
            if (revocations is not null && r.NextDouble() < 0.01)
            {
                revocations.Add((day + r.Next(3, 21), recordId, volunteer, verifier.PersonId));
            }
        }
    }

    private CityEvent Register(int index, DateTimeOffset at)
    {
        var community = HomeCommunityOf(index);
        var registered = (VolunteerRegistered)VolunteerAccountDecider.Decide(
            new RegisterVolunteer(_volunteerIds[index], community.Id, VolunteerNumber(index), community.Staff[0]),
            null, LedgerPolicy.Default, at)[0];
        _cityAccounts[index] = VolunteerAccount.Evolve(null, registered);
        return new CityEvent(registered.VolunteerId, ++_accountVersions[index], at, registered);
    }

    private List<CityEvent> ApplyCity(int index, VolunteerAccountCommand command, DateTimeOffset at)
    {
        var state = _cityAccounts[index];
        var decided = VolunteerAccountDecider.Decide(command, state, LedgerPolicy.Default, at);
        var events = new List<CityEvent>(decided.Length);
        foreach (var e in decided)
        {
            state = VolunteerAccount.Evolve(state, e);
            events.Add(new CityEvent(_volunteerIds[index], ++_accountVersions[index], at, e));
        }

        _cityAccounts[index] = state;
        return events;
    }

    /// <summary>3 to 14 organizations a community (the target is 12), most registered before the window; some suspended (half of those reinstated) or dissolved later.</summary>
    private static void PlanOrganizations(Random r, CityCommunity community, int days, DateTimeOffset windowStart, Action<int, CityEvent> plan)
    {
        var staff = community.Staff[0].PersonId;
        for (var o = r.Next(3, 15); o > 0; o--)
        {
            var id = NewGuid(r);
            var version = 0;
            var day = r.NextDouble() < 0.6 ? 0 : r.Next(days);
            DateTimeOffset At(int d) => windowStart.AddDays(d).AddHours(10).AddMinutes(r.Next(300));
            var at = At(day);
            plan(day, new CityEvent(id, ++version, at, new SocialOrganizationRegistered(id, community.Id, $"{community.Name}{OrganizationWords[r.Next(OrganizationWords.Length)]}{o}",
                (OrganizationKind)r.Next(5), r.NextDouble() < 0.3 ? OrganizationStanding.Registered : OrganizationStanding.Filed, "负责人", staff, at)));
            if (day + 2 >= days)
            {
                continue;
            }

            var fate = r.NextDouble();
            if (fate < 0.08)
            {
                var suspended = r.Next(day + 1, days - 1);
                plan(suspended, new CityEvent(id, ++version, At(suspended), new SocialOrganizationSuspended(id, community.Id, "年检未通过", staff, At(suspended))));
                if (fate < 0.04)
                {
                    var back = r.Next(suspended + 1, days);
                    plan(back, new CityEvent(id, ++version, At(back), new SocialOrganizationReinstated(id, community.Id, staff, At(back))));
                }
            }
            else if (fate < 0.13)
            {
                var dissolved = r.Next(day + 1, days);
                plan(dissolved, new CityEvent(id, ++version, At(dissolved), new SocialOrganizationDissolved(id, community.Id, "成员不足", staff, At(dissolved))));
            }
        }
    }

    /// <summary>A station in 60% of communities, registered in the window's first half; each have attested (80%) some days later, a few withdrawn.</summary>
    private static void PlanStation(Random r, CityCommunity community, int days, DateTimeOffset windowStart, Action<int, CityEvent> plan)
    {
        if (r.NextDouble() >= 0.6)
        {
            return;
        }

        var staff = community.Staff[0].PersonId;
        var id = NewGuid(r);
        var version = 0;
        var day = r.Next(days / 2);
        var registeredAt = windowStart.AddDays(day).AddHours(9);
        plan(day, new CityEvent(id, ++version, registeredAt, new ServiceStationRegistered(id, community.Id, $"{community.Name}志愿服务站", staff, registeredAt)));
        // The events of one stream must come in version order: each later one on a later day (the schedule keeps a day's order).
        var next = day;
        foreach (var have in Enum.GetValues<StationHave>())
        {
            if (r.NextDouble() >= 0.8 || next + 1 >= days)
            {
                continue;
            }

            next = r.Next(next + 1, Math.Min(days, next + 30));
            var at = windowStart.AddDays(next).AddHours(11);
            plan(next, new CityEvent(id, ++version, at, new StationHaveAttested(id, community.Id, have, DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime), staff, at)));
            if (r.NextDouble() < 0.1 && next + 1 < days)
            {
                next = r.Next(next + 1, Math.Min(days, next + 60));
                var withdrawnAt = windowStart.AddDays(next).AddHours(15);
                plan(next, new CityEvent(id, ++version, withdrawnAt, new StationHaveWithdrawn(id, community.Id, have, "场地收回", staff, withdrawnAt)));
            }
        }
    }

    private static T Pick<T>(Random r, T[] values) => values[r.Next(values.Length)];

    /// <summary>A version-4-shaped id from the seeded generator: the same shape gives the same ids.</summary>
    private static Guid NewGuid(Random r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}

/// <summary>A community of a generated city: where it is, its staff (the first records service) and its projects.</summary>
public sealed class CityCommunity(Guid id, string name, string street, string district, Actor[] staff, ProjectPublished[] projects)
{
    public Guid Id => id;

    public string Name => name;

    public string Street => street;

    public string District => district;

    public Actor[] Staff => staff;

    public ProjectPublished[] Projects => projects;

    /// <summary>The person in charge named on the community's records.</summary>
    public string PersonInCharge => "张主任";

    /// <summary>The version of the community's stream so far.</summary>
    public int Version { get; set; }
}
