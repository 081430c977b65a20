using System.Net;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>The time bank's gifts in the web app (ADR 0045): <c>/me/gifts</c> for a member, <c>/community/pool</c> for staff.</summary>
public sealed partial class WebPagesTests
{
    [Fact]
    public async Task The_volunteer_confirms_a_relation_and_gives_time_credits_to_a_relative()
    {
        var token = TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId));
        const string Available = "{ me { account { availableTimeCredits gifts { givenThisYear receivedThisYear } } } }";
        var before = (await city.Client.SendAsync(token, Available)).Ok("me.account");
        Assert.Equal(30, before["gifts"]!["receivedThisYear"]!.GetValue<int>());
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me");

        var page = await browser.OpenAsync("/me/gifts");
        var pending = Assert.Single(page.QuerySelectorAll("[data-testid=relative]"), r => r.GetAttribute("data-state") == "PENDING");
        using (var confirmed = await browser.SubmitAsync("/me/gifts", pending.QuerySelector("form")!))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.EndsWith("done=confirmed", confirmed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        page = await browser.OpenAsync("/me/gifts?done=confirmed");
        Assert.All(page.QuerySelectorAll("[data-testid=relative]"), r => Assert.Equal("CONFIRMED", r.GetAttribute("data-state")));
        var give = page.QuerySelector("[data-testid=give-form]")!;
        var receiver = give.QuerySelector("select option")!.GetAttribute("value")!;
        using (var given = await browser.SubmitAsync("/me/gifts", give, new Dictionary<string, string> { ["Give.ReceiverId"] = receiver, ["Give.Minutes"] = "10" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
            Assert.EndsWith("done=given", given.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var after = (await city.Client.SendAsync(token, Available)).Ok("me.account");
        Assert.Equal(before["availableTimeCredits"]!.GetValue<int>() - 10, after["availableTimeCredits"]!.GetValue<int>());
        Assert.Equal(before["gifts"]!["givenThisYear"]!.GetValue<int>() + 10, after["gifts"]!["givenThisYear"]!.GetValue<int>());
    }

    [Fact]
    public async Task Staff_see_the_pool_and_grant_from_it_and_a_volunteer_may_not()
    {
        var community = DemoCity.Cast.Communities[0];
        var token = TestTokens.For(Actor.Staff(community.Staff[0], community.Id));
        const string Pool = "query($id: ID!) { communityPool(communityId: $id) { available movements { kind } } }";
        var before = (await city.Client.SendAsync(token, Pool, new { id = community.Id })).Ok("communityPool");
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("staff", "/staff");

        var page = await browser.OpenAsync("/community/pool");
        Assert.Equal(Words(before["available"]!.GetValue<int>()), PageBrowser.TestId(page, "pool-balance"));
        Assert.Equal(before["movements"]!.AsArray().Select(m => m!["kind"]!.GetValue<string>()),
            page.QuerySelectorAll("[data-testid=pool-movement]").Select(r => r.GetAttribute("data-kind")));
        var grant = page.QuerySelector("[data-testid=grant-form]")!;
        var resident = grant.QuerySelector("select option")!.GetAttribute("value")!;
        using (var granted = await browser.SubmitAsync("/community/pool", grant,
            new Dictionary<string, string> { ["Grant.ResidentId"] = resident, ["Grant.Minutes"] = "5", ["Grant.Reason"] = "行动不便，需要上门助餐" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
            Assert.Contains("done=granted", granted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var after = (await city.Client.SendAsync(token, Pool, new { id = community.Id })).Ok("communityPool");
        Assert.Equal(before["available"]!.GetValue<int>() - 5, after["available"]!.GetValue<int>());

        using var volunteer = new PageBrowser(city.App);
        await volunteer.SignInAsync("volunteer", "/me");
        using var refused = await volunteer.Client.GetAsync(new Uri("/community/pool", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        static string Words(int minutes) => TimeBank.Web.Words.Duration(minutes);
    }
}
