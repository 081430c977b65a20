using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The love bank at the till as people use it, in two browsers at once: the volunteer asks their phone for a code, the
/// cashier types it and the amount on the till's desktop page, holds and completes with the keyboard, and the volunteer's
/// page shows the points gone. Double taps change the ledger once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TillInTheBrowserTests(BrowserCity city)
{
    private const int Amount = 7;

    [Fact]
    public async Task A_cashier_redeems_with_the_volunteers_code_and_the_volunteers_points_drop()
    {
        var phone = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(phone, "volunteer");
        var before = await AvailablePointsAsync(phone);
        var code = await GetCodeAsync(phone);
        var till = await city.NewPageAsync(phone: false);
        await VolunteerPagesInTheBrowserTests.SignInAsync(till, "merchant");
        await Assertions.Expect(till).ToHaveURLAsync(new Uri(city.BaseAddress, "till").ToString());
        await city.CheckAsync(till, "till-desktop");

        // Keyboard only: the code field has the focus; type, Tab, amount, Enter; then Enter completes.
        await till.Keyboard.TypeAsync(code);
        await till.Keyboard.PressAsync("Tab");
        await till.Keyboard.TypeAsync(Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await till.Keyboard.PressAsync("Enter");
        await Assertions.Expect(till.GetByTestId("held-amount")).ToHaveTextAsync(Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await city.CheckAsync(till, "till-held-desktop");
        await till.Keyboard.PressAsync("Enter");
        await Assertions.Expect(till.GetByTestId("outcome")).ToHaveAttributeAsync("data-status", "COMPLETED");
        await city.CheckAsync(till, "till-completed-desktop");

        await phone.GotoAsync("me");
        Assert.Equal(before - Amount, await AvailablePointsAsync(phone));

        // Refund from the day's list, keyboard only: the row's link, Enter; the amount field has the focus; 2, Enter.
        var holdId = System.Web.HttpUtility.ParseQueryString(new Uri(till.Url).Query)["hold"];
        var row = till.Locator($"tr[data-testid=day-hold][data-hold='{holdId}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "COMPLETED");
        await city.CheckAsync(till, "till-day-list-desktop");
        await row.GetByTestId("day-refund").FocusAsync();
        await till.Keyboard.PressAsync("Enter");
        await Assertions.Expect(till.GetByTestId("refund-amount")).ToBeFocusedAsync();
        await till.Keyboard.PressAsync("Control+A");
        await till.Keyboard.TypeAsync("2");
        await till.Keyboard.PressAsync("Enter");
        await Assertions.Expect(till.GetByTestId("outcome-refunded")).ToHaveTextAsync("2");
        await Assertions.Expect(row.GetByTestId("day-refunded")).ToHaveTextAsync("2");
        await phone.GotoAsync("me");
        Assert.Equal(before - Amount + 2, await AvailablePointsAsync(phone));

        // The statement with its CSV link, and where the volunteer can spend points.
        await till.GotoAsync("till/statement");
        await Assertions.Expect(till.GetByTestId("csv")).ToBeVisibleAsync();
        await city.CheckAsync(till, "till-statement-desktop");
        await phone.GotoAsync("me/merchants");
        await Assertions.Expect(phone.GetByTestId("merchants-near")).ToBeVisibleAsync();
        await city.CheckAsync(phone, "volunteer-merchants-phone");
        await phone.Context.CloseAsync();
        await till.Context.CloseAsync();
    }

    [Fact]
    public async Task The_hold_form_sent_twice_holds_the_points_once()
    {
        var phone = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(phone, "volunteer-2");
        var before = await HeldPointsAsync(DemoCity.Cast.Volunteers[1].Id);
        var code = await GetCodeAsync(phone);
        var till = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(till, "merchant");
        await till.GetByTestId("code").FillAsync(code);
        await till.GetByTestId("amount").FillAsync(Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // What a double tap on a slow network sends: the same form, twice, at once, with the browser's own cookies.
        // (Chromium itself sends one post for a double click on a button that navigates; a second tab or a retried post
        // would not be so kind.)
        var form = await till.GetByTestId("hold-form").EvaluateAsync<string>("f => new URLSearchParams(new FormData(f)).toString()");
        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => till.APIRequest.PostAsync("till", new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = form,
            MaxRedirects = 0,
        })));

        Assert.All(posts, post => Assert.Equal(302, post.Status));
        Assert.Equal(posts[0].Headers["location"], posts[1].Headers["location"]);
        Assert.Equal(before + Amount, await HeldPointsAsync(DemoCity.Cast.Volunteers[1].Id));
        await till.GotoAsync(posts[0].Headers["location"]);
        await Assertions.Expect(till.GetByTestId("held-amount")).ToHaveTextAsync(Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await city.CheckAsync(till, "till-held-phone");
        await till.GetByTestId("void").ClickAsync();
        await Assertions.Expect(till.GetByTestId("outcome")).ToHaveAttributeAsync("data-status", "VOIDED");
        Assert.Equal(before, await HeldPointsAsync(DemoCity.Cast.Volunteers[1].Id));
        await phone.Context.CloseAsync();
        await till.Context.CloseAsync();
    }

    [Fact]
    public async Task A_volunteer_who_reloads_the_code_page_gets_the_same_code_not_a_second_one()
    {
        var phone = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(phone, "volunteer");
        var code = await GetCodeAsync(phone);

        // A reload of the answer to a form post sends the form again (chromium asks no question in headless mode).
        await phone.ReloadAsync();

        await Assertions.Expect(phone.GetByTestId("code-digits")).ToHaveTextAsync(code);
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task The_code_page_counts_down_the_time_the_code_has_left_without_a_script()
    {
        var phone = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(phone, "volunteer");
        await GetCodeAsync(phone);
        var countdown = phone.GetByTestId("code-countdown");

        var first = await ShownAsync(countdown);
        // What the countdown shows is what is left until the code's expiry, as the phone's own clock sees it.
        Assert.InRange(first.Shown, first.Left - 1.5, first.Left + 1.5);
        Assert.InRange(first.Shown, 1, 120);

        await phone.WaitForTimeoutAsync(2500);
        var later = await ShownAsync(countdown);
        Assert.InRange(later.Shown, later.Left - 1.5, later.Left + 1.5);
        Assert.InRange(first.Shown - later.Shown, 1, 4);
        await Assertions.Expect(phone.GetByTestId("code-expired")).Not.ToBeVisibleAsync();
        await phone.Context.CloseAsync();
    }

    /// <summary>
    /// The seconds the countdown shows (each column's numeral inside the digits' window, as laid out on screen with the
    /// animation applied) and the seconds left until the expiry it was made for, by the browser's clock.
    /// </summary>
    private static async Task<(double Shown, double Left)> ShownAsync(ILocator countdown)
    {
        var read = await countdown.EvaluateAsync<double[]>("""
            svg => {
              // The digits' window is the top 48 of the countdown's 64 units (an inner svg's own box is its content's).
              const outer = svg.getBoundingClientRect();
              const box = { top: outer.top, bottom: outer.top + outer.height * 48 / 64 };
              const shown = name => Number([...svg.querySelectorAll(`[data-digit="${name}"] text`)].find(t => {
                const r = t.getBoundingClientRect();
                const middle = (r.top + r.bottom) / 2;
                return middle > box.top && middle < box.bottom;
              }).textContent);
              return [shown('minutes') * 60 + shown('tens') * 10 + shown('units'), (Date.parse(svg.dataset.expiresAt) - Date.now()) / 1000];
            }
            """);
        return (read[0], read[1]);
    }

    /// <summary>The volunteer's phone asks for a code (the page a volunteer opens at the till) and reads its digits.</summary>
    private async Task<string> GetCodeAsync(IPage phone)
    {
        await phone.GotoAsync("me");
        await phone.GetByTestId("pay-with-points").ClickAsync();
        await phone.GetByTestId("get-code").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("code-digits")).Not.ToBeEmptyAsync();
        await city.CheckAsync(phone, "volunteer-code-phone");
        return (await phone.GetByTestId("code-digits").TextContentAsync())!.Trim();
    }

    private static async Task<long> AvailablePointsAsync(IPage page) =>
        long.Parse((await page.GetByTestId("available-points").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> HeldPointsAsync(Guid volunteerId)
    {
        var answer = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(volunteerId)), "{ me { account { heldPoints } } }");
        return answer.Ok("me.account.heldPoints").GetValue<long>();
    }

}
