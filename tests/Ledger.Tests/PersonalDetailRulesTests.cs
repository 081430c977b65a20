using TimeBank.Ledger.Accounts;

namespace TimeBank.Ledger.Tests;

public sealed class PersonalDetailRulesTests
{
    [Fact]
    public void A_name_is_trimmed()
    {
        Assert.Equal("Ana Li", PersonalDetailRules.Name("  Ana Li \n"));
        Assert.Equal(64, PersonalDetailRules.MaxNameLength);
    }

    [Theory]
    [InlineData(null, "displayName is required.")]
    [InlineData("   ", "displayName is required.")]
    [InlineData("Ana\tBen", "displayName must not contain line breaks or control characters.")]
    public void A_missing_name_or_one_with_control_characters_is_refused(string? name, string message) =>
        Refused(() => PersonalDetailRules.Name(name), RefusalCodes.InvalidName, message);

    [Fact]
    public void A_name_is_at_most_64_characters_as_read_not_as_stored()
    {
        // An e with a combining accent is one character to the reader, two chars in memory.
        PersonalDetailRules.Name(string.Concat(Enumerable.Repeat("e\u0301", 64)));
        Refused(() => PersonalDetailRules.Name(string.Concat(Enumerable.Repeat("e\u0301", 65))), RefusalCodes.InvalidName, "displayName must be at most 64 characters.");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData("123456", "123456")]
    [InlineData("123456789012345", "123456789012345")]
    [InlineData(" +86 138-0013-8000 ", "+8613800138000")]
    public void A_phone_is_6_to_15_digits_kept_without_separators(string? phone, string? kept) =>
        Assert.Equal(kept, PersonalDetailRules.Phone(phone));

    [Theory]
    [InlineData("12345")]
    [InlineData("+1234567890123456")]
    [InlineData("138.0013.8000")]
    [InlineData("13800138000+")]
    public void Any_other_phone_is_refused(string phone) =>
        Refused(() => PersonalDetailRules.Phone(phone), RefusalCodes.InvalidPhone,
            "phone must be 6 to 15 digits, optionally with a leading + and spaces or dashes between digits.");

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, " ")]
    public void No_id_at_all_is_fine(NationalIdType? type, string? id) => Assert.Null(PersonalDetailRules.NationalId(type, id));

    [Theory]
    [InlineData(null, "E1234567")]
    [InlineData(NationalIdType.Passport, null)]
    [InlineData(NationalIdType.Passport, "  ")]
    public void An_id_and_its_kind_go_together(NationalIdType? type, string? id) =>
        Refused(() => PersonalDetailRules.NationalId(type, id), RefusalCodes.InvalidNationalId,
            "nationalIdType and nationalId go together: give both or neither.");

    [Theory]
    [InlineData(" 11010519491231002x ", "11010519491231002X")]
    [InlineData("110105 19000101 001x", "11010519000101001X")]
    [InlineData("110105194912310011", "110105194912310011")]
    public void A_resident_id_card_number_is_kept_upper_case_without_spaces(string id, string kept) =>
        Assert.Equal(kept, PersonalDetailRules.NationalId(NationalIdType.ResidentIdCard, id));

    [Theory]
    [InlineData("1101051949123100211", "nationalId must be 18 characters for a resident ID card.")]
    [InlineData("1101051949123100X1", "nationalId of a resident ID card is 17 digits followed by a digit or X.")]
    [InlineData("110105189912310015", "nationalId of a resident ID card must hold a valid date of birth (characters 7 to 14).")]
    [InlineData("110105194913310013", "nationalId of a resident ID card must hold a valid date of birth (characters 7 to 14).")]
    [InlineData("110105194912310020", "nationalId does not match the check character of a resident ID card; look for a typo.")]
    public void A_resident_id_card_number_is_checked_by_gb_11643(string id, string message) =>
        Refused(() => PersonalDetailRules.NationalId(NationalIdType.ResidentIdCard, id), RefusalCodes.InvalidNationalId, message);

    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("11010519491231007", '0')]
    [InlineData("00000000000000000", '1')]
    [InlineData("99999999999999999", '3')]
    [InlineData("12345678901234567", '7')]
    public void The_check_character_is_iso_7064_mod_11_2(string first17, char check) =>
        Assert.Equal(check, PersonalDetailRules.ResidentIdCheckCharacter(first17));

    [Theory]
    [InlineData(NationalIdType.Passport, "e1234", "E1234")]
    [InlineData(NationalIdType.Passport, "E1234567890123456", "E1234567890123456")]
    [InlineData(NationalIdType.TravelPermit, "H1234567", "H1234567")]
    [InlineData(NationalIdType.TravelPermit, "H1234567890", "H1234567890")]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "USA123456789012", "USA123456789012")]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "usa123456789012345", "USA123456789012345")]
    public void Other_documents_are_letters_and_digits_of_their_own_lengths(NationalIdType type, string id, string kept) =>
        Assert.Equal(kept, PersonalDetailRules.NationalId(type, id));

    [Theory]
    [InlineData(NationalIdType.Passport, "E123", "nationalId must be 5 to 17 letters or digits for a passport.")]
    [InlineData(NationalIdType.Passport, "E12345678901234567", "nationalId must be 5 to 17 letters or digits for a passport.")]
    [InlineData(NationalIdType.Passport, "E123-4567", "nationalId must be 5 to 17 letters or digits for a passport.")]
    [InlineData(NationalIdType.TravelPermit, "H123456", "nationalId must be 8 to 11 letters or digits for a travel permit.")]
    [InlineData(NationalIdType.TravelPermit, "H12345678901", "nationalId must be 8 to 11 letters or digits for a travel permit.")]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "USA12345678901", "nationalId must be 15 or 18 letters or digits for a foreign permanent resident ID card.")]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "USA1234567890123", "nationalId must be 15 or 18 letters or digits for a foreign permanent resident ID card.")]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "USA12345678901-", "nationalId must be 15 or 18 letters or digits for a foreign permanent resident ID card.")]
    [InlineData((NationalIdType)99, "E1234567", "nationalIdType is not a known kind of ID.")]
    public void Other_documents_of_another_length_or_with_other_characters_are_refused(NationalIdType type, string id, string message) =>
        Refused(() => PersonalDetailRules.NationalId(type, id), RefusalCodes.InvalidNationalId, message);

    private static void Refused(Func<string?> rule, string code, string message)
    {
        var refusal = Assert.Throws<LedgerRefusal>(rule);
        Assert.Equal(code, refusal.Code);
        Assert.Equal(message, refusal.Message);
    }

}
