using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// With an identity provider configured (<c>Auth:Authority</c>), the sign-in page offers that provider and never the
/// demo people, even where <c>Web:LocalSignIn</c> is on; the local sign-in endpoint signs nobody in. (No provider is
/// reachable here: the sign-in through it is not followed.)
/// </summary>
public sealed class ProviderSignInTests(ProviderSignInTests.AppWithProvider app) : IClassFixture<ProviderSignInTests.AppWithProvider>
{
    [Fact]
    public async Task The_sign_in_page_offers_the_provider_and_no_demo_people()
    {
        using var browser = new PageBrowser(app);

        var page = await browser.OpenAsync("/signin?back=%2Fme");

        var provider = page.QuerySelector("a[href^='/signin/provider']");
        Assert.NotNull(provider);
        Assert.Equal("/signin/provider?back=%2Fme", provider.GetAttribute("href"));
        Assert.Empty(page.QuerySelectorAll("[data-testid^='sign-in-as-']"));
    }

    [Fact]
    public void No_local_sign_in_is_registered_so_its_endpoint_signs_nobody_in() =>
        Assert.Null(app.Services.GetService<TimeBank.Web.ILocalSignIn>());

    /// <summary>The test host with an identity provider named (and the local sign-in asked for, which it must ignore).</summary>
    public sealed class AppWithProvider : TimeBankApp
    {
        protected override void ConfigureHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Auth:Authority", "https://id.example.org/realms/city");
            builder.UseSetting("Web:ClientId", "timebank-web");
            builder.UseSetting("Web:LocalSignIn", "true");
        }
    }
}
