using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The public verification page (<c>/verify</c>) as a person uses it, in chromium on a phone and on a desktop: the form,
/// the demo volunteer's issued certificate typed in and submitted with Enter, a wrong code, a number that cannot be one.
/// Every page is screenshot, checked with axe-core, must fit the window's width, log no error and ask no other host for
/// anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VerificationPageInTheBrowserTests(BrowserCity city)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_empty_form_asks_for_the_number_and_the_code(bool phone)
    {
        var page = await city.NewPageAsync(phone);

        await page.GotoAsync("verify");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("核验志愿服务证明 · Verify a certificate");
        await Assertions.Expect(page.GetByLabel("证明编号 Certificate number")).ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("核验码 Verification code")).ToBeEmptyAsync();
        await city.CheckAsync(page, $"verify-form-{Device(phone)}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_genuine_certificate_typed_in_and_submitted_with_enter_is_valid(bool phone)
    {
        var (number, code) = await DemoVolunteersCertificateAsync();
        var page = await city.NewPageAsync(phone);
        await page.GotoAsync("verify");

        await page.GetByLabel("证明编号 Certificate number").FillAsync(number);
        await page.GetByLabel("核验码 Verification code").PressSequentiallyAsync(code);
        await page.GetByLabel("核验码 Verification code").PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("核验结果 · Verification");
        await Assertions.Expect(page.Locator(".verdict")).ToHaveTextAsync("有效 · Valid");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "证明编号 Number" })).ToContainTextAsync(number);
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "出具单位 Issued by" })).ToContainTextAsync("太平角社区");
        await city.CheckAsync(page, $"verify-valid-{Device(phone)}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_wrong_code_is_told_and_nothing_of_the_certificate_is_shown(bool phone)
    {
        var (number, code) = await DemoVolunteersCertificateAsync();
        var wrong = string.Concat(code.Select(c => c switch { '-' => '-', '0' => '1', _ => '0' }));
        var page = await city.NewPageAsync(phone);
        await page.GotoAsync("verify");

        await page.GetByLabel("证明编号 Certificate number").FillAsync(number);
        await page.GetByLabel("核验码 Verification code").FillAsync(wrong);
        await page.GetByLabel("核验码 Verification code").PressAsync("Enter");

        await Assertions.Expect(page.Locator(".verdict")).ToHaveTextAsync("核验码不符 · Wrong code");
        await Assertions.Expect(page.GetByText($"The code does not match certificate {number}: check both against the paper.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("太平角社区")).ToHaveCountAsync(0);
        await city.CheckAsync(page, $"verify-wrong-code-{Device(phone)}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task What_cannot_be_a_number_is_told_beside_the_form_with_what_was_typed(bool phone)
    {
        var page = await city.NewPageAsync(phone);
        await page.GotoAsync("verify");

        await page.GetByLabel("证明编号 Certificate number").FillAsync("nonsense");
        await page.GetByLabel("核验码 Verification code").FillAsync("ABCD-EFGH-JKMN");
        await page.GetByLabel("核验码 Verification code").PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByLabel("证明编号 Certificate number")).ToHaveValueAsync("nonsense");
        await city.CheckAsync(page, $"verify-invalid-number-{Device(phone)}");
        await page.Context.CloseAsync();
    }

    private static string Device(bool phone) => phone ? "phone" : "desktop";

    /// <summary>The number and code printed on the demo volunteer's issued certificate, as they read it from their own list.</summary>
    private async Task<(string Number, string Code)> DemoVolunteersCertificateAsync()
    {
        var answer = await city.Client.SendAsync(
            TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            $"{{ certificate(certificateId: \"{DemoCertificates.VolunteerCertificateId}\") {{ status number verificationCode }} }}");
        Assert.Equal("ISSUED", answer.Ok("certificate.status").GetValue<string>());
        return (answer.Ok("certificate.number").GetValue<string>(), answer.Ok("certificate.verificationCode").GetValue<string>());
    }
}
