using Marten;
using Marten.Events;
using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The public landing page, the sign-in page and a volunteer's own pages as a person uses them, in chromium on a phone and
/// on a desktop. Every page is screenshot, checked with axe-core, must fit the window's width, log no error and ask no
/// other host for anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VolunteerPagesInTheBrowserTests(BrowserCity city)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_landing_page_explains_the_service_and_leads_to_sign_in(bool phone)
    {
        var page = await city.NewPageAsync(phone);

        await page.GotoAsync("/");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("您的志愿服务，有记录、有回报");
        await city.CheckAsync(page, $"landing-{Device(phone)}");
        await page.GetByTestId("start").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录志愿时间银行");
        await city.CheckAsync(page, $"sign-in-{Device(phone)}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_volunteer_signs_in_and_sees_their_balance(bool phone)
    {
        var api = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "{ me { account { availablePoints serviceHours } } }");
        var page = await city.NewPageAsync(phone);

        await SignInAsync(page, "volunteer");

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(city.BaseAddress, "me").ToString());
        await Assertions.Expect(page.GetByTestId("available-points")).ToHaveTextAsync(api.Ok("me.account.availablePoints").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("service-hours")).ToHaveTextAsync(api.Ok("me.account.serviceHours").GetValue<string>());
        await Assertions.Expect(page.GetByTestId("history").GetByRole(AriaRole.Row)).Not.ToHaveCountAsync(0);
        await city.CheckAsync(page, $"volunteer-home-{Device(phone)}");

        await page.GetByTestId("my-records").ClickAsync();
        await Assertions.Expect(page.GetByTestId("record")).Not.ToHaveCountAsync(0);
        await city.CheckAsync(page, $"volunteer-records-{Device(phone)}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_volunteer_who_changes_the_address_to_another_volunteers_page_finds_nothing_there()
    {
        var other = DemoCity.Cast.Volunteers[1];
        var page = await city.NewPageAsync(phone: true);
        await SignInAsync(page, "volunteer");

        var answer = await page.GotoAsync($"volunteers/{other.Id}");

        Assert.Equal(404, answer!.Status);
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("available-points")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText(other.VolunteerNumber)).ToHaveCountAsync(0);
        await BrowserCity.ScreenshotAsync(page, "volunteer-other-volunteers-page-phone");
        await BrowserCity.AssertAccessibleAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_older_reader_switches_to_large_type_high_contrast_and_english_and_the_page_stays_readable()
    {
        var page = await city.NewPageAsync(phone: true);
        await SignInAsync(page, "volunteer");

        await page.GetByRole(AriaRole.Link, new() { Name = "大字" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "高对比度" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync("large contrast");
        await city.CheckAsync(page, "volunteer-home-large-contrast-phone");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("My account");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await city.CheckAsync(page, "volunteer-home-english-phone");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_volunteer_opens_a_record_from_their_history_and_points_out_an_error_which_nobody_else_can_see()
    {
        var page = await city.NewPageAsync(phone: true);
        await SignInAsync(page, "volunteer");
        await page.GetByTestId("history").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("服务记录");
        var recordAddress = new Uri(page.Url).PathAndQuery;
        await city.CheckAsync(page, "volunteer-record-phone");

        await page.GetByLabel("有误或遗漏之处（社区可见）").FillAsync("结束时间应为 16:30。");
        await page.GetByTestId("contest").ClickAsync();

        await Assertions.Expect(page.GetByTestId("contested")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("record-status")).ToContainTextAsync("已提出异议");
        await Assertions.Expect(page.GetByTestId("contest-form")).ToHaveCountAsync(0);
        await city.CheckAsync(page, "volunteer-record-contested-phone");
        var other = await city.NewPageAsync(phone: true);
        await SignInAsync(other, "volunteer-2");
        var answer = await other.GotoAsync(recordAddress.TrimStart('/'));
        Assert.Equal(404, answer!.Status);
        await Assertions.Expect(other.GetByTestId("record-status")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task A_volunteer_sees_their_place_on_the_board_and_leaves_the_public_boards_and_comes_back()
    {
        var volunteer = DemoCity.Cast.Volunteers[1].Id;
        var token = TestTokens.For(Actor.Volunteer(volunteer));
        var period = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture);
        // The boards are built asynchronously: the rank is compared once they have seen every event so far.
        await city.App.Store.CaughtUpAsync();
        var api = await city.Client.SendAsync(token, $"{{ myStanding(level: DISTRICT, period: \"{period}\", measure: POINTS) {{ rank }} }}");
        var page = await city.NewPageAsync(phone: true);
        await SignInAsync(page, "volunteer-2");

        await page.GotoAsync($"me/board?level=DISTRICT&period={period}&measure=POINTS");

        await Assertions.Expect(page.GetByTestId("my-rank")).ToContainTextAsync(api.Ok("myStanding.rank").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("me-on-board")).ToHaveCountAsync(1);
        await city.CheckAsync(page, "volunteer-board-phone");
        await page.GetByTestId("leave-boards").ClickAsync();
        await Assertions.Expect(page.GetByTestId("off-boards")).ToBeVisibleAsync();
        Assert.False((await city.Client.SendAsync(token, "{ me { account { onPublicBoards } } }")).Ok("me.account.onPublicBoards").GetValue<bool>());
        await page.GetByTestId("rejoin-boards").ClickAsync();
        await Assertions.Expect(page.GetByTestId("leave-boards")).ToBeVisibleAsync();
        Assert.True((await city.Client.SendAsync(token, "{ me { account { onPublicBoards } } }")).Ok("me.account.onPublicBoards").GetValue<bool>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_volunteer_finds_their_certificate_on_their_page_and_checks_it_as_a_school_would()
    {
        var page = await city.NewPageAsync(phone: true);
        await SignInAsync(page, "volunteer");

        await page.GetByTestId("certificate-verify").First.ClickAsync();

        await Assertions.Expect(page.Locator(".verdict")).ToHaveTextAsync("有效 · Valid");
        await page.Context.CloseAsync();
    }

    /// <summary>Signs in from the sign-in page by the button of the demo person <paramref name="person"/>.</summary>
    internal static async Task SignInAsync(IPage page, string person)
    {
        await page.GotoAsync("signin");
        await page.GetByTestId($"sign-in-as-{person}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
    }


    private static string Device(bool phone) => phone ? "phone" : "desktop";
}
