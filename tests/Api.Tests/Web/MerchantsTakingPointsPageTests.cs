using System.Net;
using TimeBank.Api.Tests.Demo;
using TimeBank.Demo;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Tests.Web;

/// <summary>The volunteer's page of where points can be spent (/me/merchants), over HTTP, in the seeded demo city.</summary>
public sealed class MerchantsTakingPointsPageTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    [Fact]
    public async Task A_volunteer_sees_the_approved_shops_of_their_community_first_then_the_rest_of_the_city_and_no_other()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me");
        var cast = DemoCity.Cast;
        var home = cast.Volunteers.Single(v => v.Id == DemoPeople.VolunteerId).HomeCommunityId;

        var page = await browser.OpenAsync("/me/merchants");

        var near = Names(page.QuerySelector("[data-testid=\"merchants-near\"]"));
        var elsewhere = Names(page.QuerySelector("[data-testid=\"merchants-elsewhere\"]"));
        Assert.Equal(cast.Merchants.Where(m => m.CommunityId == home && m.Status == MerchantStatus.Approved).Select(m => m.Name).Order(), near.Order());
        Assert.Equal(cast.Merchants.Where(m => m.CommunityId != home && m.Status == MerchantStatus.Approved).Select(m => m.Name).Order(), elsewhere.Order());
        Assert.Equal(cast.Communities.Single(c => c.Id == home).Name + " · " + cast.Communities.Single(c => c.Id == home).Street,
            page.QuerySelector("[data-testid=\"merchants-near\"] [data-testid=\"merchant-community\"]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[href=\"/me/code\"]"));

        // Reached from the volunteer's own page.
        var me = await browser.OpenAsync("/me");
        Assert.NotNull(me.QuerySelector("a[href=\"/me/merchants\"]"));
    }

    [Fact]
    public async Task Without_signing_in_the_page_sends_the_reader_to_sign_in_first()
    {
        using var browser = new PageBrowser(city.App);

        using var response = await browser.Client.GetAsync(new Uri("/me/merchants", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("back=%2Fme%2Fmerchants", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static List<string> Names(AngleSharp.Dom.IElement? section) =>
        section is null ? [] : [.. section.QuerySelectorAll("[data-testid=\"merchant-name\"]").Select(e => e.TextContent.Trim())];
}
