using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Standings;
using TimeBank.Ledger.Stations;
using TimeBank.Projections.Standings;
using static TimeBank.Projections.Tests.Standings.KpiCity;

namespace TimeBank.Projections.Tests.Standings;

/// <summary>
/// For random histories of a year: every area's KPIs as of every month equal a straightforward count over the events of
/// that month and before (the model), and equal what the fold showed when the month was the latest one folded (a
/// snapshot taken then): later events never change a past month.
/// </summary>
public sealed class KpiAsOfProperties
{
    internal static readonly LedgerPolicy Policy = LedgerPolicy.Default with
    {
        StationTeamMinVolunteers = 2, StationServiceMinProjects = 1, StationRecordsMinVerified = 2,
    };

    internal static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
    internal static readonly CalendarMonth First = CalendarMonth.Of(Start);
    private static readonly StationHave[] Attestable = [StationHave.Place, StationHave.Facilities, StationHave.Rules];

    /// <summary>A step of a random history: when (hours after the start), what kind, and three choices.</summary>
    public sealed record Step(int Hour, int Kind, int A, int B, int C);

    internal static Gen<Step> Steps() =>
        from hour in Gen.Choose(0, 24 * 365)
        from kind in Gen.Frequency((4, Gen.Choose(0, 5)), (2, Gen.Constant(6)))
        from a in Gen.Choose(0, 11)
        from b in Gen.Choose(0, 11)
        from c in Gen.Choose(0, 11)
        select new Step(hour, kind, a, b, c);

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property As_of_a_month_equals_the_model_and_the_snapshot_taken_then() =>
        Prop.ForAll(Steps().ListOf().Select(s => s.OrderBy(x => x.Hour).ToList()).ToArbitrary(), steps =>
        {
            var history = Interpret(steps);
            var full = Fold(history);
            var months = Enumerable.Range(0, 14).Select(First.Plus).ToList();
            foreach (var month in months)
            {
                var snapshot = Fold(history.Where(e => CalendarMonth.Of(e.At) <= month));
                var model = Model(history.Where(e => CalendarMonth.Of(e.At) <= month).ToList(), month);
                foreach (var area in AllAreas)
                {
                    var expected = Sum(model, area, month);
                    if (!Equals(expected, full.At(area, month)) || !Equals(expected, snapshot.At(area, month)))
                    {
                        return false.Label($"{area} {month}: model {expected}, fold {full.At(area, month)}, snapshot then {snapshot.At(area, month)}");
                    }
                }
            }

            return true.ToProperty();
        });

    internal sealed record Told(object Data, DateTimeOffset At);

    private static KpiCity Fold(IEnumerable<Told> history)
    {
        var city = Registered(Policy, Start);
        foreach (var e in history)
        {
            city.Tell(e.Data, e.At);
        }

        return city;
    }

    /// <summary>Turns the steps into a valid history (steps that make no sense in the state reached are skipped).</summary>
    internal static List<Told> Interpret(IReadOnlyList<Step> steps)
    {
        var told = new List<Told>();
        var homes = new Dictionary<Guid, Guid>();
        var stars = new Dictionary<Guid, int>();
        var credited = new List<(Guid Record, Guid Volunteer, Guid Community, long Minutes)>();
        var organizations = new Dictionary<Guid, string>();
        var stations = new HashSet<Guid>();
        var attested = new HashSet<(Guid, StationHave)>();
        var n = 0;
        foreach (var step in steps)
        {
            var at = Start.AddHours(step.Hour).AddMinutes(30);
            var volunteer = Id(0x100 + step.A % 6);
            var community = Communities[step.B % 3];
            switch (step.Kind)
            {
                case 0 when !homes.ContainsKey(volunteer):
                    homes[volunteer] = community;
                    told.Add(new(Volunteer(volunteer, community, at), at));
                    break;
                case 1 or 2 when homes.ContainsKey(volunteer):
                    var record = Id(0x10000 + ++n);
                    var project = Id(0x200 + Array.IndexOf(Communities, community) * 2 + step.C % 2);
                    long minutes = 30 + step.C * 15;
                    told.Add(new(Submitted(record, volunteer, community, project, minutes, at), at));
                    told.Add(new(Credited(record, volunteer, community, minutes, minutes / 6, at), at));
                    credited.Add((record, volunteer, community, minutes));
                    break;
                case 3 when credited.Count > 0:
                    var revoked = credited[step.A % credited.Count];
                    credited.Remove(revoked);
                    told.Add(new(Revoked(revoked.Record, revoked.Volunteer, revoked.Community, revoked.Minutes, revoked.Minutes / 6, at), at));
                    break;
                case 4 when homes.ContainsKey(volunteer):
                    var level = stars.GetValueOrDefault(volunteer);
                    if (step.C % 2 == 0 && level < 5)
                    {
                        stars[volunteer] = level + 1;
                        told.Add(new(new StarAwarded(volunteer, level + 1, 0, at), at));
                    }
                    else if (step.C % 2 == 1 && level > 0)
                    {
                        stars[volunteer] = level - 1;
                        told.Add(new(new StarWithdrawn(volunteer, level, 0, at), at));
                    }

                    break;
                case 5:
                    var organization = Id(0x300 + step.A % 6);
                    var home = Communities[step.A % 3];
                    var status = organizations.GetValueOrDefault(organization);
                    object? e = (step.C % 4, status) switch
                    {
                        (0, null) => Organization(organization, home, at),
                        (1, "active") => new SocialOrganizationSuspended(organization, home, "整改", Staff, at),
                        (2, "suspended") => new SocialOrganizationReinstated(organization, home, Staff, at),
                        (3, "active" or "suspended") => new SocialOrganizationDissolved(organization, home, "解散", Staff, at),
                        _ => null,
                    };
                    if (e is not null)
                    {
                        organizations[organization] = e switch
                        {
                            SocialOrganizationSuspended => "suspended",
                            SocialOrganizationDissolved => "dissolved",
                            _ => "active",
                        };
                        told.Add(new(e, at));
                    }

                    break;
                case 6:
                    var station = Id(0x400 + step.A % 4);
                    var where = Communities[step.A % 2 == 0 ? 0 : 2];
                    // Mostly the first have still missing, so that stations come to meet all six.
                    var have = step.B % 3 == 2 ? Attestable[step.C % 3] : Attestable.FirstOrDefault(h => !attested.Contains((station, h)), Attestable[step.C % 3]);
                    if (!stations.Contains(station))
                    {
                        stations.Add(station);
                        told.Add(new(Station(station, where, at), at));
                    }
                    else if (step.B % 4 > 0)
                    {
                        attested.Add((station, have));
                        told.Add(new(new StationHaveAttested(station, where, have, DateOnly.FromDateTime(at.AddDays(-step.C * 5).DateTime), Staff, at), at));
                    }
                    else
                    {
                        attested.Remove((station, have));
                        told.Add(new(Withdrawn(station, where, have, at), at));
                    }

                    break;
            }
        }

        return told;
    }

    private static Guid Id(int n) => Guid.Parse($"0195f3a0-0000-7000-8000-{n:x12}");

    /// <summary>Each community's figures as of <paramref name="month"/>, counted straight from the events told by then.</summary>
    private static Dictionary<Guid, KpiFigures> Model(IReadOnlyList<Told> history, CalendarMonth month)
    {
        var homes = new Dictionary<Guid, Guid>();
        var registered = Communities.ToDictionary(c => c, _ => 0L);
        var served = new Dictionary<Guid, Dictionary<string, int>>();
        var stars = new Dictionary<Guid, int>();
        var creditMonth = new Dictionary<Guid, CalendarMonth>();
        var projectOf = new Dictionary<Guid, Guid>();
        var flows = Communities.ToDictionary(c => c, _ => (Minutes: 0L, Points: 0L, Records: 0L));
        var projectRecords = new Dictionary<(Guid Community, string Month, Guid Project), int>();
        var records = new Dictionary<(Guid Community, string Month), long>();
        var organizations = new Dictionary<Guid, (Guid Community, bool Counts)>();
        var stations = new Dictionary<Guid, Guid>();
        var haves = new Dictionary<(Guid Station, StationHave Have), bool>();
        foreach (var (data, at) in history)
        {
            var m = CalendarMonth.Of(at);
            switch (data)
            {
                case VolunteerRegistered r:
                    homes[r.VolunteerId] = r.HomeCommunityId;
                    registered[r.HomeCommunityId]++;
                    served[r.VolunteerId] = [];
                    break;
                case ServiceRecordSubmitted s:
                    projectOf[s.RecordId] = s.ProjectId;
                    break;
                case ServiceCredited c:
                    creditMonth[c.RecordId] = m;
                    served[c.VolunteerId][m.Key] = served[c.VolunteerId].GetValueOrDefault(m.Key) + 1;
                    Flow(c.CommunityId, c.RecordId, m, c.ServiceMinutes, c.Points, 1);
                    break;
                case ServiceCreditRevoked r:
                    var k = creditMonth[r.RecordId].Key;
                    served[r.VolunteerId][k]--;
                    Flow(r.CommunityId, r.RecordId, m, -r.ServiceMinutes, -r.Points, -1);
                    break;
                case StarAwarded s:
                    stars[s.VolunteerId] = s.Level;
                    break;
                case StarWithdrawn s:
                    stars[s.VolunteerId] = s.Level - 1;
                    break;
                case SocialOrganizationRegistered o:
                    organizations[o.OrganizationId] = (o.CommunityId, true);
                    break;
                case SocialOrganizationSuspended o:
                    organizations[o.OrganizationId] = (o.CommunityId, false);
                    break;
                case SocialOrganizationReinstated o:
                    organizations[o.OrganizationId] = (o.CommunityId, true);
                    break;
                case SocialOrganizationDissolved o:
                    organizations.Remove(o.OrganizationId);
                    break;
                case ServiceStationRegistered s:
                    stations[s.StationId] = s.CommunityId;
                    break;
                case StationHaveAttested a:
                    haves[(a.StationId, a.Have)] = true;
                    break;
                case StationHaveWithdrawn w:
                    haves[(w.StationId, w.Have)] = false;
                    break;
            }
        }

        var quarter = Enumerable.Range(0, 3).Select(i => month.Plus(-i).Key).ToList();
        return Communities.ToDictionary(c => c, c =>
        {
            var team = registered[c] >= Policy.StationTeamMinVolunteers;
            var projects = projectRecords.Where(p => p.Key.Community == c && quarter.Contains(p.Key.Month))
                .GroupBy(p => p.Key.Project).Count(g => g.Sum(p => p.Value) > 0);
            var verified = quarter.Sum(q => records.GetValueOrDefault((c, q)));
            var computed = team && projects >= Policy.StationServiceMinProjects && verified >= Policy.StationRecordsMinVerified;
            var home = homes.Where(h => h.Value == c).Select(h => h.Key).ToList();
            return new KpiFigures(
                month,
                1,
                registered[c],
                home.Count(v => KpiFold.IsActive(served[v], month, Policy)),
                organizations.Values.Count(o => o.Community == c && o.Counts),
                stations.Values.Count(s => s == c),
                computed ? stations.Count(s => s.Value == c && Attestable.All(h => haves.GetValueOrDefault((s.Key, h)))) : 0,
                [.. Enumerable.Range(1, 5).Select(level => (long)home.Count(v => stars.GetValueOrDefault(v) == level))],
                flows[c].Minutes,
                flows[c].Points,
                flows[c].Records,
                projectRecords.Where(p => p.Key.Community == c && p.Key.Month == month.Key).Count(p => p.Value > 0));
        });

        void Flow(Guid community, Guid record, CalendarMonth m, long minutes, long points, int count)
        {
            var key = (community, m.Key, projectOf[record]);
            projectRecords[key] = projectRecords.GetValueOrDefault(key) + count;
            records[(community, m.Key)] = records.GetValueOrDefault((community, m.Key)) + count;
            if (m == month)
            {
                var f = flows[community];
                flows[community] = (f.Minutes + minutes, f.Points + points, f.Records + count);
            }
        }
    }

    private static KpiFigures Sum(Dictionary<Guid, KpiFigures> communities, Area area, CalendarMonth month) =>
        communities.Where(c => area.Contains(AreaOf(c.Key))).Select(c => c.Value).Aggregate(KpiFigures.Empty(month), (s, f) => new KpiFigures(
            month,
            s.Communities + f.Communities,
            s.Registered + f.Registered,
            s.Active + f.Active,
            s.SocialOrganizations + f.SocialOrganizations,
            s.Stations + f.Stations,
            s.StationsMeetingSixHaves + f.StationsMeetingSixHaves,
            [.. s.Stars.Zip(f.Stars, (x, y) => x + y)],
            s.Minutes + f.Minutes,
            s.Points + f.Points,
            s.VerifiedRecords + f.VerifiedRecords,
            s.ProjectsServed + f.ProjectsServed));
}
