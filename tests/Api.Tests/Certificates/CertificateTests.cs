using System.Text.Json.Nodes;
using Marten;
using TimeBank.Api.Certificates;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>Certificates over GraphQL on the real host and database: request, issue, numbering, revocation, public verification.</summary>
public sealed class CertificateTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private static readonly int Year = ChinaTime.DayOf(DateTimeOffset.UtcNow).Year;

    [Fact]
    public async Task A_requested_certificate_is_issued_numbered_frozen_and_verifies_by_number_and_code()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 2);
        var (from, to) = CertificateScenario.Period;
        var request = Guid.CreateVersion7();
        var requested = (await scenario.RequestAsync(request, from, to)).Ok("requestCertificate.certificate");
        Assert.Equal("REQUESTED", requested.Value<string>("status"));
        var certificateId = Guid.Parse(requested.Value<string>("certificateId"));
        Assert.True((await scenario.RequestAsync(request, from, to)).Ok("requestCertificate.replayed").GetValue<bool>());

        var issued = (await scenario.IssueAsync(scenario.Staff, Guid.CreateVersion7(), certificateId)).Ok("issueCertificate.certificate");
        Assert.Equal("ISSUED", issued.Value<string>("status"));
        var number = issued.Value<string>("number");
        Assert.Equal($"{CommunityCode.Of(scenario.City.CommunityId)}-{Year}-000001", number);
        Assert.Equal(120, issued.Long("totalMinutes"));
        Assert.Equal(scenario.RecordIds.Order(), issued["records"]!.AsArray().Select(r => Guid.Parse(r!.Value<string>("recordId"))).Order());
        var code = issued.Value<string>("verificationCode");
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);

        var valid = (await scenario.VerifyAsync(number, code)).Ok("verifyCertificate");
        Assert.Equal("VALID", valid.Value<string>("verdict"));
        Assert.Equal(120, valid.Long("totalMinutes"));
        Assert.Equal(2, valid.Value<int>("recordCount"));
        Assert.Equal("王**", valid.Value<string>("maskedName"));
        Assert.Equal("110***********002X", valid.Value<string>("maskedIdNumber"));
        Assert.DoesNotContain(CertificateScenario.IdNumber, (await scenario.VerifyAsync(number, code)).Body, StringComparison.Ordinal);

        // Typed forgivingly; the paper's name and ID are the ones sealed, another name is not.
        var typed = (await scenario.VerifyAsync(" " + number.ToLowerInvariant(), code.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant(),
            CertificateScenario.Name, CertificateScenario.IdNumber)).Ok("verifyCertificate");
        Assert.True(typed.Value<bool>("personMatches"));
        Assert.False((await scenario.VerifyAsync(number, code, "王小红")).Ok("verifyCertificate").Value<bool>("personMatches"));

        // Frozen: a record credited after the issue does not change it.
        await scenario.City.CreditedRecordAsync(scenario.VolunteerId, 1, hour: 14);
        Assert.Equal(120, (await scenario.VerifyAsync(number, code)).Ok("verifyCertificate").Long("totalMinutes"));
    }

    [Fact]
    public async Task Verification_says_plainly_unknown_wrong_code_and_refuses_what_cannot_be_a_number_or_a_code()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var issued = await scenario.IssueDirectlyAsync();
        var number = issued.Value<string>("number");
        var code = issued.Value<string>("verificationCode");
        var otherCode = code[0] == '0' ? "1" + code[1..] : "0" + code[1..];

        var wrong = (await scenario.VerifyAsync(number, otherCode)).Ok("verifyCertificate");
        Assert.Equal("WRONG_CODE", wrong.Value<string>("verdict"));
        Assert.Null(wrong["totalMinutes"]);
        Assert.Null(wrong["maskedName"]);
        var unknown = (await scenario.VerifyAsync($"{CommunityCode.Of(scenario.City.CommunityId)}-{Year}-000999", code)).Ok("verifyCertificate");
        Assert.Equal("UNKNOWN", unknown.Value<string>("verdict"));
        Assert.Null(unknown["organization"]);

        Assert.Equal("CERTIFICATE_NUMBER_INVALID", (await scenario.VerifyAsync("not a number", code)).Code());
        Assert.Equal("VERIFICATION_CODE_INVALID", (await scenario.VerifyAsync(number, "ABC")).Code());
        Assert.Equal("VERIFICATION_CODE_INVALID", (await scenario.VerifyAsync(number, code + "Z")).Code());
    }

    [Fact]
    public async Task A_revoked_certificate_verifies_as_revoked_with_its_date_and_category_and_cannot_be_revoked_twice()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var issued = await scenario.IssueDirectlyAsync();
        var id = Guid.Parse(issued.Value<string>("certificateId"));

        Assert.Equal("REVOKED", (await scenario.RevokeAsync(id, "RECORDS_CORRECTED")).Ok("revokeCertificate.certificate").Value<string>("status"));
        Assert.Equal("ALREADY_REVOKED", (await scenario.RevokeAsync(id)).Code());
        var other = TestTokens.For(Actor.Staff(Guid.CreateVersion7(), Guid.CreateVersion7()));
        Assert.Equal("NOT_FOUND", (await scenario.Client.SendAsync(other, "mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { replayed } }",
            new { input = new { commandId = Guid.CreateVersion7(), certificateId = id, category = "FRAUD", reason = "x" } })).Code());

        var revoked = (await scenario.VerifyAsync(issued.Value<string>("number"), issued.Value<string>("verificationCode"))).Ok("verifyCertificate");
        Assert.Equal("REVOKED", revoked.Value<string>("verdict"));
        Assert.Equal("RECORDS_CORRECTED", revoked.Value<string>("revocationCategory"));
        Assert.NotNull(revoked["revokedAt"]);
        Assert.Contains("revoked on", revoked.Value<string>("message"), StringComparison.Ordinal);
        Assert.DoesNotContain("期间有误", revoked.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_revoked_after_issue_leaves_the_certificate_as_issued_and_verification_says_so()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 2);
        var issued = await scenario.IssueDirectlyAsync();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(scenario.RecordIds[0], "重复登记", scenario.City.Staff))));

        var answer = (await scenario.VerifyAsync(issued.Value<string>("number"), issued.Value<string>("verificationCode"))).Ok("verifyCertificate");
        Assert.Equal("VALID", answer.Value<string>("verdict"));
        Assert.Equal(120, answer.Long("totalMinutes"));
        var revoked = Assert.Single(answer["recordsRevokedAfterIssue"]!.AsArray());
        Assert.Equal(scenario.RecordIds[0], Guid.Parse(revoked!.Value<string>("recordId")));
        Assert.Contains("1 record in this certificate", answer.Value<string>("message"), StringComparison.Ordinal);

        // A record revoked before the issue is not in the next certificate.
        var next = await scenario.IssueDirectlyAsync();
        Assert.Equal(60, next.Long("totalMinutes"));
        Assert.EndsWith("-000002", next.Value<string>("number"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_byte_in_the_stored_content_verifies_as_altered()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var issued = await scenario.IssueDirectlyAsync();
        var id = Guid.Parse(issued.Value<string>("certificateId"));

        // Someone with write access to the database adds a minute to the stored certificate.
        await using (var session = app.Store.LightweightSession())
        {
            var stored = await session.LoadAsync<Certificate>(id);
            session.Store(stored! with { Content = stored.Content! with { TotalMinutes = stored.Content.TotalMinutes + 1 } });
            await session.SaveChangesAsync();
        }

        var answer = (await scenario.VerifyAsync(issued.Value<string>("number"), issued.Value<string>("verificationCode"))).Ok("verifyCertificate");
        Assert.Equal("ALTERED", answer.Value<string>("verdict"));
        Assert.Null(answer["totalMinutes"]);
    }

    [Fact]
    public async Task After_erasure_the_person_reads_as_erased_and_the_totals_still_verify()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var issued = await scenario.IssueDirectlyAsync();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ErasePersonalData(scenario.VolunteerId, TimeBankApp.CityAdmin))));

        var answer = (await scenario.VerifyAsync(issued.Value<string>("number"), issued.Value<string>("verificationCode"), CertificateScenario.Name)).Ok("verifyCertificate");
        Assert.Equal("PERSON_ERASED", answer.Value<string>("verdict"));
        Assert.Equal(60, answer.Long("totalMinutes"));
        Assert.Null(answer["maskedName"]);
        Assert.Null(answer["maskedIdNumber"]);
        Assert.Null(answer["personMatches"]);
    }

    [Fact]
    public async Task Twenty_concurrent_issues_in_one_community_and_year_take_numbers_one_to_twenty_without_gap_or_duplicate()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var numbers = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (_, _) =>
            numbers.Add((await scenario.IssueDirectlyAsync()).Value<string>("number")));

        var prefix = $"{CommunityCode.Of(scenario.City.CommunityId)}-{Year}-";
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"{prefix}{n:D6}"), numbers.Order(StringComparer.Ordinal));
        await using var session = app.Store.QuerySession();
        var register = await session.LoadAsync<CertificateRegister>(CertificateRegister.IdOf(scenario.City.CommunityId, Year));
        Assert.Equal(20, register!.LastSequence);
    }

    [Fact]
    public async Task Bad_requests_and_issues_are_refused_with_a_stable_code_and_take_no_number()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var today = ChinaTime.DayOf(DateTimeOffset.UtcNow);
        Assert.Equal("CERTIFICATE_PERIOD_INVALID", (await scenario.RequestAsync(Guid.CreateVersion7(), today, today.AddDays(3))).Code());
        Assert.Equal("CERTIFICATE_PERIOD_INVALID", (await scenario.RequestAsync(Guid.CreateVersion7(), today, today.AddDays(-3))).Code());
        Assert.Equal("NO_CERTIFIABLE_SERVICE", (await scenario.RequestAsync(Guid.CreateVersion7(), today.AddDays(-400), today.AddDays(-300))).Code());
        var elsewhere = await TestCity.CreateAsync(app);
        Assert.Equal("NO_CERTIFIABLE_SERVICE", (await scenario.RequestAsync(Guid.CreateVersion7(), today.AddDays(-60), today, elsewhere.CommunityId)).Code());

        // Staff of another community issuing for this one; a city admin is allowed.
        var otherStaff = TestTokens.For(elsewhere.Staff);
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await scenario.IssueAsync(otherStaff, Guid.CreateVersion7(), direct: true)).Code());
        Assert.Equal("NO_CERTIFIABLE_SERVICE", (await scenario.IssueAsync(scenario.Staff, Guid.CreateVersion7(), direct: true, from: today.AddDays(-400), to: today.AddDays(-300))).Code());
        Assert.Equal("CERTIFICATE_PERIOD_INVALID", (await scenario.IssueAsync(scenario.Staff, Guid.CreateVersion7(), direct: true, to: today.AddDays(1))).Code());
        Assert.Equal("VOLUNTEER_NOT_FOUND", (await scenario.IssueAsync(scenario.Staff, Guid.CreateVersion7(), direct: true, volunteerId: Guid.CreateVersion7())).Code());
        var partial = await scenario.Client.SendAsync(scenario.Staff, "mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { replayed } }",
            new { input = new { commandId = Guid.CreateVersion7(), volunteerId = scenario.VolunteerId, personInCharge = "李", handlingOfficer = "赵", contact = "x" } });
        Assert.Equal("INVALID_INPUT", partial.Code());
        var blank = await scenario.Client.SendAsync(scenario.Staff, "mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { replayed } }",
            new { input = new { commandId = Guid.CreateVersion7(), volunteerId = scenario.VolunteerId, communityId = scenario.City.CommunityId,
                from = "2020-01-01", to = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), personInCharge = " ", handlingOfficer = "赵", contact = "x" } });
        Assert.Equal("INVALID_INPUT", blank.Code());

        var admin = TestTokens.For(TimeBankApp.CityAdmin);
        var first = (await scenario.IssueAsync(admin, Guid.CreateVersion7(), direct: true)).Ok("issueCertificate.certificate");
        Assert.EndsWith("-000001", first.Value<string>("number"), StringComparison.Ordinal);
        await using var session = app.Store.QuerySession();
        Assert.Equal(0, await session.Query<Certificate>().CountAsync(c => c.CommunityId == elsewhere.CommunityId));
    }

    [Fact]
    public async Task A_request_is_declined_with_a_reason_and_then_cannot_be_issued()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var (from, to) = CertificateScenario.Period;
        var id = Guid.Parse((await scenario.RequestAsync(Guid.CreateVersion7(), from, to)).Ok("requestCertificate.certificate").Value<string>("certificateId"));
        var requests = (await scenario.Client.SendAsync(scenario.Staff, "query($c: ID!) { certificateRequests(communityId: $c) { edges { node { certificateId status } } } }",
            new { c = scenario.City.CommunityId })).Ok("certificateRequests.edges").AsArray();
        Assert.Equal(id, Guid.Parse(Assert.Single(requests)!["node"]!.Value<string>("certificateId")));

        var decline = "mutation($input: DeclineCertificateRequestInput!) { declineCertificateRequest(input: $input) { certificate { status } } }";
        Assert.Equal("REASON_REQUIRED", (await scenario.Client.SendAsync(scenario.Staff, decline, new { input = new { commandId = Guid.CreateVersion7(), certificateId = id, reason = " " } })).Code());
        Assert.Equal("DECLINED", (await scenario.Client.SendAsync(scenario.Staff, decline, new { input = new { commandId = Guid.CreateVersion7(), certificateId = id, reason = "请先补录记录" } }))
            .Ok("declineCertificateRequest.certificate").Value<string>("status"));
        Assert.Equal("INVALID_CERTIFICATE_STATE", (await scenario.IssueAsync(scenario.Staff, Guid.CreateVersion7(), id)).Code());
        Assert.Empty((await scenario.Client.SendAsync(scenario.Staff, "query($c: ID!) { certificateRequests(communityId: $c) { edges { node { certificateId } } } }",
            new { c = scenario.City.CommunityId })).Ok("certificateRequests.edges").AsArray());
    }

    [Fact]
    public async Task The_register_pages_in_number_order_filters_by_year_and_status_and_is_for_the_community_only()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Guid.Parse((await scenario.IssueDirectlyAsync()).Value<string>("certificateId")));
        }

        await scenario.RevokeAsync(ids[1]);
        const string Register = """
            query($c: ID!, $year: Int, $status: CertificateStatus, $after: String) {
              certificateRegister(communityId: $c, year: $year, status: $status, first: 2, after: $after) { edges { node { number status } } pageInfo { hasNextPage endCursor } }
            }
            """;
        var numbers = new List<string>();
        string? after = null;
        do
        {
            var page = (await scenario.Client.SendAsync(scenario.Staff, Register, new { c = scenario.City.CommunityId, year = Year, after })).Ok("certificateRegister");
            numbers.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!.Value<string>("number")));
            after = page["pageInfo"]!.Value<bool>("hasNextPage") ? page["pageInfo"]!.Value<string>("endCursor") : null;
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{CommunityCode.Of(scenario.City.CommunityId)}-{Year}-{n:D6}"), numbers);
        var revoked = (await scenario.Client.SendAsync(scenario.Staff, Register, new { c = scenario.City.CommunityId, status = "REVOKED" })).Ok("certificateRegister.edges").AsArray();
        Assert.EndsWith("-000002", Assert.Single(revoked)!["node"]!.Value<string>("number"), StringComparison.Ordinal);
        Assert.Empty((await scenario.Client.SendAsync(scenario.Staff, Register, new { c = scenario.City.CommunityId, year = Year - 1 })).Ok("certificateRegister.edges").AsArray());

        Assert.Equal("FORBIDDEN", (await scenario.Client.SendAsync(scenario.Volunteer, Register, new { c = scenario.City.CommunityId })).Code());
        Assert.Equal("FORBIDDEN", (await scenario.Client.SendAsync(TestTokens.For(Actor.Staff(Guid.CreateVersion7(), Guid.CreateVersion7())), Register, new { c = scenario.City.CommunityId })).Code());

        // The volunteer sees their own; another volunteer sees none of them.
        var own = (await scenario.Client.SendAsync(scenario.Volunteer, "query($v: ID!) { certificates(volunteerId: $v) { number } }", new { v = scenario.VolunteerId })).Ok("certificates").AsArray();
        Assert.Equal(5, own.Count);
        var inAccount = (await scenario.Client.SendAsync(scenario.Volunteer, "{ me { account { certificates { number status } } } }")).Ok("me.account.certificates").AsArray();
        Assert.Equal(own.Select(c => c!.Value<string>("number")), inAccount.Select(c => c!.Value<string>("number")));
        var stranger = TestTokens.For(Actor.Volunteer(Guid.CreateVersion7()));
        Assert.Empty((await scenario.Client.SendAsync(stranger, "query($v: ID!) { certificates(volunteerId: $v) { number } }", new { v = scenario.VolunteerId })).Ok("certificates").AsArray());
        Assert.Equal("NOT_FOUND", (await scenario.Client.SendAsync(stranger, "query($id: ID!) { certificate(certificateId: $id) { number } }", new { id = ids[0] })).Code());
    }
}
