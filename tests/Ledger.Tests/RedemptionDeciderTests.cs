using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Tests.Specifications;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class RedemptionDeciderTests : RedemptionSpecification
{
    private static readonly Guid SecondRefund = new("00000000-0000-0000-0000-000000003002");

    // Codes

    [Fact]
    public void The_volunteer_gets_a_one_time_code_valid_for_two_minutes()
    {
        var account = Given(Registered()).When(new IssueRedemptionCode(AnaId, Code, Ana))
            .Then(new RedemptionCodeIssued(AnaId, Code, Now, Now.AddMinutes(2)));

        Assert.Equal([new RedemptionCode(Code, Now, Now.AddMinutes(2))], account!.Codes);
    }

    [Fact]
    public void Nobody_else_asks_for_a_volunteers_code()
    {
        Given(Registered()).When(new IssueRedemptionCode(AnaId, Code, Ben)).ThenFails(RefusalCodes.Forbidden);
        Given(Registered()).When(new IssueRedemptionCode(AnaId, Code, Cashier)).ThenFails(RefusalCodes.Forbidden);
        Given(Registered()).When(new IssueRedemptionCode(AnaId, Code, AnaAsStaff)).ThenFails(RefusalCodes.Forbidden);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("1234567a")]
    [InlineData(" 1234567")]
    [InlineData("１２３４５６７８")]
    public void A_code_is_exactly_eight_ascii_digits(string code) =>
        Given(Registered()).When(new IssueRedemptionCode(AnaId, code, Ana)).ThenFails(RefusalCodes.InvalidInput);

    [Fact]
    public void A_new_code_leaves_the_older_live_codes_live()
    {
        var account = Given([.. WithLots(), CodeIssued("11111111", Now.AddSeconds(-50))])
            .When(new IssueRedemptionCode(AnaId, "22222222", Ana))
            .Then(new RedemptionCodeIssued(AnaId, "22222222", Now, Now.AddMinutes(2)));

        Assert.Equal(["11111111", "22222222"], account!.Codes.Select(c => c.Value));
    }

    [Theory]
    [InlineData("11111111")]
    [InlineData("22222222")]
    [InlineData("33333333")]
    public void Any_live_code_of_the_volunteer_holds_points(string code)
    {
        VolunteerAccountEvent[] history =
            [.. WithLots(), CodeIssued("11111111", Now.AddSeconds(-50)), CodeIssued("22222222", Now.AddSeconds(-20)), CodeIssued("33333333", Now.AddSeconds(-5))];

        var account = Given(history).When(Hold(10, code: code)).Then(events => Assert.Equal(code, Assert.IsType<PointsHeld>(Assert.Single(events)).Code));

        Assert.Equal(new[] { "11111111", "22222222", "33333333" }.Where(live => live != code), account!.Codes.Select(c => c.Value));
    }

    [Fact]
    public void Two_codes_of_one_volunteer_hold_twice_and_each_only_once()
    {
        VolunteerAccountEvent[] history =
        [
            .. WithLots(), CodeIssued("11111111", Now.AddSeconds(-50)), CodeIssued("22222222", Now.AddSeconds(-20)),
            Held(10, Now.AddSeconds(-10), new LotDraw(OldLot, 10)) with { Code = "11111111" },
        ];
        var second = Guid.NewGuid();

        Given(history).When(Hold(10, code: "22222222", holdId: second, tillRequest: second))
            .Then(events => Assert.Equal([new LotDraw(OldLot, 10)], Assert.IsType<PointsHeld>(Assert.Single(events)).Reservations));
        Given(history).When(Hold(10, code: "11111111", holdId: second, tillRequest: second)).ThenFails(RefusalCodes.RedemptionCodeInvalid);
    }

    [Fact]
    public void A_volunteer_at_the_limit_of_live_codes_is_refused_another()
    {
        var live = Enumerable.Range(1, Policy.MaxLiveRedemptionCodes)
            .Select(i => CodeIssued($"{i}{i}{i}{i}{i}{i}{i}{i}", Now.AddSeconds(-100 + i)));

        Given([.. WithLots(), .. live]).When(new IssueRedemptionCode(AnaId, Code, Ana)).ThenFails(RefusalCodes.TooManyLiveCodes);
    }

    [Fact]
    public void An_expired_code_does_not_count_against_the_limit_and_leaves_the_account()
    {
        VolunteerAccountEvent[] history =
        [
            .. WithLots(), CodeIssued("99999999", Now.AddMinutes(-2)),
            .. Enumerable.Range(1, Policy.MaxLiveRedemptionCodes - 1).Select(i => CodeIssued($"{i}{i}{i}{i}{i}{i}{i}{i}", Now.AddSeconds(-100 + i))),
        ];

        var account = Given(history).When(new IssueRedemptionCode(AnaId, Code, Ana))
            .Then(new RedemptionCodeIssued(AnaId, Code, Now, Now.AddMinutes(2)));

        Assert.Equal(Policy.MaxLiveRedemptionCodes, account!.Codes.Count);
        Assert.DoesNotContain("99999999", account.Codes.Select(c => c.Value));
    }

    [Fact]
    public void A_hold_takes_expired_codes_out_of_the_account()
    {
        var account = Given([.. WithLots(), CodeIssued("11111111", Now.AddMinutes(-3)), CodeIssued()]).When(Hold(10))
            .Then(events => Assert.IsType<PointsHeld>(Assert.Single(events)));

        Assert.Empty(account!.Codes);
    }

    [Fact]
    public void A_code_live_for_the_volunteer_is_not_issued_again() =>
        Given([.. WithLots(), CodeIssued()]).When(new IssueRedemptionCode(AnaId, Code, Ana)).ThenFails(RefusalCodes.AlreadyExists);

    // Holds

    [Fact]
    public void A_hold_reserves_points_from_the_oldest_lots_for_fifteen_minutes()
    {
        var account = Given([.. WithLots(), CodeIssued()]).When(Hold(30))
            .Then(new PointsHeld(AnaId, HoldId, LoveMart, Code, 30, TillRequest, [new LotDraw(OldLot, 22), new LotDraw(NewLot, 8)], CashierId, Now, Now.AddMinutes(15)));

        Assert.NotNull(account);
        Assert.Equal((22, 30, 52), (account.AvailablePoints, account.HeldPoints, account.PointsBalance));
        Assert.Equal([(OldLot, 0L, 22L), (NewLot, 22L, 8L)], account.Lots.OrderBy(l => l.EarnedAt).Select(l => (l.LotId, l.Remaining, l.Held)));
        Assert.Empty(account.Codes);
        Assert.Equal(HoldStatus.Held, account.Holds[HoldId].Status);
    }

    [Fact]
    public void A_code_is_good_until_its_last_second() =>
        Given([.. WithLots(), CodeIssued(at: Now.AddMinutes(-2).AddSeconds(1))]).When(Hold(10))
            .Then(events => Assert.IsType<PointsHeld>(Assert.Single(events)));

    [Fact]
    public void An_expired_code_is_refused_as_invalid() =>
        Given([.. WithLots(), CodeIssued(at: Now.AddMinutes(-2))]).When(Hold(10)).ThenFails(RefusalCodes.RedemptionCodeInvalid);

    [Fact]
    public void A_wrong_code_is_refused_as_invalid() =>
        Given([.. WithLots(), CodeIssued()]).When(Hold(10, code: "40417303")).ThenFails(RefusalCodes.RedemptionCodeInvalid);

    [Fact]
    public void A_code_nobody_asked_for_is_refused_as_invalid() =>
        Given(WithLots()).When(Hold(10)).ThenFails(RefusalCodes.RedemptionCodeInvalid);

    [Fact]
    public void A_used_code_is_refused_as_invalid() =>
        Given([.. WithLots(), CodeIssued(), Held(10, Now.AddSeconds(-10), new LotDraw(OldLot, 10))])
            .When(Hold(10, holdId: Guid.NewGuid(), tillRequest: Guid.NewGuid()))
            .ThenFails(RefusalCodes.RedemptionCodeInvalid);

    [Fact]
    public void A_code_for_a_volunteer_who_does_not_exist_is_refused_as_invalid() =>
        Given().When(Hold(10)).ThenFails(RefusalCodes.RedemptionCodeInvalid);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_hold_takes_a_positive_amount(long amount) =>
        Given([.. WithLots(), CodeIssued()]).When(Hold(amount)).ThenFails(RefusalCodes.InvalidAmount);

    [Fact]
    public void A_hold_takes_no_more_than_is_available() =>
        Given([.. WithLots(), CodeIssued()]).When(Hold(53)).ThenFails(RefusalCodes.InsufficientPoints);

    [Fact]
    public void Points_held_by_an_open_hold_are_not_available_to_another()
    {
        VolunteerAccountEvent[] history = [.. WithLots(), CodeIssued(at: Now.AddMinutes(-6)), Held30(), CodeIssued()];
        var second = Guid.NewGuid();

        Given(history).When(Hold(23, holdId: second, tillRequest: second)).ThenFails(RefusalCodes.InsufficientPoints);
        Given(history).When(Hold(22, holdId: second, tillRequest: second))
            .Then(events => Assert.Equal([new LotDraw(NewLot, 22)], Assert.IsType<PointsHeld>(Assert.Single(events)).Reservations));
    }

    [Theory]
    [InlineData(MerchantStatus.Pending)]
    [InlineData(MerchantStatus.Suspended)]
    public void Only_an_approved_merchant_holds_points(MerchantStatus status) =>
        GivenWith(LoveMartIn(status), Now, [.. WithLots(), CodeIssued()]).When(Hold(10)).ThenFails(RefusalCodes.MerchantNotApproved);

    [Fact]
    public void An_unknown_merchant_holds_nothing() =>
        GivenWith(null, Now, [.. WithLots(), CodeIssued()]).When(Hold(10)).ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void Only_a_cashier_of_the_merchant_holds_points_at_its_till()
    {
        VolunteerAccountEvent[] history = [.. WithLots(), CodeIssued()];

        Given(history).When(Hold(10, actor: TeaHouseCashier)).ThenFails(RefusalCodes.NotCashierOfMerchant);
        Given(history).When(Hold(10, actor: RiversideStaff)).ThenFails(RefusalCodes.NotCashierOfMerchant);
        Given(history).When(Hold(10, actor: Ana)).ThenFails(RefusalCodes.NotCashierOfMerchant);
    }

    [Fact]
    public void The_same_till_request_again_holds_nothing_more() =>
        Given([.. WithLots(), CodeIssued(at: Now.AddMinutes(-6)), Held30()]).When(Hold(30)).Then();

    [Fact]
    public void The_same_hold_id_from_another_merchant_is_refused_not_taken_for_a_retry() =>
        Given([.. WithLots(), CodeIssued(at: Now.AddMinutes(-6)), Held30(), CodeIssued()])
            .When(Hold(5, actor: TeaHouseCashier, merchant: TeaHouse))
            .ThenFails(RefusalCodes.AlreadyExists);

    [Fact]
    public void A_hold_id_is_used_once() =>
        Given([.. WithLots(), CodeIssued(at: Now.AddMinutes(-6)), Held30(), CodeIssued()])
            .When(Hold(5, tillRequest: Guid.NewGuid()))
            .ThenFails(RefusalCodes.AlreadyExists);

    // Completion

    [Fact]
    public void Completing_moves_the_reserved_points_to_the_merchant()
    {
        var completed = new HoldCompleted(
            AnaId, HoldId, LoveMart, 30, [new LotDraw(OldLot, 22), new LotDraw(NewLot, 8)], CashierId,
            [new Posting(AnaAccount, LoveMartAccount, LedgerUnit.Points, 30)], Now);
        var account = Given([.. WithLots(), CodeIssued(at: Now.AddMinutes(-6)), Held30()]).When(new CompleteHold(AnaId, HoldId, Cashier))
            .Then(completed);

        Assert.NotNull(account);
        Assert.Equal((22, 0, 22), (account.AvailablePoints, account.HeldPoints, account.PointsBalance));
        Assert.False(account.Holds.ContainsKey(HoldId), "An ended hold leaves the account.");
        var hold = HoldAfter(HoldId, [Held30(), completed]);
        Assert.Equal((HoldStatus.Completed, Now), (hold!.Status, hold.CompletedAt));
    }

    [Fact]
    public void Completing_again_changes_nothing() =>
        Given([.. WithLots(), Held30(), Completed30()]).When(new CompleteHold(AnaId, HoldId, Cashier)).Then();

    [Fact]
    public void A_voided_hold_cannot_be_completed() =>
        Given([.. WithLots(), Held30(), Voided30()]).When(new CompleteHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.HoldAlreadyEnded);

    [Fact]
    public void An_expired_hold_cannot_be_completed() =>
        GivenAt(Now.AddMinutes(20), [.. WithLots(), Held30(), Expired30()]).When(new CompleteHold(AnaId, HoldId, Cashier))
            .ThenFails(RefusalCodes.HoldAlreadyEnded);

    [Fact]
    public void A_hold_past_its_fifteen_minutes_cannot_be_completed_even_before_it_is_marked_expired() =>
        Given([.. WithLots(), Held30(Now.AddMinutes(-15))]).When(new CompleteHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.HoldAlreadyEnded);

    [Fact]
    public void A_suspended_merchant_cannot_complete() =>
        GivenWith(LoveMartIn(MerchantStatus.Suspended), Now, [.. WithLots(), Held30()]).When(new CompleteHold(AnaId, HoldId, Cashier))
            .ThenFails(RefusalCodes.MerchantNotApproved);

    [Fact]
    public void Another_merchants_cashier_is_told_the_hold_does_not_exist()
    {
        Given([.. WithLots(), Held30()]).When(new CompleteHold(AnaId, HoldId, TeaHouseCashier)).ThenFails(RefusalCodes.NotFound);
        Given([.. WithLots(), Held30()]).When(new VoidHold(AnaId, HoldId, Ana)).ThenFails(RefusalCodes.NotFound);
        Given([.. WithLots(), Held30(), Completed30()]).When(Refund(5, actor: TeaHouseCashier)).ThenFails(RefusalCodes.NotFound);
    }

    [Fact]
    public void An_unknown_hold_cannot_be_completed() =>
        Given(WithLots()).When(new CompleteHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.NotFound);

    // Holds and points expiry

    [Fact]
    public void Points_expiry_leaves_held_points_alone()
    {
        var earned = Now.AddMonths(-25);
        VolunteerAccountEvent[] history =
        [
            Registered(), Credited(OldLot, 90, earned), CodeIssued(),
            Held(10, Now.AddMinutes(-1), new LotDraw(OldLot, 10)),
        ];

        var account = Given(history).When(new ExpirePoints(AnaId))
            .Then(new PointsExpired(AnaId, OldLot, Riverside, 12, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 12)], Now));

        Assert.Equal((0, 10, 10), (account!.AvailablePoints, account.HeldPoints, account.PointsBalance));
    }

    [Fact]
    public void A_hold_on_a_lot_that_fell_due_still_completes()
    {
        var earned = Now.AddMonths(-25);
        VolunteerAccountEvent[] history =
        [
            Registered(), Credited(OldLot, 90, earned), CodeIssued(at: Now.AddMinutes(-6)),
            Held(22, null, new LotDraw(OldLot, 22)),
        ];

        Given(history).When(new ExpirePoints(AnaId)).Then();
        Given(history).When(new CompleteHold(AnaId, HoldId, Cashier))
            .Then(events => Assert.Equal([new LotDraw(OldLot, 22)], Assert.IsType<HoldCompleted>(Assert.Single(events)).LotDraws));
    }

    [Fact]
    public void Points_released_onto_a_lot_that_fell_due_expire_at_the_next_run()
    {
        VolunteerAccountEvent[] history =
        [
            Registered(), Credited(OldLot, 90, Now.AddMonths(-25)), CodeIssued(at: Now.AddMinutes(-6)),
            Held(22, null, new LotDraw(OldLot, 22)),
            new HoldVoided(AnaId, HoldId, LoveMart, 22, [new LotDraw(OldLot, 22)], 0, CashierId, Now.AddMinutes(-1)),
        ];

        Assert.Equal(Now.AddMonths(-1), Given(history).State!.NextPointsExpiryAt);
        Given(history).When(new ExpirePoints(AnaId))
            .Then(new PointsExpired(AnaId, OldLot, Riverside, 22, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 22)], Now));
    }

    // Void

    [Fact]
    public void Voiding_frees_the_points_back_to_their_lots()
    {
        var account = Given([.. WithLots(), Held30()]).When(new VoidHold(AnaId, HoldId, Cashier))
            .Then(new HoldVoided(AnaId, HoldId, LoveMart, 30, [new LotDraw(NewLot, 8), new LotDraw(OldLot, 22)], 0, CashierId, Now));

        Assert.Equal((52, 0, 52), (account!.AvailablePoints, account.HeldPoints, account.PointsBalance));
        Assert.Equal(Given(WithLots()).State!.Lots, account.Lots);
    }

    [Fact]
    public void Voiding_again_changes_nothing() =>
        Given([.. WithLots(), Held30(), Voided30()]).When(new VoidHold(AnaId, HoldId, Cashier)).Then();

    [Fact]
    public void A_completed_hold_cannot_be_voided_only_refunded() =>
        Given([.. WithLots(), Held30(), Completed30()]).When(new VoidHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.HoldAlreadyEnded);

    [Fact]
    public void An_expired_hold_cannot_be_voided() =>
        Given([.. WithLots(), Held30(Now.AddMinutes(-20)), Expired30()]).When(new VoidHold(AnaId, HoldId, Cashier))
            .ThenFails(RefusalCodes.HoldAlreadyEnded);

    [Fact]
    public void A_hold_past_its_time_may_still_be_voided_since_that_only_frees_points() =>
        Given([.. WithLots(), Held30(Now.AddMinutes(-20))]).When(new VoidHold(AnaId, HoldId, Cashier))
            .Then(events => Assert.IsType<HoldVoided>(Assert.Single(events)));

    // Hold expiry

    [Fact]
    public void A_hold_left_alone_expires_after_fifteen_minutes()
    {
        var account = Given([.. WithLots(), Held30(Now.AddMinutes(-15))]).When(new ExpireHold(AnaId, HoldId))
            .Then(new HoldExpired(AnaId, HoldId, LoveMart, 30, [new LotDraw(NewLot, 8), new LotDraw(OldLot, 22)], 0, Now));

        Assert.Equal((52, HoldStatus.Expired), (account!.AvailablePoints, HoldAfter(HoldId, [Held30(), new HoldExpired(AnaId, HoldId, LoveMart, 30, [], 0, Now)])!.Status));
        Assert.Empty(account.Holds);
    }

    [Fact]
    public void A_hold_does_not_expire_before_its_time() =>
        Given([.. WithLots(), Held30(Now.AddMinutes(-15).AddSeconds(1))]).When(new ExpireHold(AnaId, HoldId)).ThenFails(RefusalCodes.HoldNotYetExpired);

    public static TheoryData<string> Endings => ["completed", "voided", "expired"];

    [Theory]
    [MemberData(nameof(Endings))]
    public void Expiring_a_hold_that_already_ended_changes_nothing(string ending) =>
        GivenAt(Now.AddHours(1), [.. WithLots(), Held30(), Ending(ending)]).When(new ExpireHold(AnaId, HoldId)).Then();

    [Fact]
    public void An_unknown_hold_cannot_expire() =>
        Given(WithLots()).When(new ExpireHold(AnaId, HoldId)).ThenFails(RefusalCodes.NotFound);

    // Refunds

    [Fact]
    public void A_full_refund_posts_the_points_back_to_the_lots_they_came_from_newest_first()
    {
        var refund = new Guid("00000000-0000-0000-0000-000000003001");
        var account = Given([.. WithLots(), Held30(), Completed30()]).When(Refund(30))
            .Then(Refunded(30, refund, Now, new LotDraw(NewLot, 8), new LotDraw(OldLot, 22)));

        var hold = HoldAfter(HoldId, [Held30(), Completed30(), Refunded(30, refund, Now)]);
        Assert.Equal((52, 0, 30L), (account!.AvailablePoints, hold!.Refundable, hold.Refunded));
        Assert.Equal(Given(WithLots()).State!.Lots, account.Lots);
    }

    [Fact]
    public void Partial_refunds_restore_the_newest_lots_first_and_continue_where_the_last_stopped()
    {
        var first = new Guid("00000000-0000-0000-0000-000000003001");
        VolunteerAccountEvent[] history =
            [.. WithLots(), Held30(), Completed30(), Refunded(10, first, Now.AddDays(-1), new LotDraw(NewLot, 8), new LotDraw(OldLot, 2))];

        var account = Given(history).When(Refund(5, SecondRefund)).Then(Refunded(5, SecondRefund, Now, new LotDraw(OldLot, 5)));

        Assert.Equal([(OldLot, 7L), (NewLot, 30L)], account!.Lots.OrderBy(l => l.EarnedAt).Select(l => (l.LotId, l.Remaining)));
        Assert.Equal(15, HoldAfter(HoldId, [.. history, Refunded(5, SecondRefund, Now)])!.Refundable);
    }

    [Fact]
    public void A_refund_over_what_was_redeemed_is_refused() =>
        Given([.. WithLots(), Held30(), Completed30()]).When(Refund(31)).ThenFails(RefusalCodes.RefundExceedsCompleted);

    [Fact]
    public void Refunds_together_never_exceed_what_was_redeemed()
    {
        VolunteerAccountEvent[] history =
            [.. WithLots(), Held30(), Completed30(), Refunded(25, TillRequest, Now.AddDays(-1), new LotDraw(NewLot, 8), new LotDraw(OldLot, 17))];

        Given(history).When(Refund(6, SecondRefund)).ThenFails(RefusalCodes.RefundExceedsCompleted);
        Given(history).When(Refund(5, SecondRefund)).Then(Refunded(5, SecondRefund, Now, new LotDraw(OldLot, 5)));
    }

    [Fact]
    public void A_refund_is_possible_for_thirty_days_after_completion()
    {
        VolunteerAccountEvent[] history = [.. WithLots(), Held30(), Completed30(Now.AddDays(-30))];

        Given(history).When(Refund(5)).Then(events => Assert.IsType<PointsRefunded>(Assert.Single(events)));
        GivenAt(Now.AddSeconds(1), history).When(Refund(5)).ThenFails(RefusalCodes.RefundWindowClosed);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("voided")]
    [InlineData("expired")]
    public void Only_a_completed_hold_is_refunded(string ending) =>
        Given([.. WithLots(), Held30(), .. ending == "open" ? Array.Empty<VolunteerAccountEvent>() : [Ending(ending)]])
            .When(Refund(5)).ThenFails(RefusalCodes.HoldNotCompleted);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_refund_gives_back_a_positive_amount(long amount) =>
        Given([.. WithLots(), Held30(), Completed30()]).When(Refund(amount)).ThenFails(RefusalCodes.InvalidAmount);

    [Fact]
    public void The_same_refund_request_again_changes_nothing() =>
        Given([.. WithLots(), Held30(), Completed30(), Refunded(10, SecondRefund, Now.AddDays(-1), new LotDraw(NewLot, 8), new LotDraw(OldLot, 2))])
            .When(Refund(10, SecondRefund)).Then();

    [Fact]
    public void Refunded_points_keep_the_expiry_of_the_lot_they_return_to()
    {
        var earned = Now.AddMonths(-24).AddDays(10);
        VolunteerAccountEvent[] history =
        [
            Registered(), Credited(OldLot, 90, earned), Held(22, Now.AddDays(-20), new LotDraw(OldLot, 22)),
            new HoldCompleted(AnaId, HoldId, LoveMart, 22, [new LotDraw(OldLot, 22)], CashierId, [new Posting(AnaAccount, LoveMartAccount, LedgerUnit.Points, 22)], Now.AddDays(-20)),
        ];

        var account = Given(history).When(Refund(22)).Then(events => Assert.IsType<PointsRefunded>(Assert.Single(events)));

        Assert.Equal(earned.AddMonths(24), account!.NextPointsExpiryAt);
        Assert.Equal(earned.AddMonths(24), account.Lots.Single().ExpiresAt);
    }

    // Debt

    [Fact]
    public void Revoking_points_already_spent_at_a_merchant_leaves_a_debt_that_a_refund_repays_first()
    {
        VolunteerAccountEvent[] history =
        [
            Registered(), Credited(OldLot, 90, Now.AddDays(-3)), Held(22, Now.AddDays(-2), new LotDraw(OldLot, 22)),
            new HoldCompleted(AnaId, HoldId, LoveMart, 22, [new LotDraw(OldLot, 22)], CashierId, [new Posting(AnaAccount, LoveMartAccount, LedgerUnit.Points, 22)], Now.AddDays(-2)),
        ];

        var revoked = Given(history).When(Revoke(OldLot))
            .Then(events => Assert.Equal(22, Assert.IsType<ServiceCreditRevoked>(Assert.Single(events)).PointsDebtIncurred));
        Assert.Equal((22, -22), (revoked!.PointsDebt, revoked.PointsBalance));

        var revocation = VolunteerAccountDecider.Decide(Revoke(OldLot), Given(history).State, Policy, Now);
        var refunded = Given([.. history, .. revocation]).When(Refund(10))
            .Then(new PointsRefunded(AnaId, HoldId, LoveMart, 10, new Guid("00000000-0000-0000-0000-000000003001"), [], 10, CashierId,
                [new Posting(LoveMartAccount, AnaAccount, LedgerUnit.Points, 10)], Now));

        Assert.Equal((12, 0, -12), (refunded!.PointsDebt, refunded.AvailablePoints, refunded.PointsBalance));
    }

    [Fact]
    public void A_revocation_leaves_held_points_to_the_merchant_and_a_release_repays_the_debt_first()
    {
        // 40 held: all 22 of the old lot and 18 of the new; the new lot has 12 left.
        VolunteerAccountEvent[] history =
            [.. WithLots(), Held(40, null, new LotDraw(OldLot, 22), new LotDraw(NewLot, 18))];

        var revoked = Given(history).When(Revoke(OldLot)).Then(events =>
        {
            var revocation = Assert.IsType<ServiceCreditRevoked>(Assert.Single(events));
            Assert.Equal([new LotDraw(NewLot, 12)], revocation.LotDraws);
            Assert.Equal(10, revocation.PointsDebtIncurred);
        });
        Assert.Equal((0, 40, 10), (revoked!.AvailablePoints, revoked.HeldPoints, revoked.PointsDebt));

        var released = Given([.. history, .. VolunteerAccountDecider.Decide(Revoke(OldLot), Given(history).State, Policy, Now)])
            .When(new VoidHold(AnaId, HoldId, Cashier))
            .Then(new HoldVoided(AnaId, HoldId, LoveMart, 40, [new LotDraw(NewLot, 18), new LotDraw(OldLot, 12)], 10, CashierId, Now));
        Assert.Equal((30, 0, 0, 30), (released!.AvailablePoints, released.HeldPoints, released.PointsDebt, released.PointsBalance));
    }

    [Fact]
    public void The_merchant_concerned_is_the_tills_for_a_hold_and_the_holds_for_a_completion()
    {
        var hold = HoldAfter(HoldId, [.. WithLots(), Held30()]);

        Assert.Equal(TeaHouse, VolunteerAccountDecider.MerchantConcerned(Hold(5, merchant: TeaHouse), null));
        Assert.Equal(LoveMart, VolunteerAccountDecider.MerchantConcerned(new CompleteHold(AnaId, HoldId, TeaHouseCashier), hold));
        Assert.Null(VolunteerAccountDecider.MerchantConcerned(new CompleteHold(AnaId, Guid.NewGuid(), Cashier), null));
        Assert.Null(VolunteerAccountDecider.MerchantConcerned(new VoidHold(AnaId, HoldId, Cashier), hold));
    }

    private static VolunteerAccountEvent Ending(string ending) => ending switch
    {
        "completed" => Completed30(),
        "voided" => Voided30(),
        "expired" => Expired30(),
        _ => throw new ArgumentOutOfRangeException(nameof(ending), ending, "Not an ending."),
    };

    // What each refusal says, and the edges of the rules

    [Fact]
    public void The_refusals_of_a_code_say_what_is_wrong()
    {
        Assert.Equal(
            "Only the volunteer asks for their own redemption code.",
            Given(Registered()).When(new IssueRedemptionCode(AnaId, Code, Ben)).ThenFails(RefusalCodes.Forbidden).Message);
        Assert.Equal(
            "A redemption code is 8 digits.",
            Given(Registered()).When(new IssueRedemptionCode(AnaId, "1234", Ana)).ThenFails(RefusalCodes.InvalidInput).Message);
        Assert.Equal(
            "This code is already live for the volunteer; draw another.",
            Given([.. WithLots(), CodeIssued()]).When(new IssueRedemptionCode(AnaId, Code, Ana)).ThenFails(RefusalCodes.AlreadyExists).Message);
    }

    [Fact]
    public void A_missing_code_is_refused_as_input_not_an_error() =>
        Given(Registered()).When(new IssueRedemptionCode(AnaId, null!, Ana)).ThenFails(RefusalCodes.InvalidInput);

    [Fact]
    public void A_policy_with_longer_codes_asks_for_that_many_digits()
    {
        var policy = Policy with { RedemptionCodeDigits = 10 };
        var scenario = new Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount>(
            [Registered()], VolunteerAccount.Evolve, (command, state) => VolunteerAccountDecider.Decide(command, state, policy, Now));

        Assert.Equal("A redemption code is 10 digits.", scenario.When(new IssueRedemptionCode(AnaId, Code, Ana)).ThenFails(RefusalCodes.InvalidInput).Message);
        scenario.When(new IssueRedemptionCode(AnaId, "1234567890", Ana)).Then(new RedemptionCodeIssued(AnaId, "1234567890", Now, Now.AddMinutes(2)));
    }

    [Fact]
    public void The_refusal_at_the_limit_says_how_many_codes_are_live_and_how_long_each_lasts()
    {
        var live = Enumerable.Range(1, Policy.MaxLiveRedemptionCodes).Select(i => CodeIssued($"{i}{i}{i}{i}{i}{i}{i}{i}", Now.AddSeconds(-100 + i)));

        var refusal = Given([.. WithLots(), .. live]).When(new IssueRedemptionCode(AnaId, Code, Ana)).ThenFails(RefusalCodes.TooManyLiveCodes);

        Assert.Equal("5 redemption codes are live, the most allowed: use or let expire one of your codes (each lasts 120 seconds).", refusal.Message);
    }

    [Fact]
    public void One_code_short_of_the_limit_another_is_issued()
    {
        var live = Enumerable.Range(1, Policy.MaxLiveRedemptionCodes - 1).Select(i => CodeIssued($"{i}{i}{i}{i}{i}{i}{i}{i}", Now.AddSeconds(-100 + i)));

        Given([.. WithLots(), .. live]).When(new IssueRedemptionCode(AnaId, Code, Ana)).Then(new RedemptionCodeIssued(AnaId, Code, Now, Now.AddMinutes(2)));
    }

    [Fact]
    public void The_refusals_of_a_hold_say_what_is_wrong()
    {
        Assert.Equal(
            "Only a cashier of the merchant holds points at its till.",
            Given([.. WithLots(), CodeIssued()]).When(Hold(10, actor: TeaHouseCashier)).ThenFails(RefusalCodes.NotCashierOfMerchant).Message);
        Assert.Equal(
            "A redemption takes a positive number of points; got 0.",
            Given([.. WithLots(), CodeIssued()]).When(Hold(0)).ThenFails(RefusalCodes.InvalidAmount).Message);
        Assert.Equal(
            "53 points asked; the volunteer does not have enough points.",
            Given([.. WithLots(), CodeIssued()]).When(Hold(53)).ThenFails(RefusalCodes.InsufficientPoints).Message);
        Assert.Equal(
            "The redemption code is not valid: ask the volunteer for a new one.",
            Given(WithLots()).When(Hold(10)).ThenFails(RefusalCodes.RedemptionCodeInvalid).Message);
        Assert.Equal(
            $"Merchant {LoveMart} was not found.",
            GivenWith(null, Now, [.. WithLots(), CodeIssued()]).When(Hold(10)).ThenFails(RefusalCodes.NotFound).Message);
        Assert.Equal(
            $"Merchant {LoveMart} is suspended; only an approved merchant redeems points.",
            GivenWith(LoveMartIn(MerchantStatus.Suspended), Now, [.. WithLots(), CodeIssued()]).When(Hold(10))
                .ThenFails(RefusalCodes.MerchantNotApproved).Message);
    }

    [Fact]
    public void A_merchant_loaded_for_another_id_is_not_the_tills_merchant() =>
        GivenWith(LoveMartIn(MerchantStatus.Approved) with { Id = TeaHouse }, Now, [.. WithLots(), CodeIssued()]).When(Hold(10))
            .ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void Every_available_point_may_be_held() =>
        Given([.. WithLots(), CodeIssued()]).When(Hold(52)).Then(events =>
            Assert.Equal([new LotDraw(OldLot, 22), new LotDraw(NewLot, 30)], Assert.IsType<PointsHeld>(Assert.Single(events)).Reservations));

    [Fact]
    public void A_hold_within_the_oldest_lot_reserves_from_it_alone() =>
        Given([.. WithLots(), CodeIssued()]).When(Hold(22)).Then(events =>
            Assert.Equal([new LotDraw(OldLot, 22)], Assert.IsType<PointsHeld>(Assert.Single(events)).Reservations));

    [Fact]
    public void Of_lots_due_together_the_one_earned_first_is_reserved_first() =>
        Given([.. WithLots(), CodeIssued()])
            .Altered(a => a with { Lots = [.. a.Lots.Select(lot => lot with { ExpiresAt = Now.AddMonths(6) })] })
            .When(Hold(25))
            .Then(events => Assert.Equal(
                [new LotDraw(OldLot, 22), new LotDraw(NewLot, 3)], Assert.IsType<PointsHeld>(Assert.Single(events)).Reservations));

    [Fact]
    public void A_code_sent_as_nothing_is_refused_as_invalid() =>
        Given([.. WithLots(), CodeIssued()]).When(Hold(10, code: null!)).ThenFails(RefusalCodes.RedemptionCodeInvalid);

    [Fact]
    public void A_hold_id_is_taken_by_any_other_request()
    {
        var placed = Given([.. WithLots(), CodeIssued()]).When(Hold(30)).Then(events => Assert.Single(events))!;
        var hold = placed.Holds[HoldId];
        var other = Guid.NewGuid();

        Decide(Hold(30, tillRequest: other), placed, hold, RefusalCodes.AlreadyExists, $"Hold {HoldId} already exists.");
        Decide(
            Hold(30, merchant: TeaHouse, actor: TeaHouseCashier), placed, hold, RefusalCodes.AlreadyExists, $"Hold {HoldId} already exists.");
        Decide(Hold(30), placed with { Id = BenId }, hold, RefusalCodes.AlreadyExists, $"Hold {HoldId} already exists.");
        Assert.Empty(VolunteerAccountDecider.Decide(Hold(30), placed, Policy, Now, LoveMartIn(MerchantStatus.Approved), hold));

        static void Decide(HoldPoints command, VolunteerAccount account, Hold hold, string code, string message)
        {
            var refusal = Assert.Throws<LedgerRefusal>(() =>
                VolunteerAccountDecider.Decide(command, account, Policy, Now, LoveMartIn(MerchantStatus.Approved), hold));
            Assert.Equal((code, message), (refusal.Code, refusal.Message));
        }
    }

    [Fact]
    public void The_refusals_of_an_ended_or_late_hold_say_when()
    {
        Assert.Equal(
            $"Hold {HoldId} is already voided.",
            Given([.. WithLots(), Held30(), Voided30()]).When(new CompleteHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.HoldAlreadyEnded).Message);
        Assert.Equal(
            $"Hold {HoldId} is already completed.",
            Given([.. WithLots(), Held30(), Completed30()]).When(new VoidHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.HoldAlreadyEnded).Message);
        Assert.Equal(
            $"Hold {HoldId} expired at {RefusalTimes.Write(Now, RefusalTimes.ChinaTime)}; hold the points again.",
            Given([.. WithLots(), Held30(Now.AddMinutes(-15))]).When(new CompleteHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.HoldAlreadyEnded).Message);
        Assert.Equal(
            $"Hold {HoldId} expires at {RefusalTimes.Write(Now.AddSeconds(1), RefusalTimes.ChinaTime)}, not before.",
            Given([.. WithLots(), Held30(Now.AddMinutes(-15).AddSeconds(1))]).When(new ExpireHold(AnaId, HoldId)).ThenFails(RefusalCodes.HoldNotYetExpired).Message);
        Assert.Equal(
            $"Hold {HoldId} was not found.",
            Given(WithLots()).When(new ExpireHold(AnaId, HoldId)).ThenFails(RefusalCodes.NotFound).Message);
        Assert.Equal(
            $"Hold {HoldId} was not found.",
            Given(WithLots()).When(new VoidHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.NotFound).Message);
    }

    [Fact]
    public void A_hold_completes_until_its_last_second() =>
        Given([.. WithLots(), Held30(Now.AddMinutes(-15).AddSeconds(1))]).When(new CompleteHold(AnaId, HoldId, Cashier))
            .Then(events => Assert.Equal(
                [new Posting(AnaAccount, LoveMartAccount, LedgerUnit.Points, 30)], Assert.IsType<HoldCompleted>(Assert.Single(events)).Postings));

    [Fact]
    public void An_unknown_merchant_cannot_complete() =>
        Assert.Equal(
            $"Merchant {LoveMart} was not found.",
            GivenWith(null, Now, [.. WithLots(), Held30()]).When(new CompleteHold(AnaId, HoldId, Cashier)).ThenFails(RefusalCodes.NotFound).Message);

    [Fact]
    public void The_refusals_of_a_refund_say_what_is_wrong()
    {
        VolunteerAccountEvent[] completed = [.. WithLots(), Held30(), Completed30(Now.AddDays(-30))];

        Assert.Equal(
            $"Hold {HoldId} is voided; only a completed redemption is refunded.",
            Given([.. WithLots(), Held30(), Voided30()]).When(Refund(5)).ThenFails(RefusalCodes.HoldNotCompleted).Message);
        Assert.Equal(
            "A refund gives back a positive number of points; got 0.",
            Given(completed).When(Refund(0)).ThenFails(RefusalCodes.InvalidAmount).Message);
        Assert.Equal(
            $"Hold {HoldId} could be refunded until {RefusalTimes.Write(Now, RefusalTimes.ChinaTime)}.",
            GivenAt(Now.AddSeconds(1), completed).When(Refund(5)).ThenFails(RefusalCodes.RefundWindowClosed).Message);
        Assert.Equal(
            "31 points asked back; 30 were redeemed and 0 refunded already.",
            Given(completed).When(Refund(31)).ThenFails(RefusalCodes.RefundExceedsCompleted).Message);
    }

    [Fact]
    public void A_refund_is_checked_for_its_state_before_its_amount() =>
        Given([.. WithLots(), Held30(), Voided30()]).When(Refund(0)).ThenFails(RefusalCodes.HoldNotCompleted);

    [Fact]
    public void A_hold_named_for_another_hold_or_another_account_is_not_found()
    {
        var account = Given([.. WithLots(), Held30(), Completed30()]).State;
        var completed = HoldAfter(HoldId, [Held30(), Completed30()])!;

        foreach (var named in new[] { completed with { HoldId = Guid.NewGuid() }, completed with { VolunteerId = BenId } })
        {
            var refusal = Assert.Throws<LedgerRefusal>(() => VolunteerAccountDecider.Decide(Refund(5), account, Policy, Now, null, named));
            Assert.Equal((RefusalCodes.NotFound, $"Hold {HoldId} was not found."), (refusal.Code, refusal.Message));
        }
    }

    [Fact]
    public void A_stale_copy_of_a_hold_is_an_error_not_a_decision()
    {
        var account = Given([.. WithLots(), Held30(), Completed30()]).State!;
        var open = HoldAfter(HoldId, [Held30()])!;

        var error = Assert.Throws<InvalidOperationException>(() =>
            VolunteerAccountDecider.Decide(new VoidHold(AnaId, HoldId, Cashier), account, Policy, Now, null, open));

        Assert.Equal($"Hold {HoldId} given as Held does not match account {AnaId}: load it in the account's transaction.", error.Message);
    }

    [Fact]
    public void The_account_decides_on_its_own_entry_of_an_open_hold()
    {
        var account = Given([.. WithLots(), Held30()]).State!;
        var copy = HoldAfter(HoldId, [Held30()])! with { Amount = 1, Reservations = [new LotDraw(OldLot, 1)] };

        var voided = Assert.IsType<HoldVoided>(Assert.Single(
            VolunteerAccountDecider.Decide(new VoidHold(AnaId, HoldId, Cashier), account, Policy, Now, null, copy)));

        Assert.Equal(30, voided.Amount);
        Assert.Equal([new LotDraw(NewLot, 8), new LotDraw(OldLot, 22)], voided.Released);
    }

    [Fact]
    public void Only_hold_commands_name_a_hold_and_only_holds_and_completions_a_merchant()
    {
        Assert.Null(VolunteerAccountDecider.HoldConcerned(new ExpirePoints(AnaId)));
        Assert.Null(VolunteerAccountDecider.HoldConcerned(new IssueRedemptionCode(AnaId, Code, Ana)));
        Assert.Equal(HoldId, VolunteerAccountDecider.HoldConcerned(new VoidHold(AnaId, HoldId, Cashier)));
        Assert.Equal(HoldId, VolunteerAccountDecider.HoldConcerned(new ExpireHold(AnaId, HoldId)));
        Assert.Equal(HoldId, VolunteerAccountDecider.HoldConcerned(Refund(5)));
        Assert.Equal(HoldId, VolunteerAccountDecider.HoldConcerned(new CompleteHold(AnaId, HoldId, Cashier)));
        Assert.Equal(HoldId, VolunteerAccountDecider.HoldConcerned(Hold(5)));
        Assert.Null(VolunteerAccountDecider.MerchantConcerned(new VoidHold(AnaId, HoldId, Cashier), HoldAfter(HoldId, [Held30()])));
        Assert.Null(VolunteerAccountDecider.MerchantConcerned(new CompleteHold(AnaId, HoldId, Cashier), null));
    }
}
