using System.Globalization;
using System.Text;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// What a volunteer's name, phone and ID number must look like. Each rule returns the value trimmed and normalized, or
/// refuses with a message that says what is wrong without repeating the value. Where the details are kept (sealed, in
/// the host) is not a rule of the product.
/// </summary>
public static class PersonalDetailRules
{
    public const int MaxNameLength = TextLimits.PersonName;

    /// <summary>Required, no control characters, at most <see cref="MaxNameLength"/> characters as read; trimmed, in Unicode form C.</summary>
    public static string Name(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidName, "displayName is required.");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidName, "displayName must not contain line breaks or control characters.");
        }

        if (new StringInfo(trimmed).LengthInTextElements > MaxNameLength)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidName, $"displayName must be at most {MaxNameLength} characters.");
        }

        return trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>6 to 15 digits (E.164 allows 15), with an optional leading + and spaces or dashes between digits; none is null.</summary>
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var trimmed = phone.Trim();
        var plus = trimmed.StartsWith('+');
        var digits = string.Concat((plus ? trimmed[1..] : trimmed).Where(c => c is not (' ' or '-')));
        return digits.Length is >= 6 and <= 15 && digits.All(char.IsAsciiDigit)
            ? (plus ? "+" : string.Empty) + digits
            : throw new LedgerRefusal(RefusalCodes.InvalidPhone, "phone must be 6 to 15 digits, optionally with a leading + and spaces or dashes between digits.");
    }

    /// <summary>Both the kind and the number, or neither; the number upper-case without spaces, in the kind's format.</summary>
    public static string? NationalId(NationalIdType? type, string? nationalId)
    {
        var given = !string.IsNullOrWhiteSpace(nationalId);
        if (type is null || !given)
        {
            return type is null && !given
                ? null
                : throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalIdType and nationalId go together: give both or neither.");
        }

        var id = string.Concat(nationalId!.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        switch (type.Value)
        {
            case NationalIdType.ResidentIdCard:
                CheckResidentIdCard(id);
                return id;
            case NationalIdType.Passport:
                return LettersAndDigits(id, 5, 17, "a passport");
            case NationalIdType.TravelPermit:
                return LettersAndDigits(id, 8, 11, "a travel permit");
            case NationalIdType.ForeignPermanentResidentIdCard:
                return id.Length is 15 or 18 && id.All(char.IsAsciiLetterOrDigit)
                    ? id
                    : throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalId must be 15 or 18 letters or digits for a foreign permanent resident ID card.");
            default:
                throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalIdType is not a known kind of ID.");
        }
    }

    /// <summary>The 18th character of a resident ID card for its first 17 digits (ISO 7064 MOD 11-2).</summary>
    public static char ResidentIdCheckCharacter(ReadOnlySpan<char> first17)
    {
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * weights[i];
        }

        return "10X98765432"[sum % 11];
    }

    private static string LettersAndDigits(string id, int min, int max, string document) =>
        id.Length >= min && id.Length <= max && id.All(char.IsAsciiLetterOrDigit)
            ? id
            : throw new LedgerRefusal(RefusalCodes.InvalidNationalId, $"nationalId must be {min} to {max} letters or digits for {document}.");

    /// <summary>GB 11643: 6-digit region, 8-digit date of birth, 3-digit sequence, ISO 7064 MOD 11-2 check character.</summary>
    private static void CheckResidentIdCard(string id)
    {
        if (id.Length != 18)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalId must be 18 characters for a resident ID card.");
        }

        if (!id[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalId of a resident ID card is 17 digits followed by a digit or X.");
        }

        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born) || born.Year < 1900)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalId of a resident ID card must hold a valid date of birth (characters 7 to 14).");
        }

        if (ResidentIdCheckCharacter(id.AsSpan(0, 17)) != id[17])
        {
            throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalId does not match the check character of a resident ID card; look for a typo.");
        }
    }
}
