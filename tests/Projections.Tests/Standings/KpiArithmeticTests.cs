using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Standings;
using TimeBank.Ledger.Stations;
using TimeBank.Projections.Standings;
using static TimeBank.Projections.Tests.Standings.KpiCity;

namespace TimeBank.Projections.Tests.Standings;

/// <summary>
/// KPI arithmetic on a fixture worked out by hand (policy: active with service in 2 of the last 3 months; a station's
/// team from 2 volunteers, its service from 1 project and its records from 2 verified records in the quarter).
/// </summary>
public sealed class KpiArithmeticTests
{
    private static readonly LedgerPolicy Policy = LedgerPolicy.Default with
    {
        StationTeamMinVolunteers = 2, StationServiceMinProjects = 1, StationRecordsMinVerified = 2,
    };

    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly Guid V1 = Id(1), V2 = Id(2), V3 = Id(3), V4 = Id(4), V5 = Id(5);
    private static readonly Guid Knitting = Id(0x70), Chess = Id(0x71), Station1 = Id(0x51), Project = Id(0x91);

    private static readonly CalendarMonth Aug = new(2026, 8), Sep = new(2026, 9), Oct = new(2026, 10), Nov = new(2026, 11),
        Dec = new(2026, 12), Jan = new(2027, 1);

    private static Guid Id(int n) => Guid.Parse($"0195f3a0-0000-7000-8000-{n:x12}");

    private static DateTimeOffset On(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, China);

    private readonly KpiCity city = History();

    /// <summary>
    /// 市南区/八大湖街道: community A with V1–V4 at home, B with V5. V1 serves on 30 September 23:30 and 1 October 00:30 China
    /// time (the same UTC day: two calendar months). V2 serves in September and October; the October record is revoked in
    /// November. A has two organizations from September; one is dissolved on 15 October. A's station has its place,
    /// facilities and rules attested in September.
    /// </summary>
    private static KpiCity History()
    {
        var city = Registered(Policy, On(8, 1));
        foreach (var (volunteer, home) in new[] { (V1, A), (V2, A), (V3, A), (V4, A), (V5, B) })
        {
            city.Tell(Volunteer(volunteer, home, On(8, 2)), On(8, 2));
        }

        city.Tell(Organization(Knitting, A, On(9, 5)), On(9, 5));
        city.Tell(Organization(Chess, A, On(9, 10)), On(9, 10));
        city.Tell(Station(Station1, A, On(9, 1)), On(9, 1));
        foreach (var have in new[] { StationHave.Place, StationHave.Facilities, StationHave.Rules })
        {
            city.Tell(Attested(Station1, A, have, On(9, 2)), On(9, 2));
        }

        Serve(city, Id(0xa1), V1, On(9, 30, 23, 30));
        Serve(city, Id(0xa2), V2, On(9, 30, 12));
        Serve(city, Id(0xa3), V1, On(10, 1, 0, 30));
        Serve(city, Id(0xa4), V2, On(10, 20));
        city.Tell(new StarAwarded(V1, 1, 6000, On(10, 21)), On(10, 21));
        city.Tell(new SocialOrganizationDissolved(Knitting, A, "停止活动", Staff, On(10, 15)), On(10, 15));
        city.Tell(Revoked(Id(0xa4), V2, A, 60, 10, On(11, 3)), On(11, 3));
        return city;
    }

    private static void Serve(KpiCity city, Guid record, Guid volunteer, DateTimeOffset at)
    {
        city.Tell(Submitted(record, volunteer, A, Project, 60, at), at);
        city.Tell(Credited(record, volunteer, A, 60, 10, at), at);
    }

    [Fact]
    public void Active_volunteers_count_calendar_months_of_china_time_at_the_boundary()
    {
        // V1: September and October (the 23:30 and 00:30 records fall in two months): active from October, not in September.
        Assert.Equal(0, city.At(AreaOf(A), Sep).Active);
        Assert.Equal(2, city.At(AreaOf(A), Oct).Active);
        Assert.Equal(4, city.At(AreaOf(A), Oct).Registered);
        // 2 of 4 is 50%: not more than the target.
        Assert.False(KpiTargets.ActiveRatioMet(2, 4, Policy));
    }

    [Fact]
    public void A_revoked_record_makes_its_volunteer_inactive_from_the_month_of_revocation_only()
    {
        // V2 served September and October; October's record was revoked in November: still active as October was shown,
        // no longer in November. V1 (September, October) stays active in November and lapses in December.
        Assert.Equal(2, city.At(AreaOf(A), Oct).Active);
        Assert.Equal(1, city.At(AreaOf(A), Nov).Active);
        Assert.Equal(0, city.At(AreaOf(A), Dec).Active);
        Assert.Equal(new KpiFigures(Nov, 1, 4, 1, 1, 1, 1, [1, 0, 0, 0, 0], -60, -10, -1, 0), city.At(AreaOf(A), Nov));
    }

    [Fact]
    public void Minutes_points_and_records_are_the_months_own()
    {
        Assert.Equal((120L, 20L, 2L, 1L), Flows(city.At(AreaOf(A), Sep)));
        Assert.Equal((120L, 20L, 2L, 1L), Flows(city.At(AreaOf(A), Oct)));
        Assert.Equal((0L, 0L, 0L, 0L), Flows(city.At(AreaOf(A), Dec)));
    }

    [Fact]
    public void An_organization_dissolved_mid_month_no_longer_counts_that_month()
    {
        Assert.Equal(2, city.At(AreaOf(A), Sep).SocialOrganizations);
        Assert.Equal(1, city.At(AreaOf(A), Oct).SocialOrganizations);
        Assert.False(KpiTargets.SocialOrganizationsMet(1, 1, Policy));
    }

    [Fact]
    public void A_station_meets_six_haves_while_the_quarter_has_service_and_records()
    {
        // Records in A: September 2, October 2, November −1. Quarters ending Sep: 2, Oct: 4, Nov: 3, Dec: 1, Jan: −1.
        Assert.Equal(0, city.At(AreaOf(A), Aug).StationsMeetingSixHaves);
        Assert.Equal([1L, 1L, 1L, 0L, 0L], new[] { Sep, Oct, Nov, Dec, Jan }.Select(m => city.At(AreaOf(A), m).StationsMeetingSixHaves));
        Assert.Equal(1, city.At(AreaOf(A), Dec).Stations);
    }

    [Fact]
    public void A_withdrawn_attestation_stops_the_station_meeting_six_haves_from_its_month()
    {
        city.Tell(Withdrawn(Station1, A, StationHave.Place, On(10, 25)), On(10, 25));

        Assert.Equal(1, city.At(AreaOf(A), Sep).StationsMeetingSixHaves);
        Assert.Equal(0, city.At(AreaOf(A), Oct).StationsMeetingSixHaves);
        Assert.Equal(0, city.At(AreaOf(A), Nov).StationsMeetingSixHaves);
    }

    [Fact]
    public void Street_district_and_city_add_up_their_communities()
    {
        var street = city.At(Area.OfStreet(South, Lakes), Oct);
        Assert.Equal(new KpiFigures(Oct, 2, 5, 2, 1, 1, 1, [1, 0, 0, 0, 0], 120, 20, 2, 1), street);
        Assert.Equal(street, city.At(Area.OfDistrict(South), Oct));
        Assert.Equal(street with { Communities = 3 }, city.At(Area.City, Oct));
        Assert.Equal(KpiFigures.Empty(Oct) with { Communities = 1 }, city.At(Area.OfDistrict(Hills), Oct));
    }

    private static (long, long, long, long) Flows(KpiFigures f) => (f.Minutes, f.Points, f.VerifiedRecords, f.ProjectsServed);
}
