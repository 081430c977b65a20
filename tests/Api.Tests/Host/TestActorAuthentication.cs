using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TimeBank.Api.GraphQL;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// Tests only: authenticates the caller from <c>X-Test-Actor: &lt;sub&gt;;&lt;role&gt;;&lt;community,community&gt;[;&lt;merchant&gt;]</c>, giving the
/// claims a real token will carry. No header: anonymous. Never registered by the service itself.
/// </summary>
public sealed class TestActorAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestActor";
    public const string Header = "X-Test-Actor";

    public static string HeaderValue(Guid subject, string role, params Guid[] communities) =>
        $"{subject};{role};{string.Join(',', communities)}";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value) || value.Count != 1 || value[0] is not { Length: > 0 } text)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var parts = text.Split(';');
        var claims = new List<Claim> { new(ActorFromClaims.Subject, parts[0]) };
        if (parts.Length > 1)
        {
            claims.Add(new Claim(ActorFromClaims.Role, parts[1]));
        }

        if (parts.Length > 2)
        {
            claims.AddRange(parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => new Claim(ActorFromClaims.Community, c)));
        }

        if (parts.Length > 3)
        {
            claims.Add(new Claim(ActorFromClaims.Merchant, parts[3]));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
