using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>Free text has a length limit, counted as a reader counts characters, after trimming (<see cref="TextLimits"/>).</summary>
public sealed class TextLimitsTests
{
    /// <summary>Text from pieces a reader counts differently from memory: CJK, a combining accent, an emoji, spaces.</summary>
    private static Arbitrary<string> Texts() =>
        Gen.Elements("a", "张", "e\u0301", "👍🏽", " ", "\n", "\t", "Z")
            .ListOf()
            .Select(pieces => string.Concat(pieces))
            .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Text_within_its_limit_is_kept_trimmed_and_longer_text_is_refused_naming_the_field_and_the_limit() =>
        Prop.ForAll(Texts(), Gen.Choose(0, 12).ToArbitrary(), (text, limit) =>
        {
            var length = TextLimits.Length(text.Trim());
            if (length <= limit)
            {
                return TextLimits.Within(text, "reason", limit) == text.Trim();
            }

            var refusal = Assert.Throws<LedgerRefusal>(() => TextLimits.Within(text, "reason", limit));
            return refusal.Code == RefusalCodes.TextTooLong
                && refusal.Message == $"reason must be at most {limit} characters; it has {length}.";
        });

    [Property(MaxTest = 200)]
    public Property Blank_required_text_is_refused_with_the_blank_code_whatever_its_length() =>
        Prop.ForAll(Gen.Elements(" ", "\t", "\n", "\u3000").ListOf().Select(pieces => string.Concat(pieces)).ToArbitrary(), blank =>
        {
            var refusal = Assert.Throws<LedgerRefusal>(() => TextLimits.Required(blank, "reason", 0, RefusalCodes.ReasonRequired, "A reason is required."));
            return refusal.Code == RefusalCodes.ReasonRequired && refusal.Message == "A reason is required.";
        });

    [Fact]
    public void Characters_are_counted_as_read_not_as_stored()
    {
        Assert.Equal(3, TextLimits.Length("张e\u0301👍🏽"));
        Assert.Equal("张e\u0301👍🏽", TextLimits.Within("  张e\u0301👍🏽 ", "name", 3));
    }

    [Fact]
    public void The_limits_are_what_the_schema_says() =>
        Assert.Equal((50, 64, 200, 500, 2000), (TextLimits.Name, TextLimits.PersonName, TextLimits.Place, TextLimits.Reason, TextLimits.Content));
}

public sealed class RecordTextLimitsTests : RecordSpecification
{
    private static readonly string Content2000 = new('服', TextLimits.Content);
    private static readonly string Reason500 = new('r', TextLimits.Reason);

    [Fact]
    public void Content_of_2000_characters_is_recorded_and_of_2001_refused()
    {
        Given().When(Submit() with { Content = Content2000 }).Then(events => Assert.Equal(Content2000, ((ServiceRecordSubmitted)events[0]).Content));

        var refusal = Given().When(Submit() with { Content = Content2000 + "务" }).ThenFails(RefusalCodes.TextTooLong);
        Assert.Equal("content must be at most 2000 characters; it has 2001.", refusal.Message);
    }

    [Theory]
    [InlineData("", "content is required: what the service was.")]
    [InlineData(" \n ", "content is required: what the service was.")]
    public void Blank_content_is_refused(string content, string message) =>
        Assert.Equal(message, Given().When(Submit() with { Content = content }).ThenFails(RefusalCodes.InvalidInput).Message);

    [Fact]
    public void A_blank_person_in_charge_is_refused_and_a_long_one_too()
    {
        Assert.Equal("personInCharge is required.", Given().When(Submit() with { PersonInCharge = "  " }).ThenFails(RefusalCodes.InvalidInput).Message);
        Given().When(Submit() with { PersonInCharge = new string('王', 65) }).ThenFails(RefusalCodes.TextTooLong);
    }

    [Fact]
    public void A_blank_place_is_the_projects_and_a_place_over_200_characters_is_refused()
    {
        Given().When(Submit() with { Place = "   " }).Then(events => Assert.Equal(Eldercare.Place, ((ServiceRecordSubmitted)events[0]).Place));
        Given().When(Submit() with { Place = " Room 2 " }).Then(events => Assert.Equal("Room 2", ((ServiceRecordSubmitted)events[0]).Place));
        var refusal = Given().When(Submit() with { Place = new string('p', 201) }).ThenFails(RefusalCodes.TextTooLong);
        Assert.Equal("place must be at most 200 characters; it has 201.", refusal.Message);
    }

    [Fact]
    public void Reasons_to_reject_revoke_and_contest_are_at_most_500_characters()
    {
        Given(Submitted()).When(new RejectServiceRecord(RecordId, Reason500, RiversideStaff)).Then(events => Assert.Single(events));
        Given(Submitted()).When(new RejectServiceRecord(RecordId, Reason500 + "r", RiversideStaff)).ThenFails(RefusalCodes.TextTooLong);
        Given(Submitted(), Verified(), Credited()).When(new RevokeServiceRecord(RecordId, Reason500 + "r", RiversideStaff)).ThenFails(RefusalCodes.TextTooLong);
        var refusal = Given(Submitted(), Rejected()).When(new ContestServiceRecord(RecordId, Reason500 + "r", Ana)).ThenFails(RefusalCodes.TextTooLong);
        Assert.Equal("reason must be at most 500 characters; it has 501.", refusal.Message);
    }

    [Fact]
    public void An_amendment_needs_content_within_2000_characters_and_a_note_within_500()
    {
        AmendServiceRecord Amend(string content, string note) =>
            new(RecordId, HoursAgo(3), HoursAgo(1), 60, content, note, RiversideStaff);

        Given(Submitted(), Rejected(), Contested()).When(Amend(Content2000, Reason500)).Then(events => Assert.Single(events));
        Assert.Equal("note must be at most 500 characters; it has 501.",
            Given(Submitted(), Rejected(), Contested()).When(Amend("Visited Mrs Li", Reason500 + "n")).ThenFails(RefusalCodes.TextTooLong).Message);
        Given(Submitted(), Rejected(), Contested()).When(Amend(Content2000 + "c", "Wrong hours")).ThenFails(RefusalCodes.TextTooLong);
        Given(Submitted(), Rejected(), Contested()).When(Amend(" ", "Wrong hours")).ThenFails(RefusalCodes.InvalidInput);
    }
}

public sealed class CommunityTextLimitsTests : CommunitySpecification
{
    [Theory]
    [InlineData("name")]
    [InlineData("street")]
    [InlineData("district")]
    public void A_communitys_name_street_and_district_are_at_most_50_characters(string field)
    {
        string Text(string name, string value) => name == field ? new string('社', 51) : value;
        var refusal = Given().When(new RegisterCommunity(Riverside, Text("name", "Riverside"), Text("street", "12 River Road"), Text("district", "East"), CityAdmin))
            .ThenFails(RefusalCodes.TextTooLong);

        Assert.Equal($"{field} must be at most 50 characters; it has 51.", refusal.Message);
    }

    [Fact]
    public void A_projects_name_category_and_place_are_limited_and_its_place_is_required()
    {
        GivenIn(RiversideWithStaff).When(Publish(name: new string('n', 51))).ThenFails(RefusalCodes.TextTooLong);
        GivenIn(RiversideWithStaff).When(Publish(category: new string('c', 51))).ThenFails(RefusalCodes.TextTooLong);
        GivenIn(RiversideWithStaff).When(Publish(place: new string('p', 201))).ThenFails(RefusalCodes.TextTooLong);
        Assert.Equal("The place is required.", GivenIn(RiversideWithStaff).When(Publish(place: " ")).ThenFails(RefusalCodes.InvalidInput).Message);
        GivenIn(RiversideWithStaff).When(Publish(name: new string('n', 50), place: new string('p', 200))).Then(events => Assert.Single(events));
    }
}

public sealed class MerchantTextLimitsTests : MerchantSpecification
{
    [Fact]
    public void A_merchants_name_is_at_most_50_characters()
    {
        Given().When(new RegisterMerchant(LoveMart, Riverside, new string('店', 50), RiversideStaff)).Then(events => Assert.Single(events));
        var refusal = Given().When(new RegisterMerchant(LoveMart, Riverside, new string('店', 51), RiversideStaff)).ThenFails(RefusalCodes.TextTooLong);
        Assert.Equal("name must be at most 50 characters; it has 51.", refusal.Message);
    }

    [Fact]
    public void A_reason_to_suspend_is_at_most_500_characters()
    {
        Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, new string('r', 500), RiversideStaff)).Then(events => Assert.Single(events));
        Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, new string('r', 501), RiversideStaff)).ThenFails(RefusalCodes.TextTooLong);
    }
}
