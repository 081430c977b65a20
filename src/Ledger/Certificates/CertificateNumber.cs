using System.Text.RegularExpressions;

namespace TimeBank.Ledger.Certificates;

/// <summary>A certificate number as a person typed it: <c>&lt;community code&gt;-&lt;year&gt;-&lt;sequence&gt;</c> (<see cref="CertificateRegister.Number"/>).</summary>
public static partial class CertificateNumber
{
    /// <summary>The number as printed (upper case, no spaces), or null when it cannot be a certificate number.</summary>
    public static string? AsTyped(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var trimmed = typed.Trim().ToUpperInvariant();
        return trimmed.Length <= 32 && Shape().IsMatch(trimmed) ? trimmed : null;
    }

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{6}-[0-9]{4}-[0-9]{6,9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
