using System.Security.Cryptography;
using TimeBank.Api.Auth;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// Real bearer tokens for the test host: <see cref="TimeBankApp"/> is configured with <see cref="SigningKey"/> (as
/// <c>Secrets:token-signing-key</c>) and the default issuer and audience, and these tokens are minted by the service's own
/// <see cref="TokenIssuer"/>.
/// </summary>
public static class TestTokens
{
    /// <summary>A fresh key per test run: no test depends on the key a developer's checkout generated.</summary>
    public static byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(TokenIssuer.SigningKeyBytes);

    public static TokenIssuer Issuer { get; } = IssuerAt(TimeProvider.System);

    public static TokenIssuer IssuerAt(TimeProvider clock) =>
        new(AuthSettings.LocalIssuer, AuthSettings.DefaultAudience, SigningKey, clock);

    /// <summary>A token valid for an hour carrying <c>sub</c>, <c>role</c> and the <c>community</c> claims.</summary>
    public static string For(Guid subject, string role, params Guid[] communities) =>
        Issuer.Issue(new TokenClaims(subject, role, communities), TimeSpan.FromHours(1));

    public static string For(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var role = actor.Role switch
        {
            ActorRole.Volunteer => "volunteer",
            ActorRole.Staff => "staff",
            ActorRole.Merchant => "merchant",
            ActorRole.CityAdmin => "city_admin",
            ActorRole.DistrictAdmin => "district_admin",
            _ => throw new ArgumentOutOfRangeException(nameof(actor), actor.Role, "No token names this role."),
        };
        return Issuer.Issue(new TokenClaims(actor.PersonId.ToString(), role, [.. actor.Communities], actor.MerchantId, actor.District), TimeSpan.FromHours(1));
    }
}
