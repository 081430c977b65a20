using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>What an account and a hold read as after their events, beyond what a decision needs.</summary>
public sealed class AccountStateTests : RedemptionSpecification
{
    [Fact]
    public void Events_before_the_registration_fold_to_no_account() =>
        Assert.Null(VolunteerAccount.Evolve(null, Credited(Record(1), 90, Now)));

    [Fact]
    public void A_second_erasure_keeps_the_time_of_the_first()
    {
        var account = Given(
                Registered(),
                new PersonalDataErased(AnaId, RiversideStaffId, Now.AddDays(-2)),
                new PersonalDataErased(AnaId, RiversideStaffId, Now.AddDays(-1)))
            .State;

        Assert.Equal(Now.AddDays(-2), account!.PersonalDataErasedAt);
    }

    [Fact]
    public void The_next_expiry_is_that_of_the_soonest_lot_with_points_left()
    {
        Assert.Null(Given(Registered()).State!.NextPointsExpiryAt);
        Assert.Equal(Now.AddMonths(4), Given(WithLots()).State!.NextPointsExpiryAt);
        Assert.Equal(
            Now.AddMonths(14),
            Given(WithLots()).Altered(a => a with { Lots = [.. a.Lots.Select(lot => lot.LotId == OldLot ? lot with { Remaining = 0 } : lot)] })
                .State!.NextPointsExpiryAt);
    }

    [Fact]
    public void Events_of_another_hold_leave_a_hold_alone()
    {
        var hold = Accounts.Hold.Place(Held30());
        var other = Guid.NewGuid();

        Assert.Same(hold, Accounts.Hold.Evolve(hold, Completed30() with { HoldId = other }));
        Assert.Same(hold, Accounts.Hold.Evolve(hold, Voided30() with { HoldId = other }));
        Assert.Same(hold, Accounts.Hold.Evolve(hold, Expired30() with { HoldId = other }));
        Assert.Same(hold, Accounts.Hold.Evolve(hold, Refunded(5, TillRequest, Now, new LotDraw(NewLot, 5)) with { HoldId = other }));
        Assert.Null(Accounts.Hold.Evolve(null, Completed30()));
        Assert.Null(Accounts.Hold.IdOf(Registered()));
    }

    [Fact]
    public void Only_a_completed_hold_has_anything_to_refund()
    {
        Assert.Equal(0, HoldAfter(HoldId, [Held30()])!.Refundable);
        Assert.Equal(0, HoldAfter(HoldId, [Held30(), Voided30()])!.Refundable);
        Assert.Equal(30, HoldAfter(HoldId, [Held30(), Completed30()])!.Refundable);
        Assert.True(HoldAfter(HoldId, [Held30()])!.IsOpen);
        Assert.False(HoldAfter(HoldId, [Held30(), Expired30()])!.IsOpen);
    }

    [Fact]
    public void A_code_is_live_until_it_expires()
    {
        var account = Given([.. WithLots(), CodeIssued("11111111", Now.AddSeconds(-90)), CodeIssued("22222222", Now.AddSeconds(-30))]).State!;

        Assert.Equal(["11111111", "22222222"], account.LiveCodesAt(Now).Select(c => c.Value));
        Assert.Equal(["22222222"], account.LiveCodesAt(Now.AddSeconds(30)).Select(c => c.Value));
        Assert.Empty(account.LiveCodesAt(Now.AddSeconds(90)));
    }

    [Fact]
    public void Applying_a_credit_that_overflows_the_service_total_is_an_exception()
    {
        var account = Given(Registered()).Altered(a => a with { ServiceMinutes = long.MaxValue - 10 }).State;

        Assert.Throws<OverflowException>(() => VolunteerAccount.Evolve(account, Credited(Record(1), 60, Now)));
    }

    [Fact]
    public void Applying_a_revocation_that_overflows_a_debt_is_an_exception()
    {
        VolunteerAccountEvent[] credited = [Registered(), Credited(Record(1), 90, Now)];
        var revoked = new ServiceCreditRevoked(
            AnaId, Record(1), Riverside, 90, 90, 1, 0, 22, 0, 1, [], "Duplicate entry", RiversideStaffId, [], Now);

        Assert.Throws<OverflowException>(() =>
            VolunteerAccount.Evolve(Given(credited).Altered(a => a with { TimeCreditDebt = long.MaxValue }).State, revoked));
        Assert.Throws<OverflowException>(() =>
            VolunteerAccount.Evolve(Given(credited).Altered(a => a with { PointsDebt = long.MaxValue }).State, revoked));
    }
}
