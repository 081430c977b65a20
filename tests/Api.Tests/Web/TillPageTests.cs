using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The cashier's till page over HTTP, as a browser without script uses it: the demo merchant's cashier redeems the demo
/// volunteer's code with the page's forms, and the volunteer's account (read through GraphQL) shows what happened.
/// </summary>
public sealed partial class TillPageTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    private const long Amount = 3;

    private static readonly string Volunteer = TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId));

    [Fact]
    public async Task A_hold_then_complete_takes_the_points_from_the_volunteer()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var code = await IssueCodeAsync();

        var held = await HoldAsync(browser, code, Amount);
        var page = await browser.GetStringAsync(new Uri(held, UriKind.Relative));
        Assert.Equal(Amount.ToString(CultureInfo.InvariantCulture), TestId(page, "held-amount"));
        Assert.Equal((before.Available - Amount, before.Held + Amount), await PointsAsync());

        var completed = await PostAsync(browser, held, "complete", page, "CompleteForm");

        Assert.Equal(HttpStatusCode.Redirect, completed.Status);
        Assert.Contains("status=COMPLETED", completed.Location, StringComparison.Ordinal);
        Assert.Equal((before.Available - Amount, before.Held), await PointsAsync());
        var after = await browser.GetStringAsync(new Uri(completed.Location!, UriKind.Relative));
        Assert.Contains("data-testid=\"outcome\" data-status=\"COMPLETED\"", after, StringComparison.Ordinal);
        Assert.Contains("兑换成功", after, StringComparison.Ordinal);
        Assert.Equal(Amount.ToString(CultureInfo.InvariantCulture), TestId(after, "outcome-amount"));
        Assert.Contains("data-testid=\"hold-form\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hold_then_void_leaves_the_volunteers_points_as_they_were()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var code = await IssueCodeAsync();

        var held = await HoldAsync(browser, code, Amount);
        var page = await browser.GetStringAsync(new Uri(held, UriKind.Relative));
        var voided = await PostAsync(browser, held, "void", page, "VoidForm");

        Assert.Equal(HttpStatusCode.Redirect, voided.Status);
        Assert.Contains("status=VOIDED", voided.Location, StringComparison.Ordinal);
        Assert.Equal(before, await PointsAsync());

        // The held page, still open at another till or in the history: completing the voided hold is refused, says why.
        var late = await PostAsync(browser, held, "complete", page, "CompleteForm");
        Assert.Equal(HttpStatusCode.OK, late.Status);
        Assert.Contains("该兑换已完成、已撤销或已过期", late.Html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"new-sale\"", late.Html, StringComparison.Ordinal);
        Assert.Equal(before, await PointsAsync());
    }

    [Fact]
    public async Task A_hold_form_posted_twice_holds_once()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var code = await IssueCodeAsync();
        var page = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));
        var fields = new Dictionary<string, string> { ["HoldForm.Code"] = code, ["HoldForm.Amount"] = "3" };

        var first = await PostAsync(browser, "/till", "hold", page, "HoldForm", fields);
        var second = await PostAsync(browser, "/till", "hold", page, "HoldForm", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.Status);
        Assert.Equal(first.Location, second.Location);
        Assert.Equal((before.Available - Amount, before.Held + Amount), await PointsAsync());

        // Completing twice with one form changes the ledger once too.
        var held = await browser.GetStringAsync(new Uri(first.Location!, UriKind.Relative));
        var completed = await PostAsync(browser, first.Location!, "complete", held, "CompleteForm");
        var again = await PostAsync(browser, first.Location!, "complete", held, "CompleteForm");
        Assert.Equal(completed.Location, again.Location);
        Assert.Equal((before.Available - Amount, before.Held), await PointsAsync());
    }

    [Fact]
    public async Task A_wrong_code_shows_why_in_the_readers_language_and_changes_nothing()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var code = await IssueCodeAsync();
        var wrong = code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));
        var page = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));

        var refused = await PostAsync(browser, "/till", "hold", page, "HoldForm",
            new Dictionary<string, string> { ["HoldForm.Code"] = wrong, ["HoldForm.Amount"] = "3" });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("data-testid=\"error\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("兑换码无效或已过期", refused.Html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"hold-form\"", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refused.Html, StringComparison.Ordinal);
        Assert.Equal(before, await PointsAsync());
    }

    [Fact]
    public async Task A_completed_redemption_is_refunded_from_its_outcome()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var held = await HoldAsync(browser, await IssueCodeAsync(), Amount);
        var completed = await PostAsync(browser, held, "complete", await browser.GetStringAsync(new Uri(held, UriKind.Relative)), "CompleteForm");
        var outcome = await browser.GetStringAsync(new Uri(completed.Location!, UriKind.Relative));

        var refunded = await PostAsync(browser, completed.Location!, "refund", outcome, "RefundForm",
            new Dictionary<string, string> { ["RefundForm.Amount"] = "1" });

        Assert.Equal(HttpStatusCode.Redirect, refunded.Status);
        Assert.Contains("refunded=1&refundable=2", refunded.Location, StringComparison.Ordinal);
        Assert.Equal((before.Available - Amount + 1, before.Held), await PointsAsync());
        var again = await PostAsync(browser, completed.Location!, "refund", outcome, "RefundForm",
            new Dictionary<string, string> { ["RefundForm.Amount"] = "1" });
        Assert.Equal(refunded.Location, again.Location);
        Assert.Equal((before.Available - Amount + 1, before.Held), await PointsAsync());
    }

    [Theory]
    [InlineData("volunteer")]
    [InlineData("staff")]
    public async Task Nobody_but_a_cashier_may_open_the_till_or_post_its_form(string person)
    {
        using var browser = NewBrowser();
        await SignInAsync(browser, person, "/mine");
        var before = await PointsAsync();
        var code = await IssueCodeAsync();

        using var till = await browser.GetAsync(new Uri("/till", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, till.StatusCode);
        var html = await till.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"forbidden\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"hold-form\"", html, StringComparison.Ordinal);

        using var posted = await browser.PostAsync(new Uri("/till", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "hold",
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
            ["HoldForm.CommandId"] = Guid.NewGuid().ToString(),
            ["HoldForm.Code"] = code,
            ["HoldForm.Amount"] = "3",
        }));
        // The refused page renders no form, so Blazor finds none of that name to handle: 400, and no handler ran.
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(before, await PointsAsync());
    }

    [Fact]
    public async Task The_cashier_lands_on_the_till_with_the_code_field_ready_for_the_keyboard()
    {
        using var browser = NewBrowser();
        Assert.Equal("/mine", await SignInAsync(browser, "merchant", "/mine"));
        using var mine = await browser.GetAsync(new Uri("/mine", UriKind.Relative));
        Assert.EndsWith("/till", mine.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var html = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));

        var field = Regex.Match(html, "<input [^>]*data-testid=\"code\"[^>]*>").Value;
        Assert.Contains("autofocus", field, StringComparison.Ordinal);
        Assert.Contains("inputmode=\"numeric\"", field, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"off\"", field, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<HttpClient> CashierAsync()
    {
        var browser = NewBrowser();
        await SignInAsync(browser, "merchant", "/till");
        return browser;
    }

    /// <summary>Holds with the till's form; returns where the page sent the browser (the held hold).</summary>
    private static async Task<string> HoldAsync(HttpClient browser, string code, long amount)
    {
        var page = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));
        var held = await PostAsync(browser, "/till", "hold", page, "HoldForm", new Dictionary<string, string>
        {
            ["HoldForm.Code"] = code,
            ["HoldForm.Amount"] = amount.ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(held.Status == HttpStatusCode.Redirect, "The hold was not taken:\n" + held.Html);
        Assert.Contains("status=HELD", held.Location, StringComparison.Ordinal);
        return held.Location!;
    }

    private sealed record Posted(HttpStatusCode Status, string? Location, string Html);

    /// <summary>
    /// Posts the form <paramref name="form"/> of <paramref name="page"/> (rendered at <paramref name="path"/>) as a browser
    /// would: its antiforgery token, its hidden fields (<c>{model}.CommandId</c>, <c>{model}.HoldId</c>) and the typed ones.
    /// </summary>
    private static async Task<Posted> PostAsync(HttpClient browser, string path, string form, string page, string model, Dictionary<string, string>? typed = null)
    {
        var fields = new Dictionary<string, string> { ["_handler"] = form, ["__RequestVerificationToken"] = AntiforgeryToken(page) };
        foreach (Match hidden in Regex.Matches(page, $"<input type=\"hidden\" name=\"(?<name>{Regex.Escape(model)}\\.[A-Za-z]+)\" value=\"(?<value>[^\"]*)\""))
        {
            fields[hidden.Groups["name"].Value] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        Assert.True(fields.ContainsKey(model + ".CommandId"), $"The page has no {form} form with a command id:\n{page}");
        foreach (var (name, value) in typed ?? [])
        {
            fields[name] = value;
        }

        using var response = await browser.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));
        // The page redirects to an absolute address of this host; the browser goes on with its path.
        var location = response.Headers.Location is { } to ? (to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString) : null;
        return new Posted(response.StatusCode, location, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> IssueCodeAsync()
    {
        var answer = await city.Client.SendAsync(Volunteer,
            "mutation ($input: IssueRedemptionCodeInput!) { issueRedemptionCode(input: $input) { redemptionCode { code } } }",
            new { input = new { commandId = Guid.NewGuid() } });
        return answer.Ok("issueRedemptionCode.redemptionCode.code").GetValue<string>();
    }

    private async Task<(long Available, long Held)> PointsAsync()
    {
        var answer = await city.Client.SendAsync(Volunteer, "{ me { account { availablePoints heldPoints } } }");
        var account = answer.Ok("me.account");
        return (account.Long("availablePoints"), account.Long("heldPoints"));
    }

    private HttpClient NewBrowser() => new PageBrowser(city.App).Client;

    private static Task<string> SignInAsync(HttpClient browser, string person, string back) => PageBrowser.SignInAsync(browser, person, back);

    private static string AntiforgeryToken(string html) => PageBrowser.AntiforgeryToken(html);

    private static string TestId(string html, string id) => PageBrowser.TestId(html, id);
}
