using System.Net;
using System.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The pages' sign-in through an identity provider, end to end: the host (with <c>Auth:Authority</c> naming a fake
/// OpenID Connect provider on a real loopback port) sends the browser there with PKCE, takes it back at
/// <c>/signin-oidc</c>, redeems the code at the provider's token endpoint, reads userinfo, and signs the volunteer in;
/// the API accepts the provider's access tokens as bearer tokens (its keys, its issuer).
/// </summary>
public sealed class ProviderRoundTripTests(ProviderRoundTripTests.CityWithProvider city) : IClassFixture<ProviderRoundTripTests.CityWithProvider>
{
    [Fact]
    public async Task A_volunteer_signs_in_at_the_provider_and_sees_their_balance()
    {
        var provider = city.Provider;
        using var browser = city.Browser();

        // To the provider, with this client's id and a PKCE challenge.
        using var challenge = await browser.GetAsync(new Uri("/signin/provider?back=%2Fme", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(provider.Issuer + "/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var asked = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(CityWithProvider.ClientId, asked["client_id"]);
        Assert.Equal("code", asked["response_type"]);
        Assert.Equal("S256", asked["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(asked["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(asked["nonce"]));
        Assert.Equal("https://localhost/signin-oidc", asked["redirect_uri"]);

        // The provider (over the network) signs the volunteer in and sends the browser back with a code.
        var callback = await city.AtProviderAsync(authorize);
        Assert.StartsWith("https://localhost/signin-oidc?", callback.AbsoluteUri, StringComparison.Ordinal);
        var code = HttpUtility.ParseQueryString(callback.Query)["code"];

        // The host redeems the code (token endpoint, with the verifier), reads userinfo, and sends the browser where it asked.
        using var signedIn = await browser.GetAsync(callback);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"The callback answered {(int)signedIn.StatusCode}:\n{await signedIn.Content.ReadAsStringAsync()}");
        Assert.Equal("/me", signedIn.Headers.Location!.OriginalString);
        Assert.Contains(code, provider.TokenRequests);
        Assert.True(provider.UserInfoAnswers > 0);

        // The API, asked with the provider's access token, gives the balance the page must show.
        var api = await new LedgerGraphQLClient(city.App).SendAsync(provider.AccessTokenFor("timebank"), "{ me { role personId account { availablePoints } } }");
        Assert.Equal("VOLUNTEER", api.Ok("me.role").GetValue<string>());
        Assert.Equal(DemoPeople.VolunteerId.ToString(), api.Ok("me.personId").GetValue<string>());
        using var me = await browser.GetAsync(new Uri("/me", UriKind.Relative));
        var html = await me.Content.ReadAsStringAsync();
        Assert.True(me.StatusCode == HttpStatusCode.OK, $"GET /me answered {(int)me.StatusCode}:\n{html}");
        Assert.Equal(api.Ok("me.account.availablePoints").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture),
            PageBrowser.TestId(html, "available-points"));
    }

    [Fact]
    public async Task A_callback_with_another_state_signs_nobody_in_and_redeems_no_code()
    {
        var provider = city.Provider;
        using var browser = city.Browser();
        using var challenge = await browser.GetAsync(new Uri("/signin/provider?back=%2Fme", UriKind.Relative));
        var callback = await city.AtProviderAsync(challenge.Headers.Location!);
        var code = HttpUtility.ParseQueryString(callback.Query)["code"]!;

        // The provider's real code, but a state this host never issued (as a forged or replayed link would carry).
        var forged = new Uri($"https://localhost/signin-oidc?code={Uri.EscapeDataString(code)}&state=forged-{Guid.NewGuid():N}");
        using var refused = await browser.GetAsync(forged);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/signin?failed=1", refused.Headers.Location!.OriginalString);
        var signIn = await browser.GetStringAsync(new Uri("/signin?failed=1", UriKind.Relative));
        Assert.NotEqual("<no error>", PageBrowser.TestId(signIn, "error"));

        Assert.DoesNotContain(code, provider.TokenRequests);
        using var me = await browser.GetAsync(new Uri("/me", UriKind.Relative));
        var html = await me.Content.ReadAsStringAsync();
        Assert.Equal("<no available-points>", PageBrowser.TestId(html, "available-points"));
    }

    /// <summary>The demo city's host, signing in through <see cref="Provider"/>; its client id and secret are the provider's.</summary>
    public sealed class CityWithProvider : IAsyncLifetime
    {
        public const string ClientId = "timebank-web-test";

        private const string ClientSecret = "web-secret-for-the-fake-provider";

        private readonly HttpClient _toProvider = new(new HttpClientHandler { AllowAutoRedirect = false });

        public FakeOpenIdProvider Provider { get; private set; } = null!;

        public TimeBankApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Provider = await FakeOpenIdProvider.StartAsync(ClientId, ClientSecret, DemoPeople.VolunteerId.ToString(), "volunteer");
            App = new AppWithProvider(Provider.Issuer);
            await App.InitializeAsync();
            await ActivatorUtilities.CreateInstance<DemoSeeder>(App.Services).SeedAsync(CancellationToken.None);
        }

        /// <summary>
        /// A browser of the host: keeps cookies, follows no redirect, and speaks HTTPS as a real one would (the
        /// provider's correlation and nonce cookies are Secure).
        /// </summary>
        public HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri("https://localhost"),
        });

        /// <summary>Visits the provider at <paramref name="authorize"/> (a real HTTP call); returns where it sends the browser back.</summary>
        public async Task<Uri> AtProviderAsync(Uri authorize)
        {
            using var answer = await _toProvider.GetAsync(authorize);
            Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"The provider answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            return answer.Headers.Location!;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Provider.DisposeAsync();
            _toProvider.Dispose();
        }

        private sealed class AppWithProvider(string authority) : TimeBankApp
        {
            protected override void ConfigureHost(IWebHostBuilder builder)
            {
                builder.UseSetting("Auth:Authority", authority);
                builder.UseSetting("Auth:RequireHttpsMetadata", "false");
                builder.UseSetting("Web:ClientId", ClientId);
                builder.UseSetting("Secrets:web-client-secret", ClientSecret);
            }
        }
    }
}
