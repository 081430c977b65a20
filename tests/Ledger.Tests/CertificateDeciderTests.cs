using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>Certificates (志愿服务证明): requested by the volunteer, issued by the community that recorded the service, frozen, numbered without gaps, revocable.</summary>
public sealed class CertificateDeciderTests
{
    private static readonly Guid CertificateId = new("00000000-0000-0000-0000-0000000ce001");
    private static readonly CertificatePeriod May = new(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31));
    private static readonly CertificateSignatories Signatories = new("王主任", "李经办", "0532-8000 0000");
    private static readonly Community RiversideCommunity = new(Riverside, "Riverside", "Riverside street", "Shinan", [RiversideStaffId]);
    private static readonly VolunteerAccount AnaAccount =
        VolunteerAccount.Open(new VolunteerRegistered(AnaId, Riverside, "V-0042", RiversideStaffId, Now.AddYears(-1))) with { StarLevel = 2 };

    private static ServiceRecord Record(int day, RecordStatus status = RecordStatus.Credited, Guid? community = null, Guid? volunteer = null, int hour = 9) =>
        new(Guid.CreateVersion7(), volunteer ?? AnaId, Eldercare.Id, community ?? Riverside, "Eldercare visits", "eldercare", 150, true, "station",
            new DateTimeOffset(2026, 5, day, hour, 0, 0, ChinaTime.Offset), new DateTimeOffset(2026, 5, day, hour + 2, 0, 0, ChinaTime.Offset),
            new Minutes(120), $"Visit on the {day}th", "王主任", RiversideStaffId, status, Contested: false, VerifiedBy: RiversideStaffId, Amendments: 0);

    private static CertificateSeal Seal(CertificateContent content) => new("key-1", "sig:" + content.Number, "ABCD2345WXYZ");

    private static IssueContext Context(IReadOnlyList<ServiceRecord> records, CertificateRegister? register = null) =>
        new(RiversideCommunity, "RS", register, AnaAccount, "digest", records);

    private static CertificateIssue Issue(IssueCertificate command, Certificate? state, IssueContext context) =>
        CertificateDecider.Issue(command, state, context, Now, Seal);

    private static IssueCertificate Direct(Actor? by = null, CertificatePeriod? period = null, Guid? community = null) =>
        new(CertificateId, new CertificateSubject(AnaId, community ?? Riverside, period ?? May), Signatories, " 特此证明 ", by ?? RiversideStaff);

    // Requesting

    [Fact]
    public void A_volunteer_requests_a_certificate_of_service_the_community_recorded()
    {
        var requested = CertificateDecider.Request(new RequestCertificate(CertificateId, Riverside, May, Ana), null, [Record(3)], Now);

        Assert.Equal(new CertificateRequested(CertificateId, AnaId, Riverside, May, AnaId, Now), requested);
        Assert.Equal(CertificateStatus.Requested, Certificate.Evolve(null, requested)!.Status);
    }

    [Fact]
    public void A_request_to_a_community_that_recorded_nothing_verified_for_the_volunteer_is_refused() =>
        Refused(RefusalCodes.NoCertifiableService, () => CertificateDecider.Request(
            new RequestCertificate(CertificateId, Riverside, May, Ana), null,
            [Record(3, community: Hillside), Record(4, RecordStatus.Submitted), Record(5, RecordStatus.Revoked), Record(6, RecordStatus.Rejected), Record(7, volunteer: BenId)], Now));

    [Fact]
    public void Only_a_volunteer_requests_and_only_for_themself() =>
        Refused(RefusalCodes.Forbidden, () => CertificateDecider.Request(new RequestCertificate(CertificateId, Riverside, May, RiversideStaff), null, [Record(3)], Now));

    [Theory]
    [InlineData("2026-05-31", "2026-05-01")]
    [InlineData("2026-06-01", "2026-06-16")]
    public void A_period_backwards_or_reaching_past_today_is_refused(string from, string to) =>
        Refused(RefusalCodes.CertificatePeriodInvalid, () => CertificateDecider.Request(
            new RequestCertificate(CertificateId, Riverside, new CertificatePeriod(DateOnly.Parse(from), DateOnly.Parse(to)), Ana), null, [Record(3)], Now));

    [Fact]
    public void A_period_ending_today_in_China_is_not_in_the_future()
    {
        // 2026-06-15 20:00 UTC is already 06-16 in China.
        var lateEvening = new DateTimeOffset(2026, 6, 15, 20, 0, 0, TimeSpan.Zero);
        var period = new CertificatePeriod(new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 16));

        Assert.Equal(period, CertificateDecider.Request(new RequestCertificate(CertificateId, Riverside, period, Ana), null, [Record(3)], lateEvening).Period);
    }

    // Issuing

    [Fact]
    public void Staff_issue_a_requested_certificate_with_the_records_frozen_and_the_next_number()
    {
        var requested = Certificate.FromRequest(new CertificateRequested(CertificateId, AnaId, Riverside, May, AnaId, Now.AddDays(-1)));
        var second = Record(20, hour: 14);
        var first = Record(2, RecordStatus.Verified);
        var register = new CertificateRegister(CertificateRegister.IdOf(Riverside, 2026), Riverside, 2026, 41);

        var issue = Issue(new IssueCertificate(CertificateId, null, Signatories, "", RiversideStaff), requested,
            Context([second, Record(21, RecordStatus.Revoked), first, Record(22, community: Hillside)], register));

        var content = issue.Issued.Content;
        Assert.Equal("RS-2026-000042", content.Number);
        Assert.Equal([first.Id, second.Id], content.Records.Select(r => r.RecordId));
        Assert.Equal(240, content.TotalMinutes);
        Assert.Equal((2, "V-0042", "digest", "Riverside", new DateOnly(2026, 6, 15)), (content.StarLevel, content.VolunteerNumber, content.PersonDigest, content.Organization, content.IssuedOn));
        Assert.Equal(Seal(content), issue.Issued.Seal);
        Assert.Equal(new CertificateNumberTaken(register.Id, Riverside, 2026, 42, CertificateId, Now), issue.NumberTaken);
        Assert.Equal(register with { LastSequence = 42 }, CertificateRegister.Evolve(register, issue.NumberTaken));

        var issued = Certificate.Evolve(requested, issue.Issued)!;
        Assert.Equal((CertificateStatus.Issued, content), (issued.Status, issued.Content));
    }

    [Fact]
    public void The_first_number_of_a_year_is_1_and_a_city_admin_may_issue_directly()
    {
        var issue = Issue(Direct(Actor.CityAdmin(BenId)), null, Context([Record(3)]));

        Assert.Equal((1, "RS-2026-000001", "特此证明"), (issue.Issued.Sequence, issue.Issued.Content.Number, issue.Issued.Content.Notes));
        Assert.Equal(CertificateRegister.IdOf(Riverside, 2026), issue.NumberTaken.RegisterId);
    }

    [Fact]
    public void The_year_of_a_number_is_the_year_in_China()
    {
        // 31 Dec 2026 17:00 UTC is 1 Jan 2027 in China.
        var newYear = new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero);
        var issue = CertificateDecider.Issue(Direct(), null, Context([Record(3)]), newYear, Seal);

        Assert.Equal((2027, "RS-2027-000001"), (issue.Issued.Year, issue.Issued.Content.Number));
    }

    [Fact]
    public void Registers_differ_by_community_and_year_and_are_stable()
    {
        Assert.Equal(CertificateRegister.IdOf(Riverside, 2026), CertificateRegister.IdOf(Riverside, 2026));
        Assert.Equal(4, new[]
        {
            CertificateRegister.IdOf(Riverside, 2026), CertificateRegister.IdOf(Riverside, 2027),
            CertificateRegister.IdOf(Hillside, 2026), CertificateRegister.IdOf(Hillside, 2027),
        }.Distinct().Count());
    }

    [Fact]
    public void Staff_of_another_community_cannot_issue_and_a_volunteer_cannot_issue_their_own_request()
    {
        Refused(RefusalCodes.NotStaffOfCommunity, () => Issue(Direct(HillsideStaff), null, Context([Record(3)])));
        var requested = Certificate.FromRequest(new CertificateRequested(CertificateId, AnaId, Riverside, May, AnaId, Now));
        Refused(RefusalCodes.NotStaffOfCommunity, () => Issue(new IssueCertificate(CertificateId, null, Signatories, "", Ana), requested, Context([Record(3)])));
        Refused(RefusalCodes.NotFound, () => Issue(new IssueCertificate(CertificateId, null, Signatories, "", HillsideStaff), requested, Context([Record(3)])));
    }

    [Fact]
    public void Issuing_needs_service_to_certify_a_subject_and_every_signatory()
    {
        Refused(RefusalCodes.NoCertifiableService, () => Issue(Direct(), null, Context([Record(3, RecordStatus.Submitted)])));
        Refused(RefusalCodes.NotFound, () => Issue(Direct() with { Subject = null }, null, Context([Record(3)])));
        Refused(RefusalCodes.InvalidInput, () => Issue(Direct() with { Signatories = Signatories with { HandlingOfficer = " " } }, null, Context([Record(3)])));
        Refused(RefusalCodes.CertificatePeriodInvalid, () => Issue(Direct(period: new CertificatePeriod(new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1))), null, Context([Record(3)])));
        Refused(RefusalCodes.VolunteerNotFound, () => Issue(Direct(), null, Context([Record(3)]) with { Volunteer = null }));
    }

    [Fact]
    public void A_request_is_issued_as_requested()
    {
        var requested = Certificate.FromRequest(new CertificateRequested(CertificateId, AnaId, Riverside, May, AnaId, Now));

        Refused(RefusalCodes.InvalidInput, () => Issue(Direct(period: May with { To = new DateOnly(2026, 5, 10) }), requested, Context([Record(3)])));
        Assert.Equal(May, Issue(Direct(), requested, Context([Record(3)])).Issued.Content.Period);
    }

    [Fact]
    public void An_issued_or_declined_certificate_is_not_issued_again()
    {
        var issued = Certificate.FromIssue(Issue(Direct(), null, Context([Record(3)])).Issued);
        Refused(RefusalCodes.InvalidCertificateState, () => Issue(Direct(), issued, Context([Record(3)])));
        Refused(RefusalCodes.InvalidCertificateState, () => Issue(Direct(), issued with { Status = CertificateStatus.Declined }, Context([Record(3)])));
    }

    // Declining and revoking

    // Star certificates (志愿服务星级证明)

    private static IssueStarCertificate Star(int level, Actor? by = null, Guid? community = null) =>
        new(CertificateId, AnaId, community ?? Riverside, level, Signatories, "", by ?? RiversideStaff);

    [Fact]
    public void Staff_certify_a_star_level_reached_with_the_next_number_of_the_same_register_and_no_records()
    {
        var register = new CertificateRegister(CertificateRegister.IdOf(Riverside, 2026), Riverside, 2026, 41);
        var account = AnaAccount with { ServiceMinutes = 6_000 };
        var first = Record(2);

        var issue = CertificateDecider.IssueStar(Star(2), null, Context([Record(20), first, Record(1, RecordStatus.Submitted)], register) with { Volunteer = account }, Now, Seal);

        var content = issue.Issued.Content;
        Assert.Equal((CertificateKind.Star, "RS-2026-000042", 2, 6_000L), (content.Kind, content.Number, content.StarLevel, content.TotalMinutes));
        Assert.Empty(content.Records);
        Assert.Equal(new CertificatePeriod(new DateOnly(2026, 5, 2), new DateOnly(2026, 6, 15)), content.Period);
        Assert.Equal(Seal(content), issue.Issued.Seal);
        Assert.Equal(new CertificateNumberTaken(register.Id, Riverside, 2026, 42, CertificateId, Now), issue.NumberTaken);
        Assert.Equal(CertificateKind.Star, Certificate.Evolve(null, issue.Issued)!.Content!.Kind);
    }

    [Fact]
    public void A_lower_level_may_be_certified_and_a_city_admin_may_certify() =>
        Assert.Equal(1, CertificateDecider.IssueStar(Star(1, Actor.CityAdmin(BenId)), null, Context([Record(3)]), Now, Seal).Issued.Content.StarLevel);

    [Fact]
    public void A_star_level_not_reached_out_of_range_without_service_or_by_another_community_is_refused()
    {
        Refused(RefusalCodes.StarLevelNotReached, () => CertificateDecider.IssueStar(Star(3), null, Context([Record(3)]), Now, Seal));
        Refused(RefusalCodes.InvalidInput, () => CertificateDecider.IssueStar(Star(0), null, Context([Record(3)]), Now, Seal));
        Refused(RefusalCodes.InvalidInput, () => CertificateDecider.IssueStar(Star(6), null, Context([Record(3)]), Now, Seal));
        Refused(RefusalCodes.NoCertifiableService, () => CertificateDecider.IssueStar(Star(1), null, Context([Record(3, RecordStatus.Submitted), Record(4, community: Hillside)]), Now, Seal));
        Refused(RefusalCodes.NotStaffOfCommunity, () => CertificateDecider.IssueStar(Star(1, HillsideStaff), null, Context([Record(3)]), Now, Seal));
        Refused(RefusalCodes.NotStaffOfCommunity, () => CertificateDecider.IssueStar(Star(1, Ana), null, Context([Record(3)]), Now, Seal));
        var issued = Certificate.FromIssue(CertificateDecider.IssueStar(Star(1), null, Context([Record(3)]), Now, Seal).Issued);
        Refused(RefusalCodes.AlreadyExists, () => CertificateDecider.IssueStar(Star(1), issued, Context([Record(3)]), Now, Seal));
    }

    [Fact]
    public void Staff_decline_a_request_with_a_reason()
    {
        var requested = Certificate.FromRequest(new CertificateRequested(CertificateId, AnaId, Riverside, May, AnaId, Now));

        Refused(RefusalCodes.ReasonRequired, () => CertificateDecider.Decide(new DeclineCertificateRequest(CertificateId, " ", RiversideStaff), requested, Now));
        var declined = CertificateDecider.Decide(new DeclineCertificateRequest(CertificateId, " 重复申请 ", RiversideStaff), requested, Now);
        Assert.Equal([new CertificateRequestDeclined(CertificateId, "重复申请", RiversideStaffId, Now)], declined);
        Assert.Equal(CertificateStatus.Declined, Certificate.Evolve(requested, declined[0])!.Status);
    }

    [Fact]
    public void Staff_revoke_an_issued_certificate_once_with_a_reason()
    {
        var issued = Certificate.FromIssue(Issue(Direct(), null, Context([Record(3)])).Issued);
        var revoke = new RevokeCertificate(CertificateId, RevocationCategory.RecordsCorrected, "记录更正", RiversideStaff);

        var revoked = CertificateDecider.Decide(revoke, issued, Now);
        Assert.Equal([new CertificateRevoked(CertificateId, RevocationCategory.RecordsCorrected, "记录更正", RiversideStaffId, Now)], revoked);
        var after = Certificate.Evolve(issued, revoked[0])!;
        Assert.Equal((CertificateStatus.Revoked, issued.Content), (after.Status, after.Content));

        Refused(RefusalCodes.AlreadyRevoked, () => CertificateDecider.Decide(revoke, after, Now));
        Refused(RefusalCodes.ReasonRequired, () => CertificateDecider.Decide(revoke with { Reason = "" }, issued, Now));
        Refused(RefusalCodes.NotFound, () => CertificateDecider.Decide(revoke with { Actor = HillsideStaff }, issued, Now));
        Refused(RefusalCodes.NotStaffOfCommunity, () => CertificateDecider.Decide(revoke with { Actor = Ana }, issued, Now));
        Refused(RefusalCodes.NotFound, () => CertificateDecider.Decide(revoke, null, Now));
        Refused(RefusalCodes.InvalidCertificateState, () => CertificateDecider.Decide(revoke, issued with { Status = CertificateStatus.Requested }, Now));
    }

    // The code a person types

    [Theory]
    [InlineData("abcd-2345-wxyz", "ABCD2345WXYZ")]
    [InlineData("ABCD 2345 WXYZ", "ABCD2345WXYZ")]
    [InlineData("0OIl-2345-WXYZ", "0011 2345WXYZ")]
    [InlineData("ABCD2345WXY", null)]
    [InlineData("ABCD2345WXYZ0", null)]
    [InlineData("ABCD2345WXYU", null)]
    [InlineData(null, null)]
    public void A_typed_code_is_read_as_printed(string? typed, string? expected) =>
        Assert.Equal(expected?.Replace(" ", "", StringComparison.Ordinal), VerificationCode.AsTyped(typed));

    [Fact]
    public void A_code_is_twelve_unambiguous_characters_and_reads_back()
    {
        var code = VerificationCode.From([0xFF, 0x00, 0xAB, 0xCD, 0x12, 0x34, 0x56, 0x78, 0x9A]);

        Assert.Equal(VerificationCode.Length, code.Length);
        Assert.DoesNotContain(code, c => "ILOU".Contains(c, StringComparison.Ordinal));
        Assert.Equal(code, VerificationCode.AsTyped(VerificationCode.Printed(code).ToLowerInvariant()));
        Assert.NotEqual(code, VerificationCode.From([0xFF, 0x00, 0xAB, 0xCD, 0x12, 0x34, 0x57, 0x78, 0x9A]));
    }

    private static void Refused(string code, Action decide) => Assert.Equal(code, Assert.Throws<LedgerRefusal>(decide).Code);

    private static void Refused<T>(string code, Func<T> decide) => Assert.Equal(code, Assert.Throws<LedgerRefusal>(() => decide()).Code);
}
