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

    // What each refusal says, and who may act

    [Fact]
    public void A_merchant_registered_twice_is_named_in_the_refusal() =>
        Assert.Equal(
            $"Merchant {LoveMart} already exists.",
            Given(Registered()).When(new RegisterMerchant(LoveMart, Riverside, "Love mart", CityAdmin)).ThenFails(RefusalCodes.AlreadyExists).Message);

    [Fact]
    public void The_refusal_of_a_nameless_merchant_says_the_name_is_required() =>
        Assert.Equal(
            "The merchant's name is required.",
            Given().When(new RegisterMerchant(LoveMart, Riverside, "\t", RiversideStaff)).ThenFails(RefusalCodes.InvalidInput).Message);

    [Fact]
    public void The_refusal_of_someone_not_staff_says_who_may_act()
    {
        Assert.Equal(
            "Only staff of the merchant's community (or a city admin) may do this.",
            Given().When(new RegisterMerchant(LoveMart, Riverside, "Love mart", Ana)).ThenFails(RefusalCodes.NotStaffOfCommunity).Message);
        Assert.Equal(
            "Only staff of the merchant's community (or a city admin) may do this.",
            Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, "Late", Actor.Merchant(AnaId, LoveMart)))
                .ThenFails(RefusalCodes.NotStaffOfCommunity).Message);
        Given(Registered(), Approved(), Suspended()).When(new ReinstateMerchant(LoveMart, Actor.Merchant(AnaId, LoveMart)))
            .ThenFails(RefusalCodes.NotStaffOfCommunity);
    }

    [Fact]
    public void A_missing_merchant_and_a_hidden_one_are_named_alike()
    {
        Assert.Equal(
            $"Merchant {LoveMart} was not found.",
            Given().When(new SuspendMerchant(LoveMart, "Late", RiversideStaff)).ThenFails(RefusalCodes.NotFound).Message);
        Assert.Equal(
            $"Merchant {LoveMart} was not found.",
            Given(Registered()).When(new ApproveMerchant(LoveMart, Ana)).ThenFails(RefusalCodes.NotFound).Message);
    }

    [Fact]
    public void A_city_admin_approves_and_reinstates_a_merchant_of_any_community()
    {
        Given(Registered()).When(new ApproveMerchant(LoveMart, CityAdmin)).Then(new MerchantApproved(LoveMart, CityAdmin.PersonId, Now));
        Given(Registered(), Approved(), Suspended()).When(new ReinstateMerchant(LoveMart, CityAdmin))
            .Then(new MerchantReinstated(LoveMart, CityAdmin.PersonId, Now));
    }

    [Fact]
    public void The_refusal_of_a_suspension_without_a_reason_says_so() =>
        Assert.Equal(
            "A reason is required to suspend a merchant.",
            Given(Registered(), Approved()).When(new SuspendMerchant(LoveMart, "", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired).Message);

    [Fact]
    public void A_missing_reason_is_refused_before_the_state_is_checked() =>
        Given(Registered()).When(new SuspendMerchant(LoveMart, " ", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired);

    /// <summary>The messages read "A approved" (sic): asserted as the domain writes them today.</summary>
    [Fact]
    public void A_refusal_in_the_wrong_state_names_the_state_and_the_change()
    {
        Assert.Equal(
            "A approved merchant cannot be approved.",
            Given(Registered(), Approved()).When(new ApproveMerchant(LoveMart, RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState).Message);
        Assert.Equal(
            "A pending merchant cannot be suspended.",
            Given(Registered()).When(new SuspendMerchant(LoveMart, "Late", RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState).Message);
        Assert.Equal(
            "A approved merchant cannot be reinstated.",
            Given(Registered(), Approved()).When(new ReinstateMerchant(LoveMart, RiversideStaff)).ThenFails(RefusalCodes.InvalidMerchantState).Message);
        Assert.Equal(
            "A suspended merchant cannot be suspended.",
            Given(Registered(), Approved(), Suspended()).When(new SuspendMerchant(LoveMart, "Again", RiversideStaff))
                .ThenFails(RefusalCodes.InvalidMerchantState).Message);
    }

    [Fact]
    public void A_merchant_shows_to_its_communitys_staff_city_admins_and_its_own_cashiers_only()
    {
        var merchant = Given(Registered()).State!;

        Assert.True(merchant.IsVisibleTo(RiversideStaff));
        Assert.True(merchant.IsVisibleTo(CityAdmin));
        Assert.True(merchant.IsVisibleTo(Actor.Merchant(BenId, LoveMart)));
        Assert.False(merchant.IsVisibleTo(Actor.Merchant(BenId, Guid.NewGuid())));
        Assert.False(merchant.IsVisibleTo(HillsideStaff));
        Assert.False(merchant.IsVisibleTo(Ana));
        Assert.Throws<ArgumentNullException>(() => MerchantVisibility.IsVisibleTo(null!, CityAdmin));
        Assert.Throws<ArgumentNullException>(() => merchant.IsVisibleTo(null!));
    }

    [Fact]
    public void Events_before_the_registration_fold_to_no_merchant() =>
        Assert.Null(Merchant.Evolve(null, Approved()));

    [Fact]
    public void A_command_no_rule_decides_is_an_error_not_a_refusal()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MerchantDecider.Decide(new Unheard(LoveMart, CityAdmin), Given(Registered()).State, Now));

        Assert.Equal("No rule decides Unheard.", error.Message);
    }

    private sealed record Unheard(Guid MerchantId, Actor Actor) : MerchantCommand(MerchantId, Actor);
}
