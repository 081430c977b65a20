using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using TimeBank.Web.Components;

namespace TimeBank.Web;

/// <summary>Where the pages' sign-in comes from, when an identity provider is configured.</summary>
/// <param name="Authority">The OpenID Connect provider (the same as the API's <c>Auth:Authority</c>).</param>
/// <param name="ClientId">This web app's client id at the provider (<c>Web:ClientId</c>).</param>
/// <param name="ClientSecret">Its secret (<c>Secrets:web-client-secret</c>), never in the repository.</param>
/// <param name="RequireHttpsMetadata">Whether the provider's metadata must come over HTTPS.</param>
public sealed record WebSignInProvider(string Authority, string ClientId, string? ClientSecret, bool RequireHttpsMetadata = true);

/// <summary>Registration and mapping of the web app (docs/adr/0040-web-app.md).</summary>
public static class WebApp
{
    /// <summary>Only the pages' own stylesheet (inline, admitted by its hash); no script at all; forms post only here.</summary>
    public static string PagePolicy { get; } =
        $"default-src 'none'; style-src {WebAssets.CssHashSource}; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddTimeBankWeb(this IServiceCollection services, WebSignInProvider? provider)
    {
        services.AddRazorComponents();
        // Chinese text written as it is, not as &#x...; entities (a third of a page's bytes on a phone's first load).
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddScoped<LedgerClient>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "TimeBank.Antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        var authentication = services.AddAuthentication().AddCookie(WebSession.CookieScheme, WebSession.Configure);
        if (provider is not null)
        {
            authentication.AddOpenIdConnect(WebSession.ProviderScheme, options =>
            {
                options.Authority = provider.Authority;
                options.ClientId = provider.ClientId;
                options.ClientSecret = provider.ClientSecret;
                options.RequireHttpsMetadata = provider.RequireHttpsMetadata;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SignInScheme = WebSession.CookieScheme;
                // The claims contract is the bearer token's: sub, role, community, merchant, district, as issued.
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.SaveTokens = false;
                options.TokenValidationParameters.NameClaimType = "sub";
                options.TokenValidationParameters.RoleClaimType = "role";
                // A callback that does not complete a sign-in this site started (another state, a stale or forged link, a
                // token that fails validation) signs nobody in and offers the sign-in page again, as the local sign-in does.
                options.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect(WebSession.SignInPath + "?failed=1");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        // The pages read their cookie, and let everyone in: each page asks the API who the caller is and what they may see.
        services.AddAuthorizationBuilder().AddPolicy(WebSession.PagesPolicy, policy => policy
            .AddAuthenticationSchemes(WebSession.CookieScheme)
            .RequireAssertion(_ => true));
        return services;
    }

    /// <summary>Maps the pages at <c>/</c>; call after the API's authentication.</summary>
    public static WebApplication MapTimeBankWeb(this WebApplication app)
    {
        app.UseAuthorization();
        app.Use(SecurityHeaders);
        app.UseAntiforgery();
        Preferences.Map(app);
        WebSession.MapSignInAndOut(app);
        TillStatementCsv.Map(app);
        app.MapRazorComponents<App>().RequireAuthorization(WebSession.PagesPolicy);
        return app;
    }

    /// <summary>Pages carry personal figures: never cached, never framed, no script, nothing from elsewhere.</summary>
    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
        }

        return next(http);
    }
}
