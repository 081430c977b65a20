using System.Globalization;

namespace TimeBank.Ledger;

/// <summary>
/// How long free text may be, in one place. PRODUCT.md states no lengths; these are sized for what the fields hold (a
/// name fits a line of a certificate, a reason a short paragraph, a record's content a page). Lengths are counted in
/// characters as a reader sees them (text elements: 张 is one, so is an emoji with its modifiers), after trimming.
/// Longer text is refused with <see cref="RefusalCodes.TextTooLong"/> before anything is written.
/// </summary>
public static class TextLimits
{
    /// <summary>A community's, a project's or a merchant's name, a project's category, a street, a district.</summary>
    public const int Name = 50;

    /// <summary>A person's name: the volunteer's displayName, a record's person in charge.</summary>
    public const int PersonName = 64;

    /// <summary>Where the service is done.</summary>
    public const int Place = 200;

    /// <summary>What a service record says was done (服务内容).</summary>
    public const int Content = 2000;

    /// <summary>Why a record is rejected, revoked, contested or amended, or a merchant suspended.</summary>
    public const int Reason = 500;

    /// <summary>The length of <paramref name="text"/> as this class counts it: text elements.</summary>
    public static int Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new StringInfo(text).LengthInTextElements;
    }

    /// <summary>
    /// <paramref name="text"/> trimmed if it is at most <paramref name="limit"/> characters; otherwise refused with a
    /// message naming <paramref name="field"/> and the limit (never repeating the text).
    /// </summary>
    public static string Within(string text, string field, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        // A text element is at least one UTF-16 unit: text no longer than the limit in units is within it.
        if (trimmed.Length <= limit)
        {
            return trimmed;
        }

        var length = Length(trimmed);
        return length <= limit
            ? trimmed
            : throw new LedgerRefusal(RefusalCodes.TextTooLong, $"{field} must be at most {limit} characters; it has {length}.");
    }

    /// <summary>Required text: refused with <paramref name="blankCode"/> and <paramref name="blankMessage"/> when blank, else <see cref="Within"/>.</summary>
    public static string Required(string? text, string field, int limit, string blankCode, string blankMessage) =>
        string.IsNullOrWhiteSpace(text) ? throw new LedgerRefusal(blankCode, blankMessage) : Within(text, field, limit);
}
