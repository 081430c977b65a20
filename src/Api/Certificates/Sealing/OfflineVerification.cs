using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Certificates;

/// <summary>What an offline check of a QR token found.</summary>
public enum OfflineStatus
{
    /// <summary>Signed by a published key; the claims are what was certified.</summary>
    Valid,

    /// <summary>Well formed, but signed by a key the key set does not hold.</summary>
    UnknownKey,

    /// <summary>The signature is not that of the header and payload by the key named.</summary>
    BadSignature,

    /// <summary>Not a certificate token: truncated, not three parts, bad base64url or JSON, missing claims, another type or algorithm.</summary>
    Malformed,
}

/// <summary>The outcome of <see cref="OfflineVerification.Verify"/>: the claims when valid, and what was wrong otherwise.</summary>
public sealed record OfflineResult(OfflineStatus Status, OfflineClaims? Claims, string? Problem)
{
    public bool IsValid => Status == OfflineStatus.Valid;
}

/// <summary>
/// What a valid QR token says (see <see cref="CertificateSealer.QrToken"/> for the claims): enough for a phone to show
/// the certificate's totals offline, and, with the paper in hand, to check that the printed name and ID are the signed ones
/// (<see cref="OfflineVerification.PersonMatches"/>).
/// </summary>
public sealed record OfflineClaims(
    string KeyId,
    Guid CertificateId,
    string Number,
    CertificateKind Kind,
    string Organization,
    Guid CommunityId,
    CertificatePeriod Period,
    int RecordCount,
    long TotalMinutes,
    int StarLevel,
    DateOnly IssuedOn,
    string PersonDigest,
    ReadOnlyMemory<byte> PersonSalt,
    string ContentHash);

/// <summary>
/// Checks a certificate's QR token with nothing but the token and the published key set (the JWKS of
/// <c>/.well-known/jwks.json</c>, RFC 7517): no database, no TimeBank key. Anyone can do the same with any JOSE library:
/// an ES256 compact JWS, <c>typ</c> <c>tb-cert+jws</c>, key chosen by <c>kid</c>. Strict on form: base64url without
/// padding and in its one canonical spelling, so no character of the token can change unnoticed.
/// </summary>
public static class OfflineVerification
{
    /// <summary>Checks <paramref name="token"/> against <paramref name="jwks"/>; <paramref name="now"/> (default: the clock) refuses a token issued on a later day.</summary>
    public static OfflineResult Verify(string token, JsonObject jwks, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(jwks);
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return Malformed("The token is empty or too long.");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return Malformed("A token has three non-empty parts separated by dots.");
        }

        if (Base64UrlStrict(parts[0]) is not { } headerBytes || Base64UrlStrict(parts[1]) is not { } payloadBytes || Base64UrlStrict(parts[2]) is not { } signature)
        {
            return Malformed("A part of the token is not base64url.");
        }

        if (ParseObject(headerBytes) is not { } header)
        {
            return Malformed("The token's header is not a JSON object.");
        }

        if (Text(header, "alg") != "ES256" || Text(header, "typ") != CertificateSealer.TokenType || Text(header, "kid") is not { Length: > 0 } keyId)
        {
            return Malformed($"The token is not a certificate token (alg ES256, typ {CertificateSealer.TokenType}, a kid).");
        }

        if (signature.Length != 64)
        {
            return Malformed("An ES256 signature is 64 bytes.");
        }

        using var key = PublishedKey(jwks, keyId);
        if (key is null)
        {
            return new OfflineResult(OfflineStatus.UnknownKey, null, $"The key {keyId} is not in the key set.");
        }

        var signingInput = Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
        if (!key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return new OfflineResult(OfflineStatus.BadSignature, null, "The signature does not match the token.");
        }

        if (ParseObject(payloadBytes) is not { } payload || Claims(keyId, payload) is not { } claims)
        {
            return Malformed("The token's payload lacks the claims of a certificate.");
        }

        var today = ChinaTime.DayOf(now ?? DateTimeOffset.UtcNow);
        return claims.IssuedOn > today.AddDays(1)
            ? Malformed($"The token says it was issued on {claims.IssuedOn:yyyy-MM-dd}, after today.")
            : new OfflineResult(OfflineStatus.Valid, claims, null);
    }

    /// <summary>Whether the name and ID printed on the paper are the ones signed (the token's person digest under its salt).</summary>
    public static bool PersonMatches(OfflineClaims claims, string name, string? idType, string? idNumber)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(name);
        return PersonDigest.Matches(claims.PersonDigest, claims.PersonSalt.Span, name, idType, idNumber);
    }

    /// <summary>Base64url without padding, in its canonical spelling only (unused trailing bits zero); null otherwise.</summary>
    internal static byte[]? Base64UrlStrict(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return null;
            }
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            return string.Equals(Base64Url.EncodeToString(bytes), text, StringComparison.Ordinal) ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static OfflineResult Malformed(string problem) => new(OfflineStatus.Malformed, null, problem);

    private static JsonObject? ParseObject(byte[] utf8)
    {
        try
        {
            return JsonNode.Parse(utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? Integer(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static OfflineClaims? Claims(string keyId, JsonObject payload)
    {
        var id = IdOf(Text(payload, QrClaims.CertificateId));
        var community = IdOf(Text(payload, QrClaims.CommunityId));
        var from = DayOf(Text(payload, QrClaims.From));
        var to = DayOf(Text(payload, QrClaims.To));
        var on = DayOf(Text(payload, QrClaims.IssuedOn));
        var salt = Base64UrlStrict(Text(payload, QrClaims.PersonSalt));
        var records = Integer(payload, QrClaims.RecordCount);
        var minutes = Integer(payload, QrClaims.TotalMinutes);
        var star = Integer(payload, QrClaims.StarLevel);
        if (id is null || community is null || from is null || to is null || on is null || salt is not { Length: >= 16 }
            || records is not (>= 0 and <= int.MaxValue) || minutes is not >= 0 || star is not (>= 0 and <= int.MaxValue)
            || !Enum.TryParse<CertificateKind>(Text(payload, QrClaims.Kind), ignoreCase: false, out var kind) || !Enum.IsDefined(kind)
            || Text(payload, QrClaims.Number) is not { Length: > 0 } number
            || Text(payload, QrClaims.Organization) is not { } organization
            || Text(payload, QrClaims.PersonDigest) is not { Length: > 0 } digest
            || Text(payload, QrClaims.ContentHash) is not { Length: > 0 } hash)
        {
            return null;
        }

        return new OfflineClaims(
            keyId, id.Value, number, kind, organization, community.Value, new CertificatePeriod(from.Value, to.Value),
            (int)records.Value, minutes.Value, (int)star.Value, on.Value, digest, salt, hash);
    }

    private static Guid? IdOf(string? text) =>
        Base64UrlStrict(text) is { Length: 16 } bytes ? new Guid(bytes, bigEndian: true) : null;

    private static DateOnly? DayOf(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>The P-256 key of the set with this id, if the set holds one that is well formed and whose id is its thumbprint.</summary>
    private static ECDsa? PublishedKey(JsonObject jwks, string keyId)
    {
        if (jwks["keys"] is not JsonArray keys)
        {
            return null;
        }

        foreach (var node in keys)
        {
            if (node is not JsonObject jwk || Text(jwk, "kid") != keyId || Text(jwk, "kty") != "EC" || Text(jwk, "crv") != "P-256"
                || Text(jwk, "alg") is not (null or "ES256") || Text(jwk, "use") is not (null or "sig")
                || Text(jwk, "x") is not { } x || Text(jwk, "y") is not { } y
                || Base64UrlStrict(x) is not { Length: 32 } xBytes || Base64UrlStrict(y) is not { Length: 32 } yBytes
                || CertificateKeys.KeyIdOf(x, y) != keyId)
            {
                continue;
            }

            try
            {
                return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = xBytes, Y = yBytes } });
            }
            catch (CryptographicException)
            {
                // not a point of the curve
            }
        }

        return null;
    }
}
