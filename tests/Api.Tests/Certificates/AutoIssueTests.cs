using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>A community whose policy issues certificate requests by itself: the volunteer's request comes back issued.</summary>
public sealed class AutoIssueTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    [Fact]
    public async Task A_request_in_a_district_that_issues_by_policy_is_issued_without_staff_signed_as_the_policy_says()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 2, district: TimeBankApp.AutoIssueDistrict);
        var (from, to) = CertificateScenario.Period;
        var requested = (await scenario.RequestAsync(Guid.CreateVersion7(), from, to)).Ok("requestCertificate.certificate");
        var id = Guid.Parse(requested.Value<string>("certificateId"));

        Certificate? certificate = null;
        for (var wait = 0; wait < 300 && certificate?.Status != CertificateStatus.Issued; wait++)
        {
            await Task.Delay(100);
            certificate = await app.LoadAsync<Certificate>(id);
        }

        Assert.Equal(CertificateStatus.Issued, certificate!.Status);
        Assert.Equal(120, certificate.Content!.TotalMinutes);
        Assert.Equal(new CertificateSignatories("周主任", "吴经办", "0532-86668888"), certificate.Content.Signatories);
        Assert.EndsWith($"-{ChinaTime.DayOf(DateTimeOffset.UtcNow).Year}-000001", certificate.Content.Number, StringComparison.Ordinal);
        var verified = (await scenario.VerifyAsync(certificate.Content.Number, certificate.Seal!.VerificationCode)).Ok("verifyCertificate");
        Assert.Equal("VALID", verified.Value<string>("verdict"));

        // Nothing to certify is still refused at the request: nothing is issued, no number taken.
        Assert.Equal("NO_CERTIFIABLE_SERVICE", (await scenario.RequestAsync(Guid.CreateVersion7(), from.AddDays(-400), from.AddDays(-300))).Code());
    }

    [Fact]
    public async Task Elsewhere_a_request_waits_for_staff()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1);
        var (from, to) = CertificateScenario.Period;
        var id = Guid.Parse((await scenario.RequestAsync(Guid.CreateVersion7(), from, to)).Ok("requestCertificate.certificate").Value<string>("certificateId"));
        await Task.Delay(500);
        Assert.Equal(CertificateStatus.Requested, (await app.LoadAsync<Certificate>(id))!.Status);
    }
}
