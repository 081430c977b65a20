namespace TimeBank.Api.Auth;

/// <summary>
/// Configuration section <c>Auth</c>: who issues the bearer tokens this service accepts. With <see cref="Authority"/> set, a
/// real OpenID Connect identity provider does (its metadata and keys are used, the local key is not); otherwise the
/// service checks tokens signed (HS256) with its local key <c>token-signing-key</c> (<see cref="Hosting.LocalSecrets"/>),
/// which the <c>token</c> command uses to mint tokens for the demo users. See docs/adr/0007-bearer-tokens.md.
/// </summary>
public sealed class AuthSettings
{
    public const string SectionName = "Auth";
    public const string LocalIssuer = "timebank-local";
    public const string DefaultAudience = "timebank";

    /// <summary>The <c>iss</c> a token must carry. Default <c>timebank-local</c>; with an authority, the one its metadata names unless set.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> a token must carry.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>The identity provider's address (its <c>/.well-known/openid-configuration</c> is read), or none for the local key.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS. Only a development identity provider turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The issuer of locally signed tokens.</summary>
    public string LocalIssuerName => string.IsNullOrWhiteSpace(Issuer) ? LocalIssuer : Issuer;

    public static AuthSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<AuthSettings>() ?? new AuthSettings();
}
