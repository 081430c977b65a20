using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Certificates;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>The published keys (<c>/.well-known/jwks.json</c>) verify what the host's sealer seals, without the host.</summary>
[Collection(LedgerCollection.Name)]
public sealed class CertificateKeysEndpointTests(TimeBankApp app)
{
    [Fact]
    public async Task The_key_set_is_served_anonymously_cached_and_verifies_a_seal_of_the_host()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(CertificateKeysEndpoint.Path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl?.MaxAge);
        var jwks = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        Assert.DoesNotContain("\"d\"", text, StringComparison.Ordinal);

        var sealer = app.Services.GetRequiredService<CertificateSealer>();
        var content = SealingTests.Content();
        var seal = sealer.Seal(content);

        // the seal's signature, checked with the published key alone
        var jwk = Assert.IsType<JsonObject>(Assert.IsType<JsonArray>(jwks["keys"]).Single(k => (string?)k!["kid"] == seal.KeyId));
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars((string)jwk["x"]!), Y = Base64Url.DecodeFromChars((string)jwk["y"]!) },
        });
        Assert.True(key.VerifyData(CanonicalJson.Of(content), Base64Url.DecodeFromChars(seal.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        // and the QR token, offline
        var salt = RandomNumberGenerator.GetBytes(PersonDigest.SaltSize);
        var result = OfflineVerification.Verify(sealer.QrToken(content, seal, salt), jwks);
        Assert.Equal(OfflineStatus.Valid, result.Status);
        Assert.Equal(content.Number, result.Claims!.Number);
    }
}
