using System.Security.Cryptography;

namespace TimeBank.Ledger;

/// <summary>
/// An id derived from a name: the same name gives the same id on every node and in every run, so that work done again
/// (a resumed job, a retried step) names the same stream and the same command.
/// </summary>
public static class NameBasedId
{
    /// <summary>A version-8 UUID (RFC 9562 variant) from the SHA-256 of <paramref name="name"/>: it never collides with a random (v4/v7) id.</summary>
    public static Guid From(ReadOnlySpan<byte> name)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The id named by these parts, in order (each id's 16 bytes, each text's UTF-8 and a separator).</summary>
    public static Guid From(string kind, params ReadOnlySpan<object> parts)
    {
        ArgumentNullException.ThrowIfNull(kind);
        using var name = new MemoryStream();
        name.Write(System.Text.Encoding.UTF8.GetBytes(kind));
        foreach (var part in parts)
        {
            name.WriteByte(0x1F);
            name.Write(part switch
            {
                Guid id => id.ToByteArray(bigEndian: true),
                _ => System.Text.Encoding.UTF8.GetBytes(Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            });
        }

        return From(name.ToArray());
    }
}
