namespace TimeBank.Ledger.Certificates;

/// <summary>
/// The short code printed beside a certificate's number, typed by a person to verify it online: 12 characters of
/// Crockford's base32 (no I, L, O or U), shown in groups of four. Typed forgivingly: case, spaces and dashes do not
/// matter, and O, I and L read as 0, 1 and 1.
/// </summary>
public static class VerificationCode
{
    public const int Length = 12;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The code from the first 60 bits of <paramref name="bytes"/> (a keyed hash of the certificate's content).</summary>
    public static string From(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new ArgumentException("A verification code needs at least 8 bytes.", nameof(bytes));
        }

        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Alphabet[(int)(bits >> (64 - (5 * (i + 1)))) & 31];
        }

        return new string(code);
    }

    /// <summary>The code as a person typed it, read the way it was printed; null when it cannot be a code.</summary>
    public static string? AsTyped(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var code = new System.Text.StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            var read = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!Alphabet.Contains(read, StringComparison.Ordinal) || code.Length == Length)
            {
                return null;
            }

            code.Append(read);
        }

        return code.Length == Length ? code.ToString() : null;
    }

    /// <summary>As printed: <c>XXXX-XXXX-XXXX</c>.</summary>
    public static string Printed(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == Length ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;
    }
}
