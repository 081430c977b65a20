using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Auth;

/// <summary>What a token says about its bearer: the claims <see cref="ActorFromClaims"/> reads.</summary>
/// <param name="Subject">The person's id (<c>sub</c>).</param>
/// <param name="Role"><c>volunteer</c>, <c>staff</c>, <c>merchant</c>, <c>city_admin</c> or <c>district_admin</c> (<c>role</c>).</param>
/// <param name="Communities">The communities a staff member serves (<c>community</c>, repeated).</param>
/// <param name="MerchantId">The merchant a cashier acts for (<c>merchant</c>).</param>
/// <param name="District">The district a district admin reads (<c>district</c>).</param>
/// <param name="HomeDistrict">In districts mode, the district whose database the bearer's requests use (<c>home_district</c>, ADR 0047).</param>
public sealed record TokenClaims(string Subject, string Role, IReadOnlyList<Guid> Communities, Guid? MerchantId = null, string? District = null, string? HomeDistrict = null)
{
    public TokenClaims(Guid subject, string role, params Guid[] communities)
        : this(subject.ToString(), role, communities)
    {
    }

    /// <summary>The claims, as a token carries them (and a web page session, which carries the same).</summary>
    public IReadOnlyList<Claim> ToClaims() =>
    [
        new Claim(ActorFromClaims.Subject, Subject),
        new Claim(ActorFromClaims.Role, Role),
        .. Communities.Select(c => new Claim(ActorFromClaims.Community, c.ToString())),
        .. MerchantId is { } merchant ? [new Claim(ActorFromClaims.Merchant, merchant.ToString())] : Array.Empty<Claim>(),
        .. District is { } district ? [new Claim(ActorFromClaims.District, district)] : Array.Empty<Claim>(),
        .. HomeDistrict is { } home ? [new Claim(Districts.RequestDistrict.HomeDistrictClaim, home)] : Array.Empty<Claim>(),
    ];
}

/// <summary>
/// Mints bearer tokens signed (HS256) with the service's local key: for the <c>token</c> dev command and for tests. A
/// service configured with an identity provider (<c>Auth:Authority</c>) accepts no such token, and this class refuses to
/// be built for it.
/// </summary>
public sealed class TokenIssuer
{
    public const string SigningKeyName = "token-signing-key";
    public const int SigningKeyBytes = 32;
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    private readonly string _issuer;
    private readonly string _audience;
    private readonly SigningCredentials _credentials;
    private readonly TimeProvider _clock;

    public TokenIssuer(string issuer, string audience, byte[] signingKey, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentNullException.ThrowIfNull(signingKey);
        _issuer = issuer;
        _audience = audience;
        _credentials = new SigningCredentials(SigningKey(signingKey), Algorithm);
        _clock = clock;
    }

    /// <summary>The key that signs and checks local tokens.</summary>
    public static SymmetricSecurityKey SigningKey(byte[] bytes) => new(bytes);

    /// <summary>The local key: <c>Secrets:token-signing-key</c>, or generated at first run under <c>.local/secrets/</c>.</summary>
    public static byte[] LocalSigningKey(IConfiguration configuration, string contentRoot) =>
        LocalSecrets.GetOrCreate(configuration, contentRoot, SigningKeyName, SigningKeyBytes);

    /// <summary>The issuer of this service's local tokens, as configured.</summary>
    /// <exception cref="StartupProblem">An identity provider is configured: it issues the tokens.</exception>
    public static TokenIssuer FromConfiguration(IConfiguration configuration, string contentRoot, TimeProvider clock)
    {
        var settings = AuthSettings.From(configuration);
        if (settings.UsesAuthority)
        {
            throw new StartupProblem(
                $"Auth:Authority is configured ({settings.Authority}): that identity provider issues the tokens this service accepts, so no local token is minted.");
        }

        return new TokenIssuer(settings.LocalIssuerName, settings.Audience, LocalSigningKey(configuration, contentRoot), clock);
    }

    /// <summary>A token for <paramref name="claims"/>, valid from now for <paramref name="lifetime"/>.</summary>
    public string Issue(TokenClaims claims, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A token lives for a positive time.");
        }

        var identity = new ClaimsIdentity(claims.ToClaims());
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = _audience,
            Subject = identity,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
        });
    }
}
