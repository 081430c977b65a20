using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>What a till's request must be before anything is looked up, and who may ask for a code at all.</summary>
public sealed class TillRequestTests : RedemptionSpecification
{
    [Theory]
    [InlineData("4")]
    [InlineData("40417302")]
    [InlineData("12345678901234567890123456789012")]
    public void A_cashiers_request_with_a_key_and_a_code_holds_for_the_cashiers_merchant(string code) =>
        Assert.Equal(LoveMart, Accounts.TillRequest.MerchantHolding(Cashier, code, TillRequest));

    [Theory]
    [InlineData("2321 5774", "23215774")]
    [InlineData("2321-5774", "23215774")]
    [InlineData(" 23 21\t57-74 ", "23215774")]
    [InlineData("23215774", "23215774")]
    [InlineData(null, "")]
    public void A_code_typed_in_groups_is_the_code_without_its_spaces_and_dashes(string? typed, string code) =>
        Assert.Equal(code, Accounts.TillRequest.CodeAsTyped(typed));

    [Fact]
    public void Only_a_cashier_holds_points_at_a_till()
    {
        foreach (var actor in new[] { Ana, RiversideStaff, Actor.CityAdmin(BenId), Actor.System })
        {
            Refused(() => Accounts.TillRequest.MerchantHolding(actor, Code, TillRequest), RefusalCodes.NotCashierOfMerchant, "Only a cashier of a merchant holds points at its till.");
        }
    }

    [Fact]
    public void A_request_without_the_tills_own_key_is_refused()
    {
        const string message = "tillRequestId is the till's own idempotency key: a new non-empty UUID per request.";
        Refused(() => Accounts.TillRequest.MerchantHolding(Cashier, Code, Guid.Empty), RefusalCodes.InvalidInput, message);
        Refused(() => Accounts.TillRequest.RequireKey(Guid.Empty), RefusalCodes.InvalidInput, message);
        Accounts.TillRequest.RequireKey(TillRequest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123")]
    public void A_missing_code_or_one_longer_than_any_app_shows_is_bad_input_not_a_guess(string? code)
    {
        Assert.Equal(32, Accounts.TillRequest.MaxCodeLength);
        Refused(() => Accounts.TillRequest.MerchantHolding(Cashier, code, TillRequest), RefusalCodes.InvalidInput, "code is the volunteer's one-time code: the digits their app shows.");
    }

    [Fact]
    public void Who_is_not_a_cashier_is_told_so_before_anything_about_the_key_or_the_code() =>
        Refused(() => Accounts.TillRequest.MerchantHolding(Ana, null, Guid.Empty), RefusalCodes.NotCashierOfMerchant, "Only a cashier of a merchant holds points at its till.");

    [Fact]
    public void The_key_is_checked_before_the_code() =>
        Refused(() => Accounts.TillRequest.MerchantHolding(Cashier, null, Guid.Empty), RefusalCodes.InvalidInput,
            "tillRequestId is the till's own idempotency key: a new non-empty UUID per request.");

    [Fact]
    public void Only_a_volunteer_asks_for_a_code_whether_or_not_an_account_exists()
    {
        const string message = "Only a volunteer asks for a redemption code, for their own account.";
        foreach (var actor in new[] { Cashier, AnaAsStaff, Actor.CityAdmin(AnaId), Actor.System })
        {
            Assert.Equal(message, Given(Registered()).When(new IssueRedemptionCode(AnaId, Code, actor)).ThenFails(RefusalCodes.Forbidden).Message);
            Assert.Equal(message, Given().When(new IssueRedemptionCode(AnaId, Code, actor)).ThenFails(RefusalCodes.Forbidden).Message);
        }
    }

    [Fact]
    public void A_volunteer_without_an_account_asks_in_vain() =>
        Given().When(new IssueRedemptionCode(AnaId, Code, Ana)).ThenFails(RefusalCodes.VolunteerNotFound);

    [Fact]
    public void A_code_is_held_on_the_account_of_the_volunteer_who_holds_it() =>
        Assert.Equal(AnaId, Accounts.TillRequest.VolunteerHolding(AnaId));

    [Fact]
    public void A_code_nobody_holds_is_refused_like_a_wrong_code() =>
        Refused(() => Accounts.TillRequest.VolunteerHolding(null), RefusalCodes.RedemptionCodeInvalid,
            "The redemption code is not valid: ask the volunteer for a new one.");

    private static void Refused(Action request, string code, string message)
    {
        var refusal = Assert.Throws<LedgerRefusal>(request);
        Assert.Equal(code, refusal.Code);
        Assert.Equal(message, refusal.Message);
    }
}
