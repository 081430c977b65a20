using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;
using static TimeBank.Projections.Tests.Standings.KpiCity;

namespace TimeBank.Projections.Tests.Standings;

/// <summary>
/// Districts mode (docs/adr/0047-a-database-per-district.md): each district folds its own database's events. A record
/// served in one district by a volunteer homed in another is credited at home (<see cref="ServiceCredited"/>, there) and
/// noted where it was served (<see cref="ServiceCreditedAtHome"/>): its minutes, points, record and project count in the
/// serving community once, the volunteer's activity at home, and the districts add up to what one database shows.
/// </summary>
public sealed class KpiDistrictsTests
{
    private static readonly DateTimeOffset Sep = new(2026, 9, 10, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Visitor = Guid.Parse("0195f3a0-0000-7000-8000-0000000000e1");
    private static readonly Guid Record = Guid.Parse("0195f3a0-0000-7000-8000-0000000000e2");
    private static readonly Guid Project = Guid.Parse("0195f3a0-0000-7000-8000-0000000000e3");
    private static readonly string[] Districts = [South, Hills];

    /// <summary>Active with service in one month of three, so that one record shows it.</summary>
    private static readonly TimeBank.Ledger.Policies.LedgerPolicy OneMonthActive = TimeBank.Ledger.Policies.LedgerPolicy.Default with { ActiveMonthsRequired = 1 };

    [Fact]
    public void A_record_served_in_another_district_flows_in_the_serving_community_once_and_its_volunteer_is_active_at_home()
    {
        // Homed in A (市南区), served in C (崂山区).
        var (home, serving) = (District(South, Sep, OneMonthActive), District(Hills, Sep, OneMonthActive));
        home.Tell(Volunteer(Visitor, A, Sep), Sep);
        serving.Tell(Submitted(Record, Visitor, C, Project, 60, Sep), Sep);
        home.Tell(Credited(Record, Visitor, C, 60, 10, Sep.AddHours(1)), Sep.AddHours(1));
        serving.Tell(new ServiceCreditedAtHome(Record, Visitor, C, 60, 10, Sep.AddHours(1)), Sep.AddHours(2));
        var month = CalendarMonth.Of(Sep);

        var served = serving.At(AreaOf(C), month);
        Assert.Equal((60L, 10L, 1L, 1L), (served.Minutes, served.Points, served.VerifiedRecords, served.ProjectsServed));
        Assert.Equal((0L, 0L), (served.Registered, served.Active));
        var homed = home.At(AreaOf(A), month);
        Assert.Equal((0L, 0L, 0L, 0L), (homed.Minutes, homed.Points, homed.VerifiedRecords, homed.ProjectsServed));
        Assert.Equal((1L, 1L), (homed.Registered, homed.Active));
        Assert.Equal(0L, home.At(Area.City, month).Minutes);

        // The city: the districts' sum, the record in it once.
        var city = KpiFigures.Add(home.At(Area.City, month), serving.At(Area.City, month));
        Assert.Equal((60L, 10L, 1L, 1L, 1L), (city.Minutes, city.Points, city.VerifiedRecords, city.Registered, city.Active));

        // Revoked the next month: taken back in the serving community, the volunteer no longer active at home.
        var oct = Sep.AddMonths(1);
        home.Tell(Revoked(Record, Visitor, C, 60, 10, oct), oct);
        serving.Tell(new ServiceCreditRevokedAtHome(Record, Visitor, C, 60, 10, oct), oct.AddHours(1));
        var next = CalendarMonth.Of(oct);
        var back = serving.At(AreaOf(C), next);
        Assert.Equal((-60L, -10L, -1L), (back.Minutes, back.Points, back.VerifiedRecords));
        Assert.Equal(0L, home.At(AreaOf(A), next).Minutes);
        Assert.Equal(0L, home.At(AreaOf(A), next).Active);
        // What September showed stays what it showed.
        Assert.Equal(60L, serving.At(AreaOf(C), month).Minutes);
    }

    [Fact]
    public void The_homes_credit_of_a_record_served_elsewhere_counts_no_flow_in_the_home_district()
    {
        var home = District(South, Sep, OneMonthActive);
        home.Tell(Volunteer(Visitor, A, Sep), Sep);
        home.Tell(Credited(Record, Visitor, C, 60, 10, Sep), Sep);

        foreach (var area in AllAreas)
        {
            var figures = home.At(area, CalendarMonth.Of(Sep));
            Assert.Equal((0L, 0L, 0L, 0L), (figures.Minutes, figures.Points, figures.VerifiedRecords, figures.ProjectsServed));
        }
    }

    /// <summary>
    /// For random histories of a year (those of <see cref="KpiAsOfProperties"/>): folded per district, with a record
    /// served across districts credited at home and noted where served, every area's figures as of every month, summed
    /// over the districts, equal one database's; and a community's, street's or district's are in its own district only.
    /// </summary>
    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property The_districts_add_up_to_one_database_whatever_the_history() =>
        Prop.ForAll(KpiAsOfProperties.Steps().ListOf().Select(s => s.OrderBy(x => x.Hour).ToList()).ToArbitrary(), steps =>
        {
            var history = KpiAsOfProperties.Interpret(steps);
            var one = Registered(KpiAsOfProperties.Policy, KpiAsOfProperties.Start);
            var districts = Districts.ToDictionary(d => d, d => District(d, KpiAsOfProperties.Start, KpiAsOfProperties.Policy));
            var homes = new Dictionary<Guid, Guid>();
            foreach (var (data, at) in history)
            {
                one.Tell(data, at);
                foreach (var (district, e) in InDistricts(data, homes))
                {
                    districts[district].Tell(e, at);
                }
            }

            foreach (var month in Enumerable.Range(0, 14).Select(KpiAsOfProperties.First.Plus))
            {
                foreach (var area in AllAreas)
                {
                    var sum = districts.Values.Select(d => d.At(area, month)).Aggregate(KpiFigures.Add);
                    if (!Equals(one.At(area, month), sum))
                    {
                        return false.Label($"{area} {month}: one database {one.At(area, month)}, the districts' sum {sum}");
                    }

                    if (area.District is { } own && !Equals(KpiFigures.Empty(month), districts[Districts.Single(d => d != own)].At(area, month)))
                    {
                        return false.Label($"{area} {month}: counted in a district not its own");
                    }
                }
            }

            return true.ToProperty();
        });

    /// <summary>Where each event is written in districts mode, and the note a credit across districts adds where the record was served.</summary>
    private static IEnumerable<(string District, object Event)> InDistricts(object data, Dictionary<Guid, Guid> homes)
    {
        switch (data)
        {
            case VolunteerRegistered r:
                homes[r.VolunteerId] = r.HomeCommunityId;
                yield return (DistrictOf(r.HomeCommunityId), r);
                break;
            case ServiceCredited c:
                yield return (DistrictOf(homes[c.VolunteerId]), c);
                if (DistrictOf(c.CommunityId) != DistrictOf(homes[c.VolunteerId]))
                {
                    yield return (DistrictOf(c.CommunityId), new ServiceCreditedAtHome(c.RecordId, c.VolunteerId, c.CommunityId, c.ServiceMinutes, c.Points, c.CreditedAt));
                }

                break;
            case ServiceCreditRevoked r:
                yield return (DistrictOf(homes[r.VolunteerId]), r);
                if (DistrictOf(r.CommunityId) != DistrictOf(homes[r.VolunteerId]))
                {
                    yield return (DistrictOf(r.CommunityId), new ServiceCreditRevokedAtHome(r.RecordId, r.VolunteerId, r.CommunityId, r.ServiceMinutes, r.Points, r.RevokedAt));
                }

                break;
            case StarAwarded s:
                yield return (DistrictOf(homes[s.VolunteerId]), s);
                break;
            case StarWithdrawn s:
                yield return (DistrictOf(homes[s.VolunteerId]), s);
                break;
            case ServiceRecordSubmitted s:
                yield return (DistrictOf(s.CommunityId), s);
                break;
            default:
                yield return (DistrictOf(CommunityOf(data)), data);
                break;
        }
    }

    private static Guid CommunityOf(object e) => e switch
    {
        TimeBank.Ledger.Organizations.SocialOrganizationEvent o => o switch
        {
            TimeBank.Ledger.Organizations.SocialOrganizationRegistered r => r.CommunityId,
            TimeBank.Ledger.Organizations.SocialOrganizationSuspended s => s.CommunityId,
            TimeBank.Ledger.Organizations.SocialOrganizationReinstated r => r.CommunityId,
            TimeBank.Ledger.Organizations.SocialOrganizationDissolved d => d.CommunityId,
            _ => throw new ArgumentException(o.GetType().Name),
        },
        TimeBank.Ledger.Stations.ServiceStationRegistered r => r.CommunityId,
        TimeBank.Ledger.Stations.StationHaveAttested a => a.CommunityId,
        TimeBank.Ledger.Stations.StationHaveWithdrawn w => w.CommunityId,
        _ => throw new ArgumentException($"No district for {e.GetType().Name}"),
    };

    /// <summary>A district's fold: only its own communities registered.</summary>
    private static KpiCity District(string district, DateTimeOffset at, TimeBank.Ledger.Policies.LedgerPolicy? policy = null)
    {
        var city = new KpiCity(policy);
        foreach (var community in Communities.Where(c => DistrictOf(c) == district))
        {
            city.Tell(new CommunityRegistered(community, $"社区 {community:N}"[..8], StreetOf(community), DistrictOf(community), Staff, at), at);
        }

        return city;
    }
}
