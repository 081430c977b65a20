using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Certificates;

/// <summary>
/// The deployment's keys for sealing certificates: ECDSA on P-256 (ES256). The <see cref="CurrentKeyId">current</see> key
/// signs; retired keys only verify, and stay published (<see cref="Jwks"/>) so that every certificate sealed before a
/// rotation still verifies by the key id it carries. A key's id is its RFC 7638 JWK thumbprint (base64url SHA-256 of
/// <c>{"crv","kty","x","y"}</c> in canonical JSON): anyone can recompute it from the published key.
/// <para>
/// Where they come from (<see cref="FromConfiguration"/>): the configuration (<c>Secrets:certificate-signing-key</c>, the
/// PKCS#8 private key in base64; retired ones in <c>Secrets:certificate-signing-key-retired</c>, a list or comma-separated),
/// or else the files of <c>&lt;project root&gt;/.local/secrets/</c>: <c>certificate-signing-key</c>, generated at first run
/// (owner-only, never committed), and <c>certificate-signing-key.retired.*</c> (PKCS#8 private or SubjectPublicKeyInfo
/// public keys, base64), which <see cref="RotateIn"/> leaves behind.
/// </para>
/// </summary>
public sealed class CertificateKeys
{
    /// <summary>The secret (configuration key <c>Secrets:certificate-signing-key</c>, or file) holding the current key.</summary>
    public const string SecretName = "certificate-signing-key";

    /// <summary>The configuration key (<c>Secrets:certificate-signing-key-retired</c>) listing retired keys, base64.</summary>
    public const string RetiredSecretName = "certificate-signing-key-retired";

    /// <summary>The start of the names of retired key files beside the current one.</summary>
    public const string RetiredFilePrefix = SecretName + ".retired.";

    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string WhatToSet = "an ECDSA P-256 private key (PKCS#8, base64)";

    private readonly SigningKey _current;
    private readonly IReadOnlyList<SigningKey> _all;
    private readonly Dictionary<string, SigningKey> _byId;

    private CertificateKeys(SigningKey current, IEnumerable<SigningKey> retired)
    {
        _current = current;
        _all = [current, .. retired.Where(k => k.Id != current.Id).DistinctBy(k => k.Id)];
        _byId = _all.ToDictionary(k => k.Id, StringComparer.Ordinal);
    }

    /// <summary>The id of the key that signs now.</summary>
    public string CurrentKeyId => _current.Id;

    /// <summary>Every key id published, the current first.</summary>
    public IReadOnlyList<string> KeyIds => [.. _all.Select(k => k.Id)];

    /// <summary>Whether <paramref name="keyId"/> is one of these keys (current or retired).</summary>
    public bool Knows(string? keyId) => keyId is not null && _byId.ContainsKey(keyId);

    /// <summary>A fresh key, alone: for tests and for a first run.</summary>
    public static CertificateKeys Generate() => new(SigningKey.From(NewKey()), []);

    /// <summary>These keys after a rotation: a fresh current key, and every key of this set retired (still verifying, still published).</summary>
    public CertificateKeys Rotated() => new(SigningKey.From(NewKey()), _all);

    /// <summary>The keys from the configuration if it holds the current key, else from the project's <c>.local/secrets</c> (the current key generated there at first run).</summary>
    public static CertificateKeys FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[$"Secrets:{SecretName}"] is { Length: > 0 };
        var current = LocalSecrets.GetOrCreateText(configuration, contentRoot, SecretName, NewKeyText, WhatToSet);
        var retired = RetiredInConfiguration(configuration).Select(text => Parse(text, $"Secrets:{RetiredSecretName}")).ToList();
        if (!configured)
        {
            retired.AddRange(RetiredFiles(LocalSecrets.Folder(contentRoot, SecretName, WhatToSet)));
        }

        return new CertificateKeys(Parse(current, $"Secrets:{SecretName}", requirePrivate: true), retired);
    }

    /// <summary>The keys kept in <paramref name="folder"/>: <c>certificate-signing-key</c> (required) and <c>certificate-signing-key.retired.*</c>.</summary>
    public static CertificateKeys Load(string folder)
    {
        var path = Path.Combine(folder, SecretName);
        if (!File.Exists(path))
        {
            throw new StartupProblem($"There is no certificate signing key at {path}: it must hold {WhatToSet}.");
        }

        return new CertificateKeys(Parse(File.ReadAllText(path), path, requirePrivate: true), RetiredFiles(folder));
    }

    /// <summary>
    /// Rotates the keys kept in <paramref name="folder"/>: the current key file becomes
    /// <c>certificate-signing-key.retired.&lt;UTC time&gt;</c> and a fresh key takes its place. Returns the new key's id.
    /// Hosts pick it up at their next start.
    /// </summary>
    public static string RotateIn(string folder, DateTimeOffset now)
    {
        var path = Path.Combine(folder, SecretName);
        if (File.Exists(path))
        {
            var retired = Path.Combine(folder, RetiredFilePrefix + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture));
            File.Move(path, retired, overwrite: false);
        }

        LocalSecrets.WriteOnce(path, NewKeyText());
        return Load(folder).CurrentKeyId;
    }

    /// <summary>The public keys as a JWK Set (RFC 7517), current first: what <c>/.well-known/jwks.json</c> serves.</summary>
    public JsonObject Jwks()
    {
        var keys = new JsonArray();
        foreach (var key in _all)
        {
            keys.Add(new JsonObject
            {
                ["kty"] = "EC",
                ["crv"] = "P-256",
                ["x"] = key.X,
                ["y"] = key.Y,
                ["kid"] = key.Id,
                ["alg"] = "ES256",
                ["use"] = "sig",
            });
        }

        return new JsonObject { ["keys"] = keys };
    }

    /// <summary>ES256 signature (IEEE P1363, r‖s, 64 bytes) of <paramref name="data"/> with the current key.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data, out string keyId)
    {
        keyId = _current.Id;
        return _current.Sign(data);
    }

    /// <summary>Whether <paramref name="signature"/> is the ES256 signature of <paramref name="data"/> by key <paramref name="keyId"/>; null when the key is not one of these.</summary>
    internal bool? Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _byId.TryGetValue(keyId, out var key) ? key.Verify(data, signature) : null;

    /// <summary>The RFC 7638 thumbprint of a P-256 public key given by its coordinates (base64url).</summary>
    internal static string KeyIdOf(string x, string y) =>
        Base64Url.EncodeToString(SHA256.HashData(CanonicalJson.Of(new JsonObject { ["crv"] = "P-256", ["kty"] = "EC", ["x"] = x, ["y"] = y })));

    private static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static string NewKeyText()
    {
        using var key = NewKey();
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    private static IEnumerable<string> RetiredInConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection($"Secrets:{RetiredSecretName}");
        IEnumerable<string?> values = [section.Value, .. section.GetChildren().Select(c => c.Value)];
        return values
            .SelectMany(v => (v ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static List<SigningKey> RetiredFiles(string folder) =>
        !Directory.Exists(folder)
            ? []
            : [.. Directory.EnumerateFiles(folder, RetiredFilePrefix + "*")
                .Order(StringComparer.Ordinal)
                .Select(path => Parse(File.ReadAllText(path), path))];

    /// <summary>A key from base64 PKCS#8 (private) or SubjectPublicKeyInfo (public only; verifies, never signs).</summary>
    private static SigningKey Parse(string base64, string where, bool requirePrivate = false)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException e)
        {
            throw new StartupProblem($"The certificate signing key in {where} is not base64: it must be {WhatToSet}.", e);
        }

        var key = ECDsa.Create();
        try
        {
            try
            {
                key.ImportPkcs8PrivateKey(der, out _);
            }
            catch (CryptographicException) when (!requirePrivate)
            {
                key.ImportSubjectPublicKeyInfo(der, out _);
            }

            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid?.Value is not P256Oid)
            {
                throw new StartupProblem($"The certificate signing key in {where} is not on the P-256 curve: it must be {WhatToSet}.");
            }

            return SigningKey.From(key);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new StartupProblem($"The certificate signing key in {where} cannot be read: it must be {WhatToSet}.", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>One key, with its published coordinates and id. Signing and verifying take turns on it (crypto objects are not promised to be thread-safe).</summary>
    private sealed class SigningKey
    {
        private readonly ECDsa _key;
        private readonly Lock _turn = new();
        private readonly bool _canSign;

        private SigningKey(ECDsa key, string x, string y, bool canSign)
        {
            _key = key;
            X = x;
            Y = y;
            Id = KeyIdOf(x, y);
            _canSign = canSign;
        }

        public string Id { get; }

        public string X { get; }

        public string Y { get; }

        public static SigningKey From(ECDsa key)
        {
            var point = key.ExportParameters(false).Q;
            bool canSign;
            try
            {
                key.ExportParameters(true);
                canSign = true;
            }
            catch (CryptographicException)
            {
                canSign = false;
            }

            return new SigningKey(key, Base64Url.EncodeToString(point.X!), Base64Url.EncodeToString(point.Y!), canSign);
        }

        public byte[] Sign(ReadOnlySpan<byte> data)
        {
            if (!_canSign)
            {
                throw new InvalidOperationException($"The certificate key {Id} is public only: it verifies, it does not sign.");
            }

            lock (_turn)
            {
                return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }

        public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
        {
            if (signature.Length != 64)
            {
                return false;
            }

            lock (_turn)
            {
                return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }
    }
}
