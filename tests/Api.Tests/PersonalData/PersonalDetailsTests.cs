using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Tests.PersonalData;

public sealed class PersonalDetailsTests
{
    private const string ValidId = "11010519491231002X";

    [Fact]
    public void Valid_details_are_trimmed_and_normalized()
    {
        var details = PersonalDetails.Validate("  王小明 ", " +86 138-0013-8000 ", NationalIdType.ResidentIdCard, " 11010519491231002x ");

        Assert.Equal(new PersonalDetails("王小明", "+8613800138000", NationalIdType.ResidentIdCard, ValidId), details);
    }

    [Fact]
    public void A_name_alone_is_enough() =>
        Assert.Equal(new PersonalDetails("Ana"), PersonalDetails.Validate("Ana", null, null, "  "));

    [Theory]
    [InlineData("", RefusalCodes.InvalidName, "displayName is required.")]
    [InlineData("Ana\nBen", RefusalCodes.InvalidName, "displayName must not contain line breaks or control characters.")]
    public void A_bad_name_is_refused_clearly(string name, string code, string message) =>
        AssertRefused(() => PersonalDetails.Validate(name, null, null, null), code, message);

    [Fact]
    public void A_name_longer_than_64_characters_is_refused_but_64_chinese_characters_pass()
    {
        Assert.Equal(64, PersonalDetails.Validate(new string('王', 64), null, null, null).Name.Length);
        AssertRefused(() => PersonalDetails.Validate(new string('王', 65), null, null, null), RefusalCodes.InvalidName, "displayName must be at most 64 characters.");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567890123456")]
    [InlineData("138 0013 800a")]
    [InlineData("++8613800138000")]
    public void A_bad_phone_is_refused_without_repeating_it(string phone) =>
        AssertRefused(() => PersonalDetails.Validate("Ana", phone, null, null), RefusalCodes.InvalidPhone,
            "phone must be 6 to 15 digits, optionally with a leading + and spaces or dashes between digits.", phone);

    [Theory]
    [InlineData("1101051949123100", "nationalId must be 18 characters for a resident ID card.")]
    [InlineData("11010519491231002A", "nationalId of a resident ID card is 17 digits followed by a digit or X.")]
    [InlineData("110105194902300027", "nationalId of a resident ID card must hold a valid date of birth (characters 7 to 14).")]
    [InlineData("110105194912310021", "nationalId does not match the check character of a resident ID card; look for a typo.")]
    public void A_bad_resident_id_card_number_is_refused_without_repeating_it(string id, string message) =>
        AssertRefused(() => PersonalDetails.Validate("Ana", null, NationalIdType.ResidentIdCard, id), RefusalCodes.InvalidNationalId, message, id);

    [Theory]
    [InlineData(NationalIdType.Passport, "E1234567", true)]
    [InlineData(NationalIdType.Passport, "E12", false)]
    [InlineData(NationalIdType.Passport, "E123-4567", false)]
    [InlineData(NationalIdType.TravelPermit, "H12345678", true)]
    [InlineData(NationalIdType.TravelPermit, "H1234", false)]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "USA123456789012", true)]
    [InlineData(NationalIdType.ForeignPermanentResidentIdCard, "USA1234567890", false)]
    public void Other_documents_have_their_own_lengths(NationalIdType type, string id, bool valid)
    {
        if (valid)
        {
            Assert.Equal(id, PersonalDetails.Validate("Ana", null, type, id).NationalId);
        }
        else
        {
            var refusal = Assert.Throws<LedgerRefusal>(() => PersonalDetails.Validate("Ana", null, type, id));
            Assert.Equal(RefusalCodes.InvalidNationalId, refusal.Code);
            Assert.DoesNotContain(id, refusal.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void An_id_number_without_its_type_or_a_type_without_a_number_is_refused()
    {
        AssertRefused(() => PersonalDetails.Validate("Ana", null, null, ValidId), RefusalCodes.InvalidNationalId,
            "nationalIdType and nationalId go together: give both or neither.", ValidId);
        AssertRefused(() => PersonalDetails.Validate("Ana", null, NationalIdType.Passport, null), RefusalCodes.InvalidNationalId,
            "nationalIdType and nationalId go together: give both or neither.");
    }

    [Fact]
    public void The_check_character_follows_gb_11643() =>
        Assert.Equal('X', PersonalDetailRules.ResidentIdCheckCharacter("11010519491231002"));

    [Fact]
    public void Printing_the_details_shows_nothing_personal()
    {
        var details = new PersonalDetails("王小明", "13800138000", NationalIdType.ResidentIdCard, ValidId);
        var command = new RegisterVolunteer(Guid.NewGuid(), Guid.NewGuid(), "V-1", TimeBank.Ledger.Actors.Actor.CityAdmin(Guid.NewGuid()), details);

        foreach (var text in new[] { details.ToString(), command.ToString(), System.Text.Json.JsonSerializer.Serialize(command) })
        {
            Assert.DoesNotContain("王小明", text, StringComparison.Ordinal);
            Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
            Assert.DoesNotContain(ValidId, text, StringComparison.Ordinal);
        }
    }

    private static void AssertRefused(Func<PersonalDetails> validate, string code, string message, string? value = null)
    {
        var refusal = Assert.Throws<LedgerRefusal>(validate);
        Assert.Equal(code, refusal.Code);
        Assert.Equal(message, refusal.Message);
        if (value is { Length: > 0 })
        {
            Assert.DoesNotContain(value.Trim(), refusal.Message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
