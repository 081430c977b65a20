using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Auth;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;
using TimeBank.Web;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// Staff who serve several communities choose which one a page shows, with the same switcher on every staff page; the
/// page then reads and acts in that community (and never in one they do not serve). A test host whose sign-in page
/// offers, besides the demo people, a staff member of the demo city's first two communities.
/// </summary>
public sealed class CommunitySwitcherTests(CommunitySwitcherTests.City city) : IClassFixture<CommunitySwitcherTests.City>
{
    private static readonly DemoCommunity First = DemoCity.Cast.Communities[0];
    private static readonly DemoCommunity Second = DemoCity.Cast.Communities[1];
    private static readonly DemoCommunity Third = DemoCity.Cast.Communities[2];

    [Theory]
    [InlineData("/community/certificates")]
    [InlineData("/community/projects")]
    [InlineData("/community/merchants")]
    [InlineData("/community/board")]
    [InlineData("/kpis")]
    public async Task Every_staff_page_offers_the_communities_the_staff_member_serves_and_shows_the_one_chosen(string path)
    {
        using var browser = await SignedInAsync();

        var first = await browser.OpenAsync(path);
        var second = await browser.OpenAsync($"{path}?communityId={Second.Id}");
        // A community they do not serve is not theirs to choose: the page shows their first.
        var third = await browser.OpenAsync($"{path}?communityId={Third.Id}");

        foreach (var (page, shown) in new[] { (first, First), (second, Second), (third, First) })
        {
            var choices = page.QuerySelectorAll("[data-testid=community-switcher] [data-testid=community-choice]");
            Assert.Equal([First.Id.ToString(), Second.Id.ToString()], choices.Select(c => c.GetAttribute("data-community-id")!));
            Assert.Equal([shown.Id.ToString()], choices.Where(c => c.GetAttribute("aria-current") == "page").Select(c => c.GetAttribute("data-community-id")!));
            Assert.Contains(shown.Name, page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Equal($"{path}?communityId={shown.Id}", choices.Single(c => c.GetAttribute("aria-current") == "page").GetAttribute("href"));
        }
    }

    [Fact]
    public async Task A_project_published_on_the_second_communitys_page_is_published_there()
    {
        using var browser = await SignedInAsync();
        var page = await browser.OpenAsync($"/community/projects?communityId={Second.Id}");
        var name = "切换测试" + Guid.NewGuid().ToString("N")[..6];

        using var published = await browser.SubmitAsync("/community/projects", page.QuerySelector("[data-testid=publish-form]")!, new Dictionary<string, string>
        {
            ["Publish.Name"] = name,
            ["Publish.Category"] = "elderly",
            ["Publish.Place"] = "活动室",
        });

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal($"/community/projects?communityId={Second.Id}&published=1", published.Headers.Location!.PathAndQuery);
        var client = new LedgerGraphQLClient(city.App);
        var token = TestTokens.For(Actor.Staff(Guid.CreateVersion7(), First.Id, Second.Id));
        var communities = (await client.SendAsync(token, "{ me { communities { id communityId } } }")).Ok("me.communities").AsArray();
        var projects = new Dictionary<string, List<string>>();
        foreach (var community in communities)
        {
            var listed = await client.SendAsync(token, "query($id: ID!) { node(id: $id) { ... on Community { projects(first: 100) { edges { node { name } } } } } }",
                new { id = community!["id"]!.GetValue<string>() });
            projects[community["communityId"]!.GetValue<string>()] = [.. listed.Ok("node.projects.edges").AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>())];
        }

        Assert.Contains(name, projects[Second.Id.ToString()]);
        Assert.DoesNotContain(name, projects[First.Id.ToString()]);
    }

    private async Task<PageBrowser> SignedInAsync()
    {
        var browser = new PageBrowser(city.App);
        await browser.SignInAsync(TwoCommunitiesSignIn.Key, "/mine");
        return browser;
    }

    /// <summary>The demo city, seeded, on a host whose sign-in also offers <see cref="TwoCommunitiesSignIn.Key"/>.</summary>
    public sealed class City : IAsyncLifetime
    {
        public AppWithTwoCommunityStaff App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            await ActivatorUtilities.CreateInstance<TimeBank.Api.Demo.DemoSeeder>(App.Services).SeedAsync(CancellationToken.None);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    public sealed class AppWithTwoCommunityStaff : TimeBankApp
    {
        protected override void ConfigureHost(IWebHostBuilder builder) =>
            builder.ConfigureTestServices(services => services.AddSingleton<ILocalSignIn, TwoCommunitiesSignIn>());
    }

    /// <summary>The demo people, and a staff member of the first community who serves the second too.</summary>
    private sealed class TwoCommunitiesSignIn : ILocalSignIn
    {
        public const string Key = "staff-of-two";

        private readonly DemoSignIn demo = new(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        public IReadOnlyList<SignInPerson> People => [.. demo.People, new SignInPerson(Key, "Community staff", First.Name + "、" + Second.Name)];

        public IReadOnlyList<Claim>? ClaimsOf(string key) => key == Key
            ? new TokenClaims(First.Staff[0], "staff", First.Id, Second.Id).ToClaims()
            : demo.ClaimsOf(key);
    }
}
