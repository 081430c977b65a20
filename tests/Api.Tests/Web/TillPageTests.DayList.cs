using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Marten;
using Marten.Events;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The till's list of the day (void an open hold, refund a completed one from it), its statement page and the statement
/// as CSV from the page's own link (issue 19: "refund from the day's list, the statement and CSV download").
/// </summary>
public sealed partial class TillPageTests
{
    private static readonly string Cashier = TestTokens.For(Actor.Merchant(DemoPeople.MerchantCashierId, DemoPeople.MerchantId));

    [Fact]
    public async Task The_days_list_shows_an_open_hold_and_voids_it_once_however_often_its_form_is_sent()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var held = await HoldAsync(browser, await IssueCodeAsync(), Amount);
        var holdId = HoldIdOf(held);

        var till = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));
        Assert.Equal("HELD", Row(till, holdId)?.GetAttribute("data-status"));
        Assert.Equal(Amount.ToString(CultureInfo.InvariantCulture), Row(till, holdId)!.QuerySelector("[data-testid=\"day-amount\"]")!.TextContent);

        var voided = await PostAsync(browser, "/till", "day", till, "DayForm", new Dictionary<string, string> { ["DayForm.HoldId"] = holdId });
        var again = await PostAsync(browser, "/till", "day", till, "DayForm", new Dictionary<string, string> { ["DayForm.HoldId"] = holdId });

        Assert.Equal(HttpStatusCode.Redirect, voided.Status);
        Assert.Contains("status=VOIDED", voided.Location, StringComparison.Ordinal);
        Assert.Equal(voided.Location, again.Location);
        Assert.Equal(before, await PointsAsync());
        var after = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));
        Assert.Equal("VOIDED", Row(after, holdId)?.GetAttribute("data-status"));
        Assert.Null(Row(after, holdId)!.QuerySelector("button, a"));

        // A refused form keeps the day's list on the page beside the reason.
        var refused = await PostAsync(browser, "/till", "hold", after, "HoldForm",
            new Dictionary<string, string> { ["HoldForm.Code"] = "12345678", ["HoldForm.Amount"] = "three" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("data-testid=\"error\"", refused.Html, StringComparison.Ordinal);
        Assert.Equal("VOIDED", Row(refused.Html, holdId)?.GetAttribute("data-status"));
    }

    [Fact]
    public async Task A_completed_redemption_is_refunded_from_the_days_list_and_the_points_come_back_to_the_volunteer()
    {
        using var browser = await CashierAsync();
        var before = await PointsAsync();
        var held = await HoldAsync(browser, await IssueCodeAsync(), Amount);
        var holdId = HoldIdOf(held);
        await PostAsync(browser, held, "complete", await browser.GetStringAsync(new Uri(held, UriKind.Relative)), "CompleteForm");

        var till = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));
        var link = Row(till, holdId)?.QuerySelector("a[data-testid=\"day-refund\"]")?.GetAttribute("href");
        Assert.NotNull(link);
        var path = link.Split('#')[0];
        var refundPage = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        var document = PageBrowser.Parse(refundPage);
        Assert.True(document.QuerySelector("details[data-testid=\"refund\"]")!.HasAttribute("open"));
        var amountField = document.QuerySelector("input[data-testid=\"refund-amount\"]")!;
        Assert.True(amountField.HasAttribute("autofocus"));
        Assert.Equal(Amount.ToString(CultureInfo.InvariantCulture), amountField.GetAttribute("value"));

        var refunded = await PostAsync(browser, path, "refund", refundPage, "RefundForm", new Dictionary<string, string> { ["RefundForm.Amount"] = "2" });

        Assert.Equal(HttpStatusCode.Redirect, refunded.Status);
        Assert.Equal((before.Available - Amount + 2, before.Held), await PointsAsync());
        var after = await browser.GetStringAsync(new Uri("/till", UriKind.Relative));
        Assert.Equal("2", Row(after, holdId)!.QuerySelector("[data-testid=\"day-refunded\"]")?.TextContent);
        Assert.NotNull(Row(after, holdId)!.QuerySelector("a[data-testid=\"day-refund\"]"));
    }

    [Fact]
    public async Task The_statement_page_and_its_csv_link_show_what_the_api_shows_the_cashier()
    {
        using var browser = await CashierAsync();
        var held = await HoldAsync(browser, await IssueCodeAsync(), Amount);
        await PostAsync(browser, held, "complete", await browser.GetStringAsync(new Uri(held, UriKind.Relative)), "CompleteForm");
        await city.App.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var api = (await city.Client.SendAsync(Cashier, """
            query($id: ID!, $day: DateOnly!) { settlementStatement(merchantId: $id, from: $day, to: $day) { redeemed refunded net redemptions } }
            """, new { id = DemoPeople.MerchantId, day = today })).Ok("settlementStatement");

        var page = PageBrowser.Parse(await browser.GetStringAsync(new Uri($"/till/statement?from={today}&to={today}", UriKind.Relative)));

        Assert.True(api.Long("redemptions") >= 1);
        Assert.Equal(api.Long("redeemed").ToString(CultureInfo.InvariantCulture), PageBrowser.TestId(page, "total-redeemed"));
        Assert.Equal(api.Long("refunded").ToString(CultureInfo.InvariantCulture), PageBrowser.TestId(page, "total-refunded"));
        Assert.Equal(api.Long("net").ToString(CultureInfo.InvariantCulture), PageBrowser.TestId(page, "total-net"));
        Assert.Equal(today, page.QuerySelector("[data-testid=\"statement-day\"]")?.GetAttribute("data-day"));

        // The page's download link, with the page's cookie: the same file the API's CSV gives a bearer token.
        var csvLink = page.QuerySelector("a[data-testid=\"csv\"]")!.GetAttribute("href")!;
        using var download = await browser.GetAsync(new Uri(csvLink, UriKind.Relative));
        using var apiCsv = await BearerCsvAsync(today);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(apiCsv.Content.Headers.ContentDisposition!.FileName, download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(await apiCsv.Content.ReadAsByteArrayAsync(), await download.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("date,redeemed,refunded,net,redemptions,refunds\r\n" + today + ",", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The default period (this month so far) and the till's link to it.
        Assert.Contains("href=\"/till/statement\"", await browser.GetStringAsync(new Uri("/till", UriKind.Relative)), StringComparison.Ordinal);
        Assert.NotNull(PageBrowser.Parse(await browser.GetStringAsync(new Uri("/till/statement", UriKind.Relative))).QuerySelector("[data-testid=\"statement-total\"]"));
        // A period that ends before it starts: the page says what is wrong and offers the period form again.
        var backwards = PageBrowser.Parse(await browser.GetStringAsync(new Uri("/till/statement?from=2026-03-10&to=2026-03-09", UriKind.Relative)));
        Assert.NotNull(backwards.QuerySelector("[data-testid=\"error\"]"));
        Assert.NotNull(backwards.QuerySelector("form[data-testid=\"period\"]"));
        Assert.Null(backwards.QuerySelector("[data-testid=\"statement\"]"));
    }

    [Fact]
    public async Task The_statements_csv_is_for_a_signed_in_cashier_only_and_says_what_is_wrong_with_a_period()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var path = $"/till/statement.csv?from={today}&to={today}";

        using var anonymous = await NewBrowser().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin?back=", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A bearer token opens nothing here: the page route reads the page's cookie only.
        using var bearer = NewBrowser();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Cashier);
        using var withToken = await bearer.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);

        using var volunteer = NewBrowser();
        await SignInAsync(volunteer, "volunteer", "/me");
        using var notACashier = await volunteer.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notACashier.StatusCode);

        using var cashier = await CashierAsync();
        using var backwards = await cashier.GetAsync(new Uri("/till/statement.csv?from=2026-03-10&to=2026-03-09", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("before it starts", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var notADay = await cashier.GetAsync(new Uri("/till/statement.csv?from=yesterday&to=" + today, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, notADay.StatusCode);
    }

    private async Task<HttpResponseMessage> BearerCsvAsync(string day)
    {
        using var client = city.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/merchants/{DemoPeople.MerchantId}/statements.csv?from={day}&to={day}", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Cashier);
        return await client.SendAsync(request);
    }

    private static string HoldIdOf(string outcome) => Regex.Match(outcome, "hold=(?<id>[0-9a-f-]{36})").Groups["id"].Value;

    private static AngleSharp.Dom.IElement? Row(string html, string holdId) =>
        PageBrowser.Parse(html).QuerySelector($"tr[data-testid=\"day-hold\"][data-hold=\"{holdId}\"]");
}
