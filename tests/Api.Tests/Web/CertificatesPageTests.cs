using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The community staff's certificates page over HTTP (<c>/community/certificates</c>) in the demo city: a volunteer's
/// request issued (and then verified on the public page) or declined, a certificate issued directly and revoked, each
/// form changing the ledger once however often it is sent; staff of another community see none of it.
/// </summary>
public sealed class CertificatesPageTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    private const string Page = "/community/certificates";

    private static readonly string Volunteer = TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId));

    private static readonly string Staff = TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId));

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    [Fact]
    public async Task Staff_issue_a_requested_certificate_and_it_verifies_on_the_public_page()
    {
        var request = await RequestAsync(Today.AddDays(-364), Today.AddDays(-1));
        using var browser = await SignedInAsync("staff");
        var form = IssueForm(await browser.OpenAsync(Page), request);

        using var issued = await browser.SubmitAsync(Page, form, Signatories);
        using var again = await browser.SubmitAsync(Page, form, Signatories);

        var certificate = (await CertificateAsync(request))!;
        Assert.Equal("ISSUED", certificate["status"]!.GetValue<string>());
        var number = certificate["number"]!.GetValue<string>();
        var done = $"{Page}?communityId={DemoPeople.FirstCommunityId}&done=issued&number={Uri.EscapeDataString(number)}";
        // The second is answered as the first was, and the ledger replayed it: still the one number.
        Assert.Equal((HttpStatusCode.Redirect, done), (issued.StatusCode, Where(issued)));
        Assert.Equal((HttpStatusCode.Redirect, done), (again.StatusCode, Where(again)));
        Assert.Equal($"证明 {number} 已出具。", PageBrowser.TestId(await browser.OpenAsync(done), "done"));
        Assert.Equal("张主任", certificate["personInCharge"]!.GetValue<string>());

        var row = await RegisterRowAsync(browser, request);
        Assert.Equal(number, row.QuerySelector("[data-testid=certificate-number]")!.FirstChild!.TextContent.Trim());
        using var verified = await browser.Client.GetAsync(new Uri(row.QuerySelector("[data-testid=verify-link]")!.GetAttribute("href")!, UriKind.Relative));
        var verdict = PageBrowser.Parse(await verified.Content.ReadAsStringAsync()).QuerySelector(".verdict")!.TextContent;
        Assert.Equal("有效 · Valid", verdict);
    }

    [Fact]
    public async Task Staff_decline_a_request_with_a_reason_the_volunteer_reads()
    {
        var request = await RequestAsync(Today.AddDays(-200), Today.AddDays(-100));
        using var browser = await SignedInAsync("staff");
        var section = RequestSection(await browser.OpenAsync(Page), request);
        var form = section.QuerySelector("[data-testid=decline-form]")!;

        using var declined = await browser.SubmitAsync(Page, form, new Dictionary<string, string> { ["Act.Reason"] = "期间内服务记录有误，请更正后再申请" });
        using var again = await browser.SubmitAsync(Page, form, new Dictionary<string, string> { ["Act.Reason"] = "期间内服务记录有误，请更正后再申请" });

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (declined.StatusCode, again.StatusCode));
        Assert.Equal(Where(declined), Where(again));
        Assert.EndsWith("&done=declined", Where(declined), StringComparison.Ordinal);
        var mine = await city.Client.SendAsync(Volunteer, "query($id: ID!) { certificate(certificateId: $id) { status } }", new { id = request });
        Assert.Equal("DECLINED", mine.Ok("certificate.status").GetValue<string>());
        var after = await browser.OpenAsync(Page);
        Assert.Empty(after.QuerySelectorAll($"[data-testid=request][data-certificate-id='{request}']"));
    }

    [Fact]
    public async Task Staff_issue_a_certificate_directly_and_revoke_it_and_verification_says_revoked()
    {
        using var browser = await SignedInAsync("staff");
        var page = await browser.OpenAsync(Page);
        var direct = page.QuerySelector("[data-testid=direct-form]")!;
        var certificateId = direct.QuerySelector("input[name='Act.CommandId']")!.GetAttribute("value")!;
        var fill = new Dictionary<string, string>(Signatories)
        {
            ["Act.VolunteerId"] = DemoPeople.VolunteerId.ToString(),
            ["Act.From"] = Today.AddDays(-300).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Act.To"] = Today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

        using var issued = await browser.SubmitAsync(Page, direct, fill);
        using var again = await browser.SubmitAsync(Page, direct, fill);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (issued.StatusCode, again.StatusCode));
        Assert.Equal(Where(issued), Where(again));
        var certificates = await city.Client.SendAsync(Staff, "query($id: ID!) { certificates(volunteerId: $id) { certificateId from to status } }",
            new { id = DemoPeople.VolunteerId });
        var same = certificates.Ok("certificates").AsArray().Where(c => c!["from"]!.GetValue<string>() == fill["Act.From"] && c["to"]!.GetValue<string>() == fill["Act.To"]).ToList();
        Assert.Equal([certificateId], same.Select(c => c!["certificateId"]!.GetValue<string>()));

        var row = await RegisterRowAsync(browser, Guid.Parse(certificateId));
        var revoke = row.QuerySelector("[data-testid=revoke-form]")!;
        var reason = new Dictionary<string, string> { ["Act.Category"] = "ISSUED_IN_ERROR", ["Act.Reason"] = "期间填写有误" };
        using var revoked = await browser.SubmitAsync(Page, revoke, reason);
        using var revokedAgain = await browser.SubmitAsync(Page, revoke, reason);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (revoked.StatusCode, revokedAgain.StatusCode));
        Assert.Contains("&done=revoked", Where(revoked), StringComparison.Ordinal);
        var now = await RegisterRowAsync(browser, Guid.Parse(certificateId));
        Assert.Equal(("REVOKED", "已撤销"), (now.GetAttribute("data-status"), PageBrowser.TestId(now, "certificate-status")));
        Assert.Null(now.QuerySelector("[data-testid=revoke-form]"));
        using var verified = await browser.Client.GetAsync(new Uri(now.QuerySelector("[data-testid=verify-link]")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal("已撤销 · Revoked", PageBrowser.Parse(await verified.Content.ReadAsStringAsync()).QuerySelector(".verdict")!.TextContent);
        var stored = await city.Client.SendAsync(Staff, "query($id: ID!) { certificate(certificateId: $id) { status revocationCategory revocationReason } }", new { id = certificateId });
        Assert.Equal(("REVOKED", "ISSUED_IN_ERROR", "期间填写有误"), (stored.Ok("certificate.status").GetValue<string>(),
            stored.Ok("certificate.revocationCategory").GetValue<string>(), stored.Ok("certificate.revocationReason").GetValue<string>()));
    }

    [Fact]
    public async Task Staff_certify_a_star_level_the_volunteer_reached_once_however_often_the_form_is_sent_and_not_one_above_it()
    {
        var account = await city.Client.SendAsync(Staff, "query($id: ID!) { account(volunteerId: $id) { starLevel } }", new { id = DemoPeople.VolunteerId });
        var reached = account.Ok("account.starLevel").GetValue<int>();
        Assert.True(reached is >= 1 and < 5, $"the demo volunteer has {reached} stars; the test certifies one and is refused the next");
        using var browser = await SignedInAsync("staff");
        var page = await browser.OpenAsync(Page);
        var star = page.QuerySelector("[data-testid=star-form]")!;
        var certificateId = star.QuerySelector("input[name='Act.CommandId']")!.GetAttribute("value")!;

        var above = new Dictionary<string, string>(Signatories) { ["Act.VolunteerId"] = DemoPeople.VolunteerId.ToString(), ["Act.StarLevel"] = (reached + 1).ToString(CultureInfo.InvariantCulture) };
        using var refused = await browser.SubmitAsync(Page, star, above);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("该志愿者尚未达到此星级", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var fresh = (await browser.OpenAsync(Page)).QuerySelector("[data-testid=star-form]")!;
        var freshId = fresh.QuerySelector("input[name='Act.CommandId']")!.GetAttribute("value")!;
        var reachedLevel = new Dictionary<string, string>(above) { ["Act.StarLevel"] = reached.ToString(CultureInfo.InvariantCulture) };
        using var issued = await browser.SubmitAsync(Page, fresh, reachedLevel);
        using var again = await browser.SubmitAsync(Page, fresh, reachedLevel);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (issued.StatusCode, again.StatusCode));
        Assert.Equal(Where(issued), Where(again));
        var certificates = await city.Client.SendAsync(Staff, "query($id: ID!) { certificates(volunteerId: $id) { certificateId kind starLevel status } }",
            new { id = DemoPeople.VolunteerId });
        var stars = certificates.Ok("certificates").AsArray().Where(c => c!["certificateId"]!.GetValue<string>() is var id && (id == freshId || id == certificateId)).ToList();
        Assert.Equal([(freshId, "STAR", reached, "ISSUED")],
            stars.Select(c => (c!["certificateId"]!.GetValue<string>(), c["kind"]!.GetValue<string>(), c["starLevel"]!.GetValue<int>(), c["status"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Staff_of_another_community_see_none_of_its_requests_or_certificates_even_when_they_name_it()
    {
        var request = await RequestAsync(Today.AddDays(-150), Today.AddDays(-120));
        using var browser = await SignedInAsync("staff-2");

        var page = await browser.OpenAsync($"{Page}?communityId={DemoPeople.FirstCommunityId}");

        Assert.Contains(DemoCity.Cast.Communities[1].Name, page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll($"[data-certificate-id='{request}']"));
        Assert.Empty(page.QuerySelectorAll($"[data-certificate-id='{DemoCertificates.VolunteerCertificateId}']"));
        Assert.Empty(page.QuerySelectorAll("[data-testid=error]"));
    }

    [Fact]
    public async Task The_register_filtered_to_revoked_certificates_shows_those_the_api_lists()
    {
        using var browser = await SignedInAsync("staff");
        var api = await city.Client.SendAsync(Staff,
            "query($id: ID!) { certificateRegister(communityId: $id, status: REVOKED, first: 20) { edges { node { certificateId } } } }", new { id = DemoPeople.FirstCommunityId });

        var page = await browser.OpenAsync($"{Page}?status=REVOKED");

        var rows = page.QuerySelectorAll("[data-testid=certificate]");
        Assert.NotEmpty(rows);
        Assert.Equal(api.Ok("certificateRegister.edges").AsArray().Select(e => e!["node"]!["certificateId"]!.GetValue<string>()), rows.Select(r => r.GetAttribute("data-certificate-id")!));
        Assert.All(rows, row => Assert.Equal("REVOKED", row.GetAttribute("data-status")));
        Assert.Equal("REVOKED", page.QuerySelector("#register-status option[selected]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("volunteer")]
    [InlineData("merchant")]
    public async Task Nobody_but_staff_opens_the_page(string person)
    {
        using var browser = await SignedInAsync(person);

        using var answer = await browser.Client.GetAsync(new Uri(Page, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.DoesNotContain("data-testid=\"register\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static readonly IReadOnlyDictionary<string, string> Signatories = new Dictionary<string, string>
    {
        ["Act.PersonInCharge"] = "张主任",
        ["Act.HandlingOfficer"] = "李经办",
        ["Act.Contact"] = "0532-8888 6666",
    };

    /// <summary>The well-known volunteer asks the first community to certify their service over the days given.</summary>
    private async Task<Guid> RequestAsync(DateOnly from, DateOnly to)
    {
        var id = Guid.CreateVersion7();
        var answer = await city.Client.SendAsync(Volunteer,
            "mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { certificate { certificateId status } } }",
            new { input = new { commandId = id, certificateId = id, communityId = DemoPeople.FirstCommunityId, from = Day(from), to = Day(to) } });
        Assert.Equal("REQUESTED", answer.Ok("requestCertificate.certificate.status").GetValue<string>());
        return id;
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> CertificateAsync(Guid id) =>
        (await city.Client.SendAsync(Staff, "query($id: ID!) { certificate(certificateId: $id) { status number personInCharge } }", new { id })).At("certificate");

    /// <summary>The certificate's row of the register, following the register's pages (numbers in order: a new one is on the last).</summary>
    private static async Task<IElement> RegisterRowAsync(PageBrowser browser, Guid certificateId)
    {
        var path = Page;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await browser.OpenAsync(path);
            if (page.QuerySelector($"[data-testid=certificate][data-certificate-id='{certificateId}']") is { } row)
            {
                return row;
            }

            path = page.QuerySelector("[data-testid=next-page]")?.GetAttribute("href") ?? throw new Xunit.Sdk.XunitException($"Certificate {certificateId} is on no page of the register.");
        }

        throw new Xunit.Sdk.XunitException("The register has more pages than a test follows.");
    }

    private static IElement RequestSection(IDocument page, Guid request) =>
        page.QuerySelector($"[data-testid=request][data-certificate-id='{request}']") ?? throw new Xunit.Sdk.XunitException($"Request {request} is not on the page.");

    private static IElement IssueForm(IDocument page, Guid request) => RequestSection(page, request).QuerySelector("[data-testid=issue-form]")!;

    private async Task<PageBrowser> SignedInAsync(string person)
    {
        var browser = new PageBrowser(city.App);
        await browser.SignInAsync(person, "/mine");
        return browser;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Where(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }
}
