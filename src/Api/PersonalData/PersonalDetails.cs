using System.Globalization;
using System.Text;
using TimeBank.Ledger;

namespace TimeBank.Api.PersonalData;

/// <summary>The kind of identity document a national ID number belongs to (证件类型).</summary>
public enum NationalIdType
{
    /// <summary>居民身份证: 18 characters, the last a check digit (0–9 or X).</summary>
    ResidentIdCard,

    /// <summary>护照.</summary>
    Passport,

    /// <summary>港澳台居民来往内地通行证.</summary>
    TravelPermit,

    /// <summary>外国人永久居留身份证.</summary>
    ForeignPermanentResidentIdCard,
}

/// <summary>
/// A volunteer's personal information in the clear: only ever in memory, on its way to or from
/// <see cref="PersonalDataCipher"/>. <see cref="ToString"/> shows none of it, so a log line or an exception that prints a
/// command carrying it prints nothing personal.
/// </summary>
public sealed record PersonalDetails(string Name, string? Phone = null, NationalIdType? NationalIdType = null, string? NationalId = null)
{
    public override string ToString() => "PersonalDetails { (personal information, not shown) }";

    public const int MaxNameLength = 64;

    /// <summary>
    /// The details, trimmed and normalized (phone without separators, ID upper-case without spaces), or a refusal that
    /// says what is wrong without repeating the value.
    /// </summary>
    public static PersonalDetails Validate(string? name, string? phone, NationalIdType? nationalIdType, string? nationalId) =>
        new(ValidName(name), ValidPhone(phone), nationalIdType, ValidNationalId(nationalIdType, nationalId));

    public PersonalDetails Validated() => Validate(Name, Phone, NationalIdType, NationalId);

    private static string ValidName(string? name)
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

    /// <summary>6 to 15 digits (E.164 allows 15), with an optional leading + and spaces or dashes between digits.</summary>
    private static string? ValidPhone(string? phone)
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

    private static string? ValidNationalId(NationalIdType? type, string? nationalId)
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
            case PersonalData.NationalIdType.ResidentIdCard:
                CheckResidentIdCard(id);
                return id;
            case PersonalData.NationalIdType.Passport:
                return LettersAndDigits(id, 5, 17, "a passport");
            case PersonalData.NationalIdType.TravelPermit:
                return LettersAndDigits(id, 8, 11, "a travel permit");
            case PersonalData.NationalIdType.ForeignPermanentResidentIdCard:
                return id.Length is 15 or 18 && id.All(char.IsAsciiLetterOrDigit)
                    ? id
                    : throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalId must be 15 or 18 letters or digits for a foreign permanent resident ID card.");
            default:
                throw new LedgerRefusal(RefusalCodes.InvalidNationalId, "nationalIdType is not a known kind of ID.");
        }
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

    /// <summary>The 18th character of a resident ID card for its first 17 digits.</summary>
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
}
