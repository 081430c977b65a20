using System.Text.Json;
using TimeBank.Api.Demo;
using TimeBank.Demo;
using TimeBank.Api.PersonalData;
using JasperFx.Events;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Units;
using TimeBank.Projections;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.Demo;

public sealed class DemoCityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 5, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<DemoCityHistory> City = new(() => DemoCity.Generate(Now));

    private static DemoCityHistory History => City.Value;

    private static string Readme => File.ReadAllText(Path.Combine(TimeBank.LocalDatabase.LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "README.md"));

    private static IReadOnlyList<DemoPerson> People => DemoPersonalDetails.Of(History.Cast);

    [Fact]
    public void Two_generations_at_the_same_moment_are_equal()
    {
        Assert.Equal(Snapshot(History), Snapshot(DemoCity.Generate(Now)));
    }

    [Fact]
    public void The_people_and_places_do_not_depend_on_the_clock()
    {
        var later = DemoCity.Generate(Now.AddDays(40));

        Assert.Equal(History.Cast.CityAdminId, later.Cast.CityAdminId);
        Assert.Equal(History.Cast.Communities.Select(c => c.Id), later.Cast.Communities.Select(c => c.Id));
        Assert.Equal(History.Cast.Volunteers.Select(v => v.Id), later.Cast.Volunteers.Select(v => v.Id));
        Assert.Equal(DemoPeople.CityAdminId, History.Cast.CityAdminId);
        Assert.Equal(History.Records.Select(r => r.Id), later.Records.Select(r => r.Id));
    }

    [Fact]
    public void The_city_has_six_communities_in_three_streets_of_two_districts_each_with_two_staff()
    {
        var communities = History.Cast.Communities;

        Assert.Equal(6, communities.Count);
        Assert.Equal(3, communities.Select(c => c.Street).Distinct().Count());
        Assert.Equal(2, communities.Select(c => c.District).Distinct().Count());
        Assert.All(communities, c => Assert.Equal(2, c.Staff.Distinct().Count()));
        Assert.Equal(6, History.Communities.Count);
        Assert.Equal(18, History.Projects.Count);
        Assert.All(communities, c => Assert.True(History.Cast.Projects.Count(p => p.CommunityId == c.Id) >= 3));
        Assert.True(History.Cast.Projects.Select(p => p.Category).Distinct().Count() >= 4);
        Assert.Equal([100, 120, 150], History.Cast.Projects.Select(p => p.PointsCoefficientPercent).Distinct().Order());
    }

    [Fact]
    public void About_two_hundred_volunteers_are_spread_over_every_community_with_unique_numbers()
    {
        var volunteers = History.Cast.Volunteers;

        Assert.InRange(volunteers.Count, 180, 220);
        Assert.Equal(volunteers.Count, volunteers.Select(v => v.Id).Distinct().Count());
        Assert.Equal(volunteers.Count, volunteers.Select(v => v.VolunteerNumber).Distinct().Count());
        Assert.All(History.Cast.Communities, c => Assert.True(volunteers.Count(v => v.HomeCommunityId == c.Id) >= 10));
        Assert.All(volunteers, v => Assert.InRange(v.DisplayName.Length, 2, 3));
        Assert.Equal(volunteers.Count, History.Accounts.Count);
        Assert.Equal(volunteers.Count, People.Count);
    }

    [Fact]
    public void No_event_carries_a_volunteer_name_phone_or_id()
    {
        var details = People.Select(p => p.Details).ToList();
        var values = details.Select(d => d.Name).Where(n => n.Length == 3)
            .Concat(details.Select(d => d.Phone).OfType<string>())
            .Concat(details.Select(d => d.NationalId).OfType<string>())
            .ToHashSet();
        var events = History.Accounts.SelectMany(s => s.Events).Cast<object>()
            .Concat(History.Records.SelectMany(s => s.Events))
            .Concat(History.Commendations.SelectMany(s => s.Events))
            .Concat(History.Organizations.SelectMany(s => s.Events))
            .Concat(History.Stations.SelectMany(s => s.Events))
            .Select(e => JsonSerializer.Serialize(e, e.GetType()));

        Assert.True(values.Count > 400, $"Only {values.Count} distinct values to look for.");
        Assert.DoesNotContain(events, json => values.Any(json.Contains));
    }

    [Fact]
    public void Every_demo_person_is_valid_plainly_fake_and_has_an_id_of_their_own()
    {
        var details = People.Select(p => p.Details).ToList();

        Assert.All(details, d => Assert.Equal(d, d.Validated()));
        Assert.All(details, d => Assert.NotNull(d.NationalId));
        Assert.Equal(details.Count, details.Select(d => d.NationalId).Distinct().Count());
        Assert.All(details.Where(d => d.NationalIdType == NationalIdType.ResidentIdCard), d => Assert.StartsWith("99", d.NationalId, StringComparison.Ordinal));
        Assert.Contains(details, d => d.NationalIdType == NationalIdType.Passport);
        Assert.All(details.Select(d => d.Phone).OfType<string>(), phone => Assert.StartsWith("1000000", phone, StringComparison.Ordinal));
        Assert.Contains(details, d => d.Phone is null);
        Assert.Equal(History.Cast.Volunteers.Select(v => v.DisplayName), details.Select(d => d.Name));
    }

    [Fact]
    public void No_volunteer_has_overlapping_records_and_no_record_covers_more_than_twelve_hours()
    {
        var records = Records();

        Assert.All(records, r => Assert.InRange((r.EndedAt - r.StartedAt).TotalHours, 0.25, 12));
        Assert.All(records, r => Assert.InRange(r.MinutesServed.Value, 1, (long)(r.EndedAt - r.StartedAt).TotalMinutes));
        Assert.All(records, r => Assert.True(r.EndedAt <= Now));
        foreach (var schedule in records.GroupBy(r => r.VolunteerId))
        {
            var ordered = schedule.OrderBy(r => r.StartedAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i - 1].EndedAt <= ordered[i].StartedAt, $"Records {ordered[i - 1].Id} and {ordered[i].Id} overlap.");
            }
        }
    }

    [Fact]
    public void Every_verifier_is_staff_of_the_record_community_and_not_the_volunteer()
    {
        var staff = History.Cast.Communities.ToDictionary(c => c.Id, c => c.Staff);

        var verified = Records().Where(r => r.VerifiedBy is not null).ToList();

        Assert.NotEmpty(verified);
        Assert.All(verified, r =>
        {
            Assert.Contains(r.VerifiedBy!.Value, staff[r.CommunityId]);
            Assert.NotEqual(r.VolunteerId, r.VerifiedBy);
        });
    }

    [Fact]
    public void Every_volunteer_serves_and_a_few_records_are_rejected_or_revoked()
    {
        var records = Records();

        Assert.All(History.Cast.Volunteers, v => Assert.True(records.Count(r => r.VolunteerId == v.Id) >= 10));
        var rejected = records.Count(r => r.Status == RecordStatus.Rejected);
        var revoked = records.Count(r => r.Status == RecordStatus.Revoked);
        Assert.InRange(rejected, records.Count / 100, records.Count * 4 / 100);
        Assert.InRange(revoked, records.Count / 200, records.Count * 2 / 100);
        var awaiting = records.Count(r => r.Status == RecordStatus.Submitted);
        Assert.Equal(records.Count - rejected - revoked - awaiting, records.Count(r => r.Status == RecordStatus.Credited));
        Assert.All(
            History.Records.SelectMany(s => s.Events).OfType<ServiceRecordRevoked>(),
            e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
    }

    [Fact]
    public void Records_of_the_first_community_await_verification_so_the_README_staff_example_shows_them()
    {
        var awaiting = Records().Where(r => r.Status == RecordStatus.Submitted).ToList();

        // The staff example's token is DemoPeople.FirstCommunityStaffId, staff of the first community (太平角社区).
        Assert.Contains(DemoPeople.FirstCommunityStaffId, History.Cast.Communities[0].Staff);
        Assert.Equal("太平角社区", History.Cast.Communities[0].Name);
        Assert.InRange(awaiting.Count, 5, 30);
        Assert.All(awaiting, r => Assert.Equal(DemoPeople.FirstCommunityId, r.CommunityId));
        Assert.Contains(awaiting, r => r.VolunteerId == DemoPeople.VolunteerId);
        // Yesterday's service (China time), submitted before now.
        Assert.All(awaiting, r => Assert.InRange(Now - r.StartedAt, TimeSpan.FromHours(1), TimeSpan.FromDays(2)));
    }

    /// <summary>
    /// The record's start and end are columns of the overlap index (timestamptz): Npgsql writes only UTC, so a record in
    /// China time stopped the whole seeding (ReadmeAgainstTheDemoCityTests seeds it).
    /// </summary>
    [Fact]
    public void Every_record_starts_and_ends_in_UTC()
    {
        Assert.All(Records(), r => Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (r.StartedAt.Offset, r.EndedAt.Offset)));
    }

    [Fact]
    public void Accounts_hold_exactly_the_hours_of_their_credited_records()
    {
        var records = Records();
        var accounts = Accounts();

        Assert.All(accounts, a => Assert.Equal(
            records.Where(r => r.VolunteerId == a.Id && r.Status == RecordStatus.Credited).Sum(r => r.MinutesServed.Value),
            a.ServiceMinutes));
        Assert.All(accounts, a => Assert.Equal(LedgerPolicy.Default.StarLevelFor(a.Service), a.StarLevel));
    }

    [Fact]
    public void Some_volunteers_have_a_star_and_some_have_expired_points()
    {
        var accounts = Accounts();

        Assert.InRange(accounts.Count(a => a.StarLevel >= 1), 5, 40);
        Assert.InRange(accounts.Count(a => a.Lots.Any(lot => lot.Expired > 0)), 5, 40);
        Assert.All(accounts, a => Assert.DoesNotContain(a.Lots, lot => lot.Remaining > 0 && lot.ExpiresAt <= Now));
        Assert.All(accounts, a => Assert.True(a.PointsBalance >= 0 && a.TimeCreditBalance >= 0));
    }

    [Fact]
    public void Every_stream_happened_in_order_and_before_now()
    {
        IEnumerable<IReadOnlyList<object>> streams =
        [
            .. History.Communities.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Projects.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Merchants.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Accounts.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Records.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Commendations.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Organizations.Select(s => s.Events.Cast<object>().ToList()),
            .. History.Stations.Select(s => s.Events.Cast<object>().ToList()),
        ];

        Assert.All(streams, events =>
        {
            var times = events.Select(DemoCity.OccurredAt).ToList();
            Assert.Equal(times.Order(), times);
            Assert.True(times[^1] <= Now);
        });
    }

    [Fact]
    public void The_well_known_volunteer_lives_in_the_first_community_and_has_a_star()
    {
        var volunteer = Accounts().Single(a => a.Id == DemoPeople.VolunteerId);

        Assert.Equal(DemoPeople.FirstCommunityId, volunteer.HomeCommunityId);
        Assert.True(volunteer.StarLevel >= 1);
        Assert.Contains(DemoPeople.FirstCommunityStaffId, History.Cast.Communities[0].Staff);
    }

    [Fact]
    public void Every_community_commended_volunteers_one_was_withdrawn_and_the_city_commended_the_well_known_volunteer()
    {
        var commendations = History.Commendations.Select(s => s.Events.Aggregate((Commendation?)null, Commendation.Evolve)!).ToList();

        Assert.All(History.Cast.Communities, c => Assert.Contains(commendations, m => m.CommunityId == c.Id));
        Assert.All(commendations.Where(m => m.CommunityId is not null), m =>
            Assert.Equal(m.CommunityId, History.Cast.Volunteers.Single(v => v.Id == m.VolunteerId).HomeCommunityId));
        var withdrawn = Assert.Single(commendations, m => m.IsWithdrawn);
        Assert.Equal(DemoPeople.FirstCommunityId, withdrawn.CommunityId);
        Assert.False(string.IsNullOrWhiteSpace(withdrawn.Withdrawal!.Reason));
        var byTheCity = Assert.Single(commendations, m => m.CommunityId is null);
        Assert.Equal((DemoPeople.VolunteerId, DemoPeople.CityAdminId), (byTheCity.VolunteerId, byTheCity.GrantedBy));
        Assert.All(commendations, m => Assert.True(m.AwardedOn <= ChinaTime.DayOf(Now)));
        Assert.Equal(commendations.Count, commendations.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public void Some_communities_reach_the_target_of_twelve_active_organizations_some_do_not_one_is_suspended_and_one_dissolved()
    {
        var organizations = History.Organizations.Select(s => s.Events.Aggregate((SocialOrganization?)null, SocialOrganization.Evolve)!).ToList();
        var active = History.Cast.Communities.ToDictionary(c => c.Number, c => organizations.Count(o => o.CommunityId == c.Id && o.IsActive));

        Assert.Contains(active.Values, n => n >= TimeBank.Ledger.Policies.LedgerPolicy.Default.SocialOrganizationTarget);
        Assert.Contains(active.Values, n => n < TimeBank.Ledger.Policies.LedgerPolicy.Default.SocialOrganizationTarget);
        Assert.Single(organizations, o => o.Status == OrganizationStatus.Suspended);
        Assert.Single(organizations, o => o.Status == OrganizationStatus.Dissolved);
        Assert.All(History.Cast.Communities, c =>
        {
            var names = organizations.Where(o => o.CommunityId == c.Id).Select(o => SocialOrganizationName.Normalize(o.Name)).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
        });
    }

    [Fact]
    public void Every_community_has_a_station_and_some_miss_attested_haves()
    {
        var stations = History.Stations.Select(s => s.Events.Aggregate((ServiceStation?)null, ServiceStation.Evolve)!).ToList();

        Assert.All(History.Cast.Communities, c => Assert.Contains(stations, s => s.CommunityId == c.Id));
        Assert.Contains(stations, s => s.Attested.Count == ServiceStationRules.Attestable.Count);
        Assert.Contains(stations, s => s.Attested.Count < ServiceStationRules.Attestable.Count);
        Assert.Contains(History.Stations, s => s.Events.OfType<StationHaveWithdrawn>().Any());
        Assert.All(stations.SelectMany(s => s.Attested), a => Assert.True(a.AttestedOn <= ChinaTime.DayOf(Now)));
    }

    [Fact]
    public void The_certificates_the_demo_city_issues_and_requests_have_verified_service_to_state_and_their_ids_are_the_readmes()
    {
        var plan = DemoCertificates.Plan(History);
        var records = History.Records.Select(s => s.Events.Aggregate((ServiceRecord?)null, ServiceRecord.Evolve)!).ToList();
        var today = ChinaTime.DayOf(Now);

        Assert.Equal((DemoPeople.VolunteerId, DemoPeople.FirstCommunityId), (plan.Issued.Command.Subject!.VolunteerId, plan.Issued.Command.Subject.CommunityId));
        Assert.Equal(DemoCertificates.VolunteerCertificateId, plan.Issued.Command.CertificateId);
        Assert.Equal(DemoCertificates.VolunteerRequestId, plan.Requested.Command.CertificateId);
        Assert.Equal((DemoPeople.VolunteerId, DemoPeople.FirstCommunityId), (plan.Requested.Command.Actor.PersonId, plan.Requested.Command.CommunityId));
        Assert.NotEmpty(CertificateDecider.Certified(plan.Issued.Command.Subject, records));
        Assert.NotEmpty(CertificateDecider.Certified(new CertificateSubject(DemoPeople.VolunteerId, DemoPeople.FirstCommunityId, plan.Requested.Command.Period), records));
        Assert.True(plan.Requested.Command.Period.To < today);

        Assert.Equal(History.Cast.Communities.Select(c => c.Id), plan.Revocable.Select(i => i.Command.Subject!.CommunityId));
        Assert.All(plan.Revocable, i => Assert.NotEmpty(CertificateDecider.Certified(i.Command.Subject!, records)));
        Assert.Equal(plan.Revocable.Select(i => i.Command.CertificateId), plan.Revocations.Select(r => r.Command.CertificateId));
        Assert.All(plan.Revocations, r => Assert.False(string.IsNullOrWhiteSpace(r.Command.Reason)));

        Assert.Equal(History.Cast.Communities.Select(c => c.Id), plan.BulkIssuances.Select(b => b.CommunityId));
        Assert.Equal(DemoCertificates.FirstCommunityBulkIssuanceId, plan.BulkIssuances[0].JobId);
        Assert.All(plan.BulkIssuances, b => Assert.Contains(records, r =>
            r.CommunityId == b.CommunityId && r.Status is RecordStatus.Verified or RecordStatus.Credited && ChinaTime.DayOf(r.StartedAt).Year == b.Year));

        var ids = new Guid[] { plan.Issued.CommandId, plan.Issued.Command.CertificateId, plan.Requested.CommandId, plan.Requested.Command.CertificateId }
            .Concat(plan.Revocable.SelectMany(i => new[] { i.CommandId, i.Command.CertificateId }))
            .Concat(plan.Revocations.Select(r => r.CommandId)).Concat(plan.BulkIssuances.Select(b => b.JobId)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(DemoCertificates.VolunteerCertificateId.ToString(), Readme, StringComparison.Ordinal);
        Assert.Contains(DemoCertificates.FirstCommunityBulkIssuanceId.ToString(), Readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-06", 2026)]
    [InlineData("2026-07-05", 2026)]
    [InlineData("2026-06-30", 2025)]
    [InlineData("2027-01-02", 2026)]
    public void The_bulk_issuances_certify_the_year_that_holds_most_of_the_demo_service(string today, int year)
    {
        Assert.Equal(year, DemoCertificates.BulkYear(new DateTimeOffset(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(12, 0)), ChinaTime.Offset)));
    }

    [Fact]
    public void Each_district_has_approved_merchants_one_pending_and_one_suspended_with_a_reason()
    {
        var merchants = History.Merchants.Select(s => s.Events.Aggregate((Merchant?)null, Merchant.Evolve)!).ToList();
        var districtOf = History.Cast.Communities.ToDictionary(c => c.Id, c => c.District);

        Assert.Equal(History.Cast.Merchants.Select(m => (m.Id, m.Status)), merchants.Select(m => (m.Id, m.Status)));
        foreach (var district in merchants.GroupBy(m => districtOf[m.CommunityId]))
        {
            Assert.Equal(2, district.Count(m => m.Status == MerchantStatus.Approved));
            Assert.Single(district, m => m.Status == MerchantStatus.Pending);
            Assert.Single(district, m => m.Status == MerchantStatus.Suspended);
        }

        Assert.Equal(2, merchants.Select(m => districtOf[m.CommunityId]).Distinct().Count());
        Assert.All(History.Merchants.SelectMany(s => s.Events).OfType<MerchantSuspended>(), e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        var demo = merchants.Single(m => m.Id == DemoPeople.MerchantId);
        Assert.Equal((DemoPeople.FirstCommunityId, MerchantStatus.Approved), (demo.CommunityId, demo.Status));
    }

    [Fact]
    public void Volunteers_redeem_at_merchants_with_voids_expired_holds_and_full_and_partial_refunds()
    {
        var events = History.Accounts.SelectMany(s => s.Events).ToList();
        var completed = events.OfType<HoldCompleted>().ToList();
        var refunds = events.OfType<PointsRefunded>().ToList();

        Assert.InRange(completed.Count, 60, 400);
        Assert.InRange(events.OfType<HoldVoided>().Count(), 5, 100);
        Assert.InRange(events.OfType<HoldExpired>().Count(), 3, 100);
        Assert.Contains(refunds, r => r.Amount == completed.Single(c => c.HoldId == r.HoldId).Amount);
        Assert.Contains(refunds, r => r.Amount < completed.Single(c => c.HoldId == r.HoldId).Amount);
        Assert.All(events.OfType<PointsHeld>(), held => Assert.Contains(
            events, e => e is HoldCompleted c && c.HoldId == held.HoldId || e is HoldVoided v && v.HoldId == held.HoldId || e is HoldExpired x && x.HoldId == held.HoldId));
        var pending = History.Cast.Merchants.Where(m => m.Status == MerchantStatus.Pending).Select(m => m.Id).ToHashSet();
        Assert.DoesNotContain(events.OfType<PointsHeld>(), held => pending.Contains(held.MerchantId));
        var suspension = History.Merchants.SelectMany(s => s.Events).OfType<MerchantSuspended>().ToDictionary(e => e.MerchantId, e => e.SuspendedAt);
        Assert.All(completed.Where(c => suspension.ContainsKey(c.MerchantId)), c => Assert.True(c.CompletedAt < suspension[c.MerchantId]));
        Assert.Contains(completed, c => suspension.ContainsKey(c.MerchantId));
    }

    [Fact]
    public void The_demo_merchants_statement_shows_weeks_of_redemptions_and_refunds()
    {
        var projection = new MerchantSettlementProjection();
        var days = new Dictionary<string, MerchantSettlementDay?>();
        var sequence = 0L;
        foreach (var e in History.Accounts.SelectMany(s => s.Events).Where(e => e is HoldCompleted or PointsRefunded))
        {
            var at = DemoCity.OccurredAt(e);
            var merchantId = e is HoldCompleted c ? c.MerchantId : ((PointsRefunded)e).MerchantId;
            var id = MerchantSettlementProjection.DayOf(merchantId, at);
            IEvent stored = e is HoldCompleted completed
                ? new Event<HoldCompleted>(completed) { Timestamp = at, Sequence = ++sequence }
                : new Event<PointsRefunded>((PointsRefunded)e) { Timestamp = at, Sequence = ++sequence };
            days[id] = projection.Evolve(days.GetValueOrDefault(id), id, stored);
        }

        var statement = days.Values.OfType<MerchantSettlementDay>().Where(d => d.MerchantId == DemoPeople.MerchantId).ToList();
        Assert.InRange(statement.Count, 10, 80);
        Assert.Contains(statement, d => d.Refunded > 0);
        Assert.True(statement.Sum(d => d.Net) > 0);
        Assert.All(statement, d => Assert.True(d.Day < DateOnly.FromDateTime(Now.UtcDateTime)));
    }

    [Fact]
    public void Points_are_conserved_between_volunteers_merchants_issuance_and_expiry()
    {
        var postings = History.Accounts.SelectMany(s => s.Events).OfType<ILedgerTransaction>().SelectMany(t => t.Postings).ToList();
        var balances = postings.SelectMany(p => new[] { (p.To, p.Unit, p.Amount), (p.From, p.Unit, -p.Amount) })
            .GroupBy(b => (b.Item1, b.Unit)).ToDictionary(g => g.Key, g => g.Sum(b => b.Item3));

        Assert.All(Enum.GetValues<LedgerUnit>(), unit => Assert.Equal(0, balances.Where(b => b.Key.Unit == unit).Sum(b => b.Value)));
        var events = History.Accounts.SelectMany(s => s.Events).ToList();
        foreach (var merchant in History.Cast.Merchants)
        {
            var expected = events.OfType<HoldCompleted>().Where(c => c.MerchantId == merchant.Id).Sum(c => c.Amount)
                - events.OfType<PointsRefunded>().Where(r => r.MerchantId == merchant.Id).Sum(r => r.Amount);
            Assert.Equal(expected, balances.GetValueOrDefault((AccountId.Merchant(merchant.Id), LedgerUnit.Points)));
            Assert.True(expected >= 0);
        }

        Assert.All(Accounts(), a => Assert.Empty(a.Holds));
        Assert.All(Accounts(), a => Assert.Equal(a.PointsBalance, balances.GetValueOrDefault((AccountId.Volunteer(a.Id), LedgerUnit.Points))));
    }

    private static List<ServiceRecord> Records() =>
        [.. History.Records.Select(s => s.Events.Aggregate((ServiceRecord?)null, ServiceRecord.Evolve)!)];

    private static List<VolunteerAccount> Accounts() =>
        [.. History.Accounts.Select(s => s.Events.Aggregate((VolunteerAccount?)null, VolunteerAccount.Evolve)!)];

    private static List<string> Snapshot(DemoCityHistory history)
    {
        List<object> all =
        [
            .. history.Communities.SelectMany(s => s.Events.Cast<object>().Prepend(s.Id)),
            .. history.Projects.SelectMany(s => s.Events.Cast<object>().Prepend(s.Id)),
            .. history.Merchants.SelectMany(s => s.Events.Cast<object>().Prepend(s.Id)),
            .. history.Accounts.SelectMany(s => s.Events.Cast<object>().Prepend(s.Id)),
            .. history.Records.SelectMany(s => s.Events.Cast<object>().Prepend(s.Id)),
            .. DemoPersonalDetails.Of(history.Cast),
        ];
        return [.. all.Select(o => JsonSerializer.Serialize(o, o.GetType()))];
    }
}
