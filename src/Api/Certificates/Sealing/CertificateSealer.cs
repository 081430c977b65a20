using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>What checking a seal against a content found.</summary>
public enum SealCheck
{
    /// <summary>The signature and the code are those of this content.</summary>
    Intact,

    /// <summary>The content (or the seal) changed since it was sealed.</summary>
    Altered,

    /// <summary>The seal names a key this deployment never had (or no longer publishes).</summary>
    UnknownKey,
}

/// <summary>
/// Seals a certificate's content at issue and checks it at verification. The seal is an ES256 signature (IEEE P1363
/// r‖s, base64url) of the content's canonical JSON (<see cref="CanonicalJson"/>, RFC 8785) by the current key of
/// <paramref name="keys"/>, and the human code (<see cref="VerificationCode"/>) from HMAC-SHA256 of the same bytes under
/// <paramref name="codeKey"/> (secret <c>certificate-code-key</c>, 32 bytes): a code cannot be made without the
/// deployment, nor guessed from the content. See docs/adr/0035-certificate-seal.md.
/// </summary>
public sealed class CertificateSealer(CertificateKeys keys, byte[] codeKey)
{
    /// <summary>The secret holding the key of the human codes.</summary>
    public const string CodeKeySecretName = "certificate-code-key";

    /// <summary>The size of the code key, in bytes.</summary>
    public const int CodeKeySize = 32;

    /// <summary>The media type of the QR token (its JWS header's <c>typ</c>).</summary>
    public const string TokenType = "tb-cert+jws";

    private readonly CertificateKeys _keys = keys ?? throw new ArgumentNullException(nameof(keys));
    private readonly byte[] _codeKey = codeKey is { Length: CodeKeySize }
        ? (byte[])codeKey.Clone()
        : throw new ArgumentException($"The certificate code key must be {CodeKeySize} bytes.", nameof(codeKey));

    /// <summary>The keys this sealer signs and checks with.</summary>
    public CertificateKeys Keys => _keys;

    /// <summary>Seals <paramref name="content"/> with the current key: what <c>CertificateDecider.Issue</c> takes as its seal function.</summary>
    public CertificateSeal Seal(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var canonical = CanonicalJson.Of(content);
        var signature = _keys.Sign(canonical, out var keyId);
        return new CertificateSeal(keyId, Base64Url.EncodeToString(signature), CodeOf(canonical));
    }

    /// <summary>Whether <paramref name="seal"/> is this content's: signed by the key it names, with the code of this content.</summary>
    public SealCheck Check(CertificateContent content, CertificateSeal seal)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(seal);
        if (!_keys.Knows(seal.KeyId))
        {
            return SealCheck.UnknownKey;
        }

        return Check(CanonicalJson.Of(content), seal);
    }

    /// <summary>Whether <paramref name="seal"/> is that of these exact bytes (a content's canonical JSON, as stored or received).</summary>
    public SealCheck Check(byte[] canonical, CertificateSeal seal)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        ArgumentNullException.ThrowIfNull(seal);
        if (!_keys.Knows(seal.KeyId))
        {
            return SealCheck.UnknownKey;
        }

        if (OfflineVerification.Base64UrlStrict(seal.Signature) is not { } signature || _keys.Verify(seal.KeyId, canonical, signature) != true)
        {
            return SealCheck.Altered;
        }

        return SameAscii(seal.VerificationCode, CodeOf(canonical)) ? SealCheck.Intact : SealCheck.Altered;
    }

    /// <summary>Whether a person typed the seal's code (forgivingly: case, spaces, dashes, O for 0, I or L for 1), compared in fixed time.</summary>
    public bool CodeMatches(CertificateSeal seal, string? typed)
    {
        ArgumentNullException.ThrowIfNull(seal);
        return VerificationCode.AsTyped(typed) is { } code && SameAscii(seal.VerificationCode, code);
    }

    /// <summary>
    /// The compact JWS printed as the certificate's QR code: what a phone checks offline against the published keys
    /// (<see cref="OfflineVerification"/>), signed now with the current key. Header
    /// <c>{"alg":"ES256","kid":…,"typ":"tb-cert+jws"}</c>; the payload's claims, short to keep the QR small:
    /// <list type="table">
    /// <item><term>id</term><description>certificate id (16 bytes, base64url)</description></item>
    /// <item><term>no</term><description>certificate number, <c>&lt;community code&gt;-&lt;year&gt;-&lt;sequence&gt;</c></description></item>
    /// <item><term>k</term><description>kind (<see cref="CertificateKind"/> by name)</description></item>
    /// <item><term>org</term><description>issuing organization</description></item>
    /// <item><term>com</term><description>issuing community id (16 bytes, base64url)</description></item>
    /// <item><term>from, to</term><description>period, <c>yyyy-MM-dd</c>, both included</description></item>
    /// <item><term>rc</term><description>number of records</description></item>
    /// <item><term>min</term><description>total minutes</description></item>
    /// <item><term>star</term><description>star level</description></item>
    /// <item><term>on</term><description>issued on, <c>yyyy-MM-dd</c> (China time)</description></item>
    /// <item><term>pd</term><description>person digest (<see cref="PersonDigest"/>)</description></item>
    /// <item><term>ps</term><description>person salt, base64url: with the paper, checks the printed name and ID against <c>pd</c></description></item>
    /// <item><term>h</term><description>SHA-256 of the canonical content, base64url: ties the token to the sealed content online</description></item>
    /// </list>
    /// Header and payload are canonical JSON. The seal must be this content's (else <see cref="InvalidOperationException"/>).
    /// </summary>
    public string QrToken(CertificateContent content, CertificateSeal seal, byte[] personSalt)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(personSalt);
        if (Check(content, seal) != SealCheck.Intact)
        {
            throw new InvalidOperationException($"The seal is not this content's: no QR token is made for certificate {content.Number}.");
        }

        if (personSalt.Length < 16)
        {
            throw new ArgumentException("A person salt is at least 16 bytes.", nameof(personSalt));
        }

        var payload = new JsonObject
        {
            [QrClaims.CertificateId] = Compact(content.CertificateId),
            [QrClaims.Number] = content.Number,
            [QrClaims.Kind] = content.Kind.ToString(),
            [QrClaims.Organization] = content.Organization,
            [QrClaims.CommunityId] = Compact(content.CommunityId),
            [QrClaims.From] = Day(content.Period.From),
            [QrClaims.To] = Day(content.Period.To),
            [QrClaims.RecordCount] = content.Records.Count,
            [QrClaims.TotalMinutes] = content.TotalMinutes,
            [QrClaims.StarLevel] = content.StarLevel,
            [QrClaims.IssuedOn] = Day(content.IssuedOn),
            [QrClaims.PersonDigest] = content.PersonDigest,
            [QrClaims.PersonSalt] = Base64Url.EncodeToString(personSalt),
            [QrClaims.ContentHash] = ContentHash(content),
        };
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = _keys.CurrentKeyId, ["typ"] = TokenType };
        var signingInput = Base64Url.EncodeToString(CanonicalJson.Of(header)) + "." + Base64Url.EncodeToString(CanonicalJson.Of(payload));
        var signature = _keys.Sign(Encoding.ASCII.GetBytes(signingInput), out _);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>SHA-256 of the content's canonical JSON, base64url: the token's <c>h</c>.</summary>
    public static string ContentHash(CertificateContent content) => Base64Url.EncodeToString(SHA256.HashData(CanonicalJson.Of(content)));

    private string CodeOf(byte[] canonical) => VerificationCode.From(HMACSHA256.HashData(_codeKey, canonical));

    private static bool SameAscii(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a ?? ""), Encoding.ASCII.GetBytes(b));

    private static string Compact(Guid id) => Base64Url.EncodeToString(id.ToByteArray(bigEndian: true));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The claim names of the QR token's payload (see <see cref="CertificateSealer.QrToken"/>).</summary>
internal static class QrClaims
{
    public const string CertificateId = "id";
    public const string Number = "no";
    public const string Kind = "k";
    public const string Organization = "org";
    public const string CommunityId = "com";
    public const string From = "from";
    public const string To = "to";
    public const string RecordCount = "rc";
    public const string TotalMinutes = "min";
    public const string StarLevel = "star";
    public const string IssuedOn = "on";
    public const string PersonDigest = "pd";
    public const string PersonSalt = "ps";
    public const string ContentHash = "h";
}
