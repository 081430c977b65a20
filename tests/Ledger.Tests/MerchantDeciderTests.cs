using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class MerchantDeciderTests : MerchantSpecification
{
    // Registration

    [Fact]
    public void Staff_of_the_community_register_a_merchant_which_waits_for_approval()
    {
        var merchant = Given().When(new RegisterMerchant(LoveMart, Riverside, " Riverside love mart ", RiversideStaff))
            .Then(new MerchantRegistered(LoveMart, Riverside, "Riverside love mart", RiversideStaffId, Now));

        Assert.Equal(MerchantStatus.Pending, merchant!.Status);
        Assert.False(merchant.IsApproved);
    }

    [Fact]
    public void A_city_admin_registers_a_merchant_in_any_community() =>
        Given().When(new RegisterMerchant(LoveMart, Hillside, "Hillside tea house", CityAdmin))
            .Then(new MerchantRegistered(LoveMart, Hillside, "Hillside tea house", CityAdmin.PersonId, Now));

    [Fact]
    public void Staff_of_another_community_cannot_register_a_merchant() =>
        Given().When(new RegisterMerchant(LoveMart, Riverside, "Love mart", HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_cashier_cannot_register_a_merchant() =>
        Given().When(new RegisterMerchant(LoveMart, Riverside, "Love mart", Actor.Merchant(AnaId, LoveMart)))
            .ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_merchant_needs_a_name(string name) =>
        Given().When(new RegisterMerchant(LoveMart, Riverside, name, RiversideStaff)).ThenFails(RefusalCodes.InvalidInput);

    [Fact]
    public void A_merchant_is_registered_once() =>
        Given(Registered()).When(new RegisterMerchant(LoveMart, Riverside, "Love mart", RiversideStaff)).ThenFails(RefusalCodes.AlreadyExists);

    // Lifecycle

    [Fact]
    public void Staff_approve_a_pending_merchant() =>
        Assert.True(Given(Registered()).When(new ApproveMerchant(LoveMart, RiversideStaff))
            .Then(new MerchantApproved(LoveMart, RiversideStaffId, Now))!.IsApproved);

    [Fact]
    public void Staff_of_another_community_are_answered_as_for_a_missing_merchant()
    {
        Given(Registered()).When(new ApproveMerchant(LoveMart, HillsideStaff)).ThenFails(RefusalCodes.NotFound);
        Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, "Late", HillsideStaff)).ThenFails(RefusalCodes.NotFound);
        Given(Registered(), Approved(), Suspended()).When(new ReinstateMerchant(LoveMart, HillsideStaff)).ThenFails(RefusalCodes.NotFound);
    }

    [Fact]
    public void A_cashier_of_another_merchant_is_answered_as_for_a_missing_merchant() =>
        Given(Registered()).When(new ApproveMerchant(LoveMart, Actor.Merchant(AnaId, Guid.NewGuid()))).ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void A_cashier_of_the_merchant_sees_it_but_cannot_approve_it() =>
        Given(Registered()).When(new ApproveMerchant(LoveMart, Actor.Merchant(AnaId, LoveMart))).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Staff_of_another_community_do_not_learn_that_a_merchant_id_is_taken() =>
        Given(Registered()).When(new RegisterMerchant(LoveMart, Riverside, "Love mart", HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void An_approved_merchant_is_not_approved_again() =>
        Given(Registered(), Approved()).When(new ApproveMerchant(LoveMart, RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState);

    [Fact]
    public void An_approved_merchant_is_suspended_with_a_reason()
    {
        var merchant = Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, " Sold points for cash ", CityAdmin))
            .Then(new MerchantSuspended(LoveMart, "Sold points for cash", CityAdmin.PersonId, Now));

        Assert.Equal(MerchantStatus.Suspended, merchant!.Status);
    }

    [Fact]
    public void A_suspension_needs_a_reason() =>
        Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, " ", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired);

    [Fact]
    public void A_pending_merchant_cannot_be_suspended() =>
        Given(Registered()).When(new SuspendMerchant(LoveMart, "Late", RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState);

    [Fact]
    public void A_suspended_merchant_is_reinstated_and_approved_again() =>
        Assert.True(Given(Registered(), Approved(), Suspended()).When(new ReinstateMerchant(LoveMart, RiversideStaff))
            .Then(new MerchantReinstated(LoveMart, RiversideStaffId, Now))!.IsApproved);

    [Fact]
    public void Only_a_suspended_merchant_is_reinstated() =>
        Given(Registered(), Approved()).When(new ReinstateMerchant(LoveMart, RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState);

    [Fact]
    public void A_suspended_merchant_cannot_be_approved_around_the_reinstatement() =>
        Given(Registered(), Approved(), Suspended()).When(new ApproveMerchant(LoveMart, RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState);

    [Fact]
    public void An_unknown_merchant_cannot_be_approved() =>
        Given().When(new ApproveMerchant(LoveMart, RiversideStaff)).ThenFails(RefusalCodes.NotFound);
}
