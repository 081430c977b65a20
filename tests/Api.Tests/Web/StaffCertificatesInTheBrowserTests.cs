using System.Globalization;
using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The community staff's certificates, KPI charts and board in chromium, phone-sized and desktop: a request issued from
/// the page and verified on the public page; the charts in normal and in large type with high contrast; each screen
/// saved as a screenshot and checked for accessibility. The browser city is shared: the tests issue only certificates
/// of requests they make themselves.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffCertificatesInTheBrowserTests(BrowserCity city)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Staff_issue_a_requested_certificate_and_the_public_page_says_it_is_valid(bool phone)
    {
        var screen = phone ? "phone" : "desktop";
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var request = Guid.CreateVersion7();
        var asked = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "mutation($input: RequestCertificateInput!) { requestCertificate(input: $input) { certificate { status } } }",
            new { input = new { commandId = request, certificateId = request, communityId = DemoPeople.FirstCommunityId,
                from = today.AddDays(phone ? -360 : -350).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } });
        Assert.Equal("REQUESTED", asked.Ok("requestCertificate.certificate.status").GetValue<string>());
        var page = await city.NewPageAsync(phone);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");

        await page.GotoAsync("community/certificates");
        await city.CheckAsync(page, $"community-certificates-{screen}");
        var section = page.Locator($"[data-testid=request][data-certificate-id='{request}']");
        await section.GetByLabel("负责人").FillAsync("张主任");
        await section.GetByLabel("经办人").FillAsync("李经办");
        await section.GetByLabel("联系方式（办公电话或地址）").FillAsync("0532-8888 6666");
        await section.GetByTestId("issue").ClickAsync();

        await Assertions.Expect(page.GetByTestId("done")).ToContainTextAsync("已出具");
        var certificate = await city.Client.SendAsync(TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId)),
            "query($id: ID!) { certificate(certificateId: $id) { status number verificationCode } }", new { id = request });
        Assert.Equal("ISSUED", certificate.Ok("certificate.status").GetValue<string>());
        await Assertions.Expect(page.GetByTestId("done")).ToHaveTextAsync($"证明 {certificate.Ok("certificate.number").GetValue<string>()} 已出具。");
        await city.CheckAsync(page, $"community-certificate-issued-{screen}");

        await page.GotoAsync($"verify?number={certificate.Ok("certificate.number")}&code={certificate.Ok("certificate.verificationCode")}");
        await Assertions.Expect(page.Locator(".verdict")).ToHaveTextAsync("有效 · Valid");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Staff_look_at_their_communitys_kpi_charts_and_board(bool phone)
    {
        var screen = phone ? "phone" : "desktop";
        var page = await city.NewPageAsync(phone);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");

        await page.GotoAsync("kpis");
        await Assertions.Expect(page.Locator("figure.chart svg[role=img]")).ToHaveCountAsync(4);
        await city.CheckAsync(page, $"kpis-staff-charts-{screen}");
        await page.GetByRole(AriaRole.Link, new() { Name = "大字" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "高对比度" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("large contrast");
        await city.CheckAsync(page, $"kpis-staff-charts-large-contrast-{screen}");
        await page.GetByRole(AriaRole.Link, new() { Name = "标准字号" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "标准对比度" }).ClickAsync();

        await page.GotoAsync("community/board?period=all&measure=POINTS");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("社区排行榜");
        await city.CheckAsync(page, $"community-board-{screen}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_city_admin_reads_the_policies_in_force_beside_the_communities()
    {
        var page = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "admin");

        await page.GotoAsync("admin#policies");

        await Assertions.Expect(page.GetByTestId("policy")).Not.ToHaveCountAsync(0);
        await city.CheckAsync(page, "admin-policies-phone");
        await page.Context.CloseAsync();
    }
}
