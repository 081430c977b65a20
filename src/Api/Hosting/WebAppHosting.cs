using TimeBank.Api.Auth;
using TimeBank.Api.GraphQL;
using TimeBank.GraphQL.Http;
using TimeBank.Web;

namespace TimeBank.Api.Hosting;

/// <summary>The web app at <c>/</c> (src/Web), served by this host through its own GraphQL schema (docs/adr/0040-web-app.md).</summary>
public static class WebAppHosting
{
    /// <summary>The web app's client id at the identity provider, when <c>Auth:Authority</c> is configured.</summary>
    public const string ClientIdSetting = "Web:ClientId";

    /// <summary>Whether the sign-in page lists the demo people (development and tests; never with an identity provider).</summary>
    public const string LocalSignInSetting = "Web:LocalSignIn";

    public const string ClientSecretName = "web-client-secret";

    public static void AddTimeBankWebApp(this WebApplicationBuilder builder)
    {
        var settings = AuthSettings.From(builder.Configuration);
        builder.Services.AddInProcessGraphQL<TimeBankSchema>();
        var provider = settings.UsesAuthority
            ? new WebSignInProvider(settings.Authority!, builder.Configuration[ClientIdSetting] ?? "timebank-web",
                builder.Configuration[$"Secrets:{ClientSecretName}"], settings.RequireHttpsMetadata)
            : null;
        builder.Services.AddTimeBankWeb(provider);
        if (provider is null && builder.Configuration.GetValue<bool>(LocalSignInSetting))
        {
            builder.Services.AddSingleton<ILocalSignIn, DemoSignIn>();
        }
    }
}
