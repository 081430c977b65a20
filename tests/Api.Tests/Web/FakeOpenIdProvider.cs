using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// A minimal OpenID Connect provider on a real loopback port: discovery, keys (RS256, made here), an authorization
/// endpoint that signs in <see cref="Subject"/> at once (302 back with a code and the state), a token endpoint that
/// redeems a code once against its PKCE challenge, and userinfo. It issues the TimeBank claims contract (sub, role).
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, Grant> _grants = new();
    private readonly ConcurrentDictionary<string, string> _accessTokens = new();
    private readonly ConcurrentQueue<string> _tokenRequests = new();

    private FakeOpenIdProvider(WebApplication app, RsaSecurityKey key, string clientId, string clientSecret, string subject, string role)
    {
        _app = app;
        _key = key;
        ClientId = clientId;
        ClientSecret = clientSecret;
        Subject = subject;
        Role = role;
    }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>Who signs in at this provider.</summary>
    public string Subject { get; }

    public string Role { get; }

    /// <summary>The provider's address, e.g. <c>http://127.0.0.1:40123</c>; also its issuer.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>The codes the token endpoint was asked to redeem, in order (whether or not it gave tokens).</summary>
    public IReadOnlyCollection<string> TokenRequests => _tokenRequests;

    /// <summary>How many times userinfo answered with claims.</summary>
    public int UserInfoAnswers => _userInfoAnswers;

    private int _userInfoAnswers;

    public static async Task<FakeOpenIdProvider> StartAsync(string clientId, string clientSecret, string subject, string role)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOpenIdProvider(app, new RsaSecurityKey(RSA.Create(2048)) { KeyId = "fake-" + Guid.NewGuid().ToString("N")[..8] },
            clientId, clientSecret, subject, role);
        provider.Map(app);
        await app.StartAsync();
        provider.Issuer = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>An access token for the TimeBank API (<c>aud</c> = <paramref name="audience"/>), signed with this provider's key.</summary>
    public string AccessTokenFor(string audience) => Sign(new Dictionary<string, object>
    {
        ["sub"] = Subject,
        ["role"] = Role,
        ["aud"] = audience,
        ["scope"] = "openid profile",
    });

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["userinfo_endpoint"] = Issuer + "/userinfo",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
                || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["redirect_uri"]) || string.IsNullOrEmpty(query["state"]))
            {
                return Results.BadRequest("invalid_request");
            }

            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            _grants[code] = new Grant(query["redirect_uri"]!, query["code_challenge"]!, query["nonce"].ToString());
            var back = $"{query["redirect_uri"]}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"]!)}";
            return Results.Redirect(back);
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var code = form["code"].ToString();
            _tokenRequests.Enqueue(code);
            // A code is redeemed once, by this client with its secret, for the redirect it was issued to, with the verifier of its challenge.
            if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(code, out var grant)
                || !ClientAuthenticated(request, form) || form["redirect_uri"] != grant.RedirectUri
                || Challenge(form["code_verifier"].ToString()) != grant.CodeChallenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
            }

            var accessToken = AccessTokenFor(ClientId);
            _accessTokens[accessToken] = Subject;
            var claims = new Dictionary<string, object> { ["sub"] = Subject, ["role"] = Role, ["aud"] = ClientId };
            if (grant.Nonce.Length > 0)
            {
                claims["nonce"] = grant.Nonce;
            }

            return Results.Json(new Dictionary<string, object>
            {
                ["id_token"] = Sign(claims),
                ["access_token"] = accessToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = 300,
            });
        });
        app.MapGet("/userinfo", (HttpRequest request) =>
        {
            var header = request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.ContainsKey(header["Bearer ".Length..]))
            {
                return Results.Unauthorized();
            }

            Interlocked.Increment(ref _userInfoAnswers);
            return Results.Json(new Dictionary<string, object> { ["sub"] = Subject, ["role"] = Role });
        });
    }

    private bool ClientAuthenticated(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return pair.Length == 2 && Uri.UnescapeDataString(pair[0]) == ClientId && Uri.UnescapeDataString(pair[1]) == ClientSecret;
        }

        return form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
    }

    private static string Challenge(string verifier) =>
        verifier.Length == 0 ? string.Empty : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private string Sign(Dictionary<string, object> claims)
    {
        var now = DateTime.UtcNow;
        claims["iss"] = Issuer;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    private sealed record Grant(string RedirectUri, string CodeChallenge, string Nonce);
}
