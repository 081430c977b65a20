using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Who a certificate is about, without saying it: a salted digest of the volunteer's name and ID, which the content
/// carries (and the QR token with its salt) instead of the name and ID themselves.
/// <list type="bullet">
/// <item>digest = base64url(SHA-256(salt ‖ UTF-8(name) ‖ 0x1F ‖ UTF-8(ID type) ‖ 0x1F ‖ UTF-8(ID number))), after
/// normalizing: name trimmed; ID type trimmed and upper-case; ID number with every white space removed and upper-case
/// (<c>x</c> and <c>X</c> end a Chinese ID number alike). A missing ID type or number is empty. No Unicode normalization
/// (NFC): the service runs without ICU (<c>InvariantGlobalization</c>, ADR 0017), where <c>string.Normalize</c> leaves
/// text as it is, and a digest that changed with the runtime's globalization mode would unseal every certificate issued
/// before. Names come from input methods in their precomposed form; a verifier compares the text as printed.</item>
/// <item>salt = HMAC-SHA256(volunteer key material, UTF-8("certificate-person-salt") ‖ volunteer id (16 bytes, RFC 4122
/// order)). The key material comes from the volunteer's personal-data key: once it is erased (ADR 0008), the salt cannot
/// be made again and the digest links to nobody, while the totals it was signed with still verify.</item>
/// </list>
/// A verifier holding the paper and the token's salt checks that the name and ID printed are the ones signed
/// (<see cref="OfflineVerification.PersonMatches"/>).
/// </summary>
public static class PersonDigest
{
    /// <summary>The size of a salt, in bytes.</summary>
    public const int SaltSize = 32;

    private const byte Separator = 0x1F;
    private static readonly byte[] SaltPurpose = "certificate-person-salt"u8.ToArray();

    /// <summary>The volunteer's certificate salt, derived from key material that erasure destroys.</summary>
    public static byte[] NewSaltFrom(byte[] volunteerKeyMaterial, Guid volunteerId)
    {
        ArgumentNullException.ThrowIfNull(volunteerKeyMaterial);
        if (volunteerKeyMaterial.Length < 16)
        {
            throw new ArgumentException("The volunteer's key material must be at least 16 bytes.", nameof(volunteerKeyMaterial));
        }

        var message = new byte[SaltPurpose.Length + 16];
        SaltPurpose.CopyTo(message, 0);
        volunteerId.TryWriteBytes(message.AsSpan(SaltPurpose.Length), bigEndian: true, out _);
        return HMACSHA256.HashData(volunteerKeyMaterial, message);
    }

    /// <summary>The digest of a name and ID under <paramref name="salt"/> (43 characters of base64url).</summary>
    public static string Of(ReadOnlySpan<byte> salt, string name, string? idType, string? idNumber)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (salt.Length < 16)
        {
            throw new ArgumentException("A person digest's salt must be at least 16 bytes.", nameof(salt));
        }

        string[] parts = [Name(name), IdType(idType), IdNumber(idNumber)];
        if (parts.Any(p => p.Contains((char)Separator, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A name or ID holds the unit separator (U+001F), which divides them in the digest.", nameof(name));
        }

        var text = Encoding.UTF8.GetBytes(string.Join((char)Separator, parts));
        var input = new byte[salt.Length + text.Length];
        salt.CopyTo(input);
        text.CopyTo(input, salt.Length);
        return Base64Url.EncodeToString(SHA256.HashData(input));
    }

    /// <summary>Whether <paramref name="digest"/> is the digest of this name and ID under <paramref name="salt"/>, compared in fixed time.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> salt, string name, string? idType, string? idNumber)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest), Encoding.ASCII.GetBytes(Of(salt, name, idType, idNumber)));
    }

    private static string Name(string name) => name.Trim();

    private static string IdType(string? idType) => (idType ?? "").Trim().ToUpperInvariant();

    private static string IdNumber(string? idNumber)
    {
        var compact = new StringBuilder(idNumber?.Length ?? 0);
        foreach (var c in idNumber ?? "")
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        return compact.ToString().ToUpperInvariant();
    }
}
