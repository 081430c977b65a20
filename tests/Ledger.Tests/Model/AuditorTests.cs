using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Properties;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Model;

/// <summary>
/// The auditor checked by hand, on the property city (eldercare: 12 points an hour, coefficient 1.5; stars at 5, 10, 20,
/// 40, 80 h; a 10 h time-credit cap; points expire after 24 months; holds last 15 min; refunds within 30 days).
/// </summary>
public sealed class AuditorTests
{
    private static readonly DateTimeOffset T = PropertyCity.Start.AddDays(1);
    private static readonly Guid Ben = PropertyCity.Volunteers[1];
    private static readonly Guid Eldercare = PropertyCity.Projects[0];
    private static readonly Guid LoveMart = PropertyCity.Merchants[0];
    private static readonly Actor Staff = Actor.Staff(PropertyCity.RiversideStaffId, PropertyCity.Riverside);
    private static readonly Actor Cashier = PropertyCity.Cashiers[0];

    private readonly Auditor auditor = PropertyCity.NewAuditor();
    private int codes;

    private Auditor.VolunteerBook BenBook => auditor.Volunteers[Ben];

    private Verdict Do(object command, DateTimeOffset at) => auditor.Execute(Guid.NewGuid(), command, at);

    /// <summary>Records <paramref name="minutes"/> of eldercare ending <paramref name="endsHoursBefore"/> hours before <paramref name="at"/>, and verifies it.</summary>
    private Guid Credit(long minutes, DateTimeOffset at, int endsHoursBefore = 1)
    {
        var recordId = Guid.NewGuid();
        var end = at.AddHours(-endsHoursBefore);
        Assert.Equal(Verdict.Changed, Do(new SubmitServiceRecord(recordId, Ben, Eldercare, end.AddMinutes(-minutes), end, minutes, "Visit", null, null, 5, "Mr Wang", Staff), at));
        Assert.Equal(Verdict.Changed, Do(new VerifyServiceRecord(recordId, Actor.Staff(PropertyCity.HillsideStaffId, PropertyCity.Riverside)), at));
        return recordId;
    }

    private Guid Redeem(long points, DateTimeOffset at, bool complete = true)
    {
        var code = $"{++codes:D8}";
        Assert.Equal(Verdict.Changed, Do(new IssueRedemptionCode(Ben, code, Actor.Volunteer(Ben)), at));
        var holdId = Guid.NewGuid();
        Assert.Equal(Verdict.Changed, Do(new HoldPoints(Ben, holdId, LoveMart, code, points, Guid.NewGuid(), Cashier), at));
        if (complete)
        {
            Assert.Equal(Verdict.Changed, Do(new CompleteHold(Ben, holdId, Cashier), at));
        }

        return holdId;
    }

    private (long Remaining, long Held, long Expired) Lot(Guid lotId) =>
        BenBook.Lots.Single(l => l.Id == lotId) is var lot ? (lot.Remaining, lot.Held, lot.Expired) : default;

    [Fact]
    public void Points_are_minutes_times_rate_times_coefficient_rounded_down()
    {
        Credit(55, T);

        // 55 × 12 × 150 / 6000 = 16.5: 16. Culture has no rate of its own (10) and coefficient 0.5: 55 × 10 × 50 / 6000 = 4.58: 4.
        Assert.Equal(16, BenBook.Available);
        Assert.Equal(4, auditor.PointsFor(55, "culture", 50));
        Assert.Equal(-16, auditor.Balance(Auditor.IssuanceAccount(PropertyCity.Riverside), LedgerUnit.Points));
    }

    [Fact]
    public void Time_credits_above_the_cap_go_to_the_community_pool()
    {
        Credit(480, T, endsHoursBefore: 12);
        Credit(240, T, endsHoursBefore: 1);

        // Cap 600 min: 480 kept, then 120 of 240; the other 120 to Riverside's pool.
        Assert.Equal(600, BenBook.TimeCredits);
        Assert.Equal(120, auditor.Balance(Auditor.PoolAccount(PropertyCity.Riverside), LedgerUnit.TimeCredits));
        Assert.Equal(-720, auditor.Balance(Auditor.IssuanceAccount(PropertyCity.Riverside), LedgerUnit.TimeCredits));
    }

    [Fact]
    public void A_star_is_awarded_at_the_threshold_not_before_and_withdrawn_when_a_revocation_drops_below()
    {
        Credit(299, T, endsHoursBefore: 8);
        Assert.Equal(0, BenBook.Stars);

        var lastMinute = Credit(1, T, endsHoursBefore: 1);
        Assert.Equal(1, BenBook.Stars);

        Assert.Equal(Verdict.Changed, Do(new RevokeServiceRecord(lastMinute, "Duplicate", Staff), T));
        Assert.Equal(0, BenBook.Stars);
        Assert.Equal([(Ben, 1, true), (Ben, 1, false)], auditor.StarChanges);
    }

    [Fact]
    public void A_hold_takes_the_soonest_expiring_lot_first_and_expiry_leaves_held_points_alone()
    {
        var first = Credit(60, T);
        var second = Credit(60, T.AddDays(1));
        Redeem(10, T.AddDays(2), complete: false);

        // 18 points a lot; the hold reserves 10 of the first, which expires first.
        Assert.Equal((8, 10, 0), Lot(first));
        Assert.Equal((18, 0, 0), Lot(second));

        var due = T.AddDays(1).AddMonths(24);
        Assert.Equal([first, second], Auditor.SoonestFirst(BenBook.Lots).Select(l => l.Id));
        Assert.Equal(Verdict.Changed, Do(new ExpirePoints(Ben), due));

        Assert.Equal((0, 10, 8), Lot(first));
        Assert.Equal((0, 0, 18), Lot(second));
        Assert.Equal(26, auditor.Balance(Auditor.ExpiryAccount(PropertyCity.Riverside), LedgerUnit.Points));
        Assert.Equal(Verdict.NothingToDo, Do(new ExpirePoints(Ben), due));
    }

    [Fact]
    public void A_refund_restores_the_lots_the_redemption_took_latest_expiring_first()
    {
        var first = Credit(60, T);
        var second = Credit(60, T.AddDays(1));
        var hold = Redeem(30, T.AddDays(2));
        Assert.Equal((0, 0, 0), Lot(first));
        Assert.Equal((6, 0, 0), Lot(second));

        Assert.Equal(Verdict.Changed, Do(new RefundPoints(Ben, hold, 5, Guid.NewGuid(), Cashier), T.AddDays(3)));
        Assert.Equal((11, 0, 0), Lot(second));

        Assert.Equal(Verdict.Changed, Do(new RefundPoints(Ben, hold, 10, Guid.NewGuid(), Cashier), T.AddDays(4)));
        Assert.Equal((18, 0, 0), Lot(second));
        Assert.Equal((3, 0, 0), Lot(first));
        Assert.Equal(15, auditor.Balance(Auditor.MerchantAccount(LoveMart), LedgerUnit.Points));
        Assert.Equal(Verdict.Refused(RefusalCodes.RefundExceedsCompleted), Do(new RefundPoints(Ben, hold, 16, Guid.NewGuid(), Cashier), T.AddDays(5)));
    }

    [Fact]
    public void Revoking_points_already_spent_puts_the_volunteer_in_debt_repaid_first_from_later_earnings()
    {
        var record = Credit(60, T);
        Redeem(18, T);

        Assert.Equal(Verdict.Changed, Do(new RevokeServiceRecord(record, "Duplicate", Staff), T.AddHours(1)));
        Assert.Equal((18, 0L, 0L), (BenBook.PointsDebt, BenBook.ServiceMinutes, BenBook.TimeCredits));
        Assert.Equal(-18, auditor.Balance(Auditor.VolunteerAccount(Ben), LedgerUnit.Points));

        // The next 60 minutes earn 18 points, all of which repay the debt: no lot.
        Credit(60, T.AddDays(1));
        Assert.Equal((0L, 0L), (BenBook.PointsDebt, BenBook.Available));
        Assert.Single(BenBook.Lots);
        Assert.Equal(0, auditor.Balance(Auditor.VolunteerAccount(Ben), LedgerUnit.Points));
    }

    [Fact]
    public void The_till_is_refused_with_the_code_of_the_rule_it_breaks()
    {
        Credit(60, T);
        Assert.Equal(Verdict.Refused(RefusalCodes.RedemptionCodeInvalid), Do(new HoldPoints(Ben, Guid.NewGuid(), LoveMart, "00000000", 5, Guid.NewGuid(), Cashier), T));
        Assert.Equal(Verdict.Changed, Do(new IssueRedemptionCode(Ben, "12345678", Actor.Volunteer(Ben)), T));
        Assert.Equal(Verdict.Refused(RefusalCodes.InsufficientPoints), Do(new HoldPoints(Ben, Guid.NewGuid(), LoveMart, "12345678", 19, Guid.NewGuid(), Cashier), T));
        Assert.Equal(Verdict.Refused(RefusalCodes.NotCashierOfMerchant), Do(new HoldPoints(Ben, Guid.NewGuid(), LoveMart, "12345678", 5, Guid.NewGuid(), PropertyCity.Cashiers[1]), T));

        var hold = Redeem(5, T, complete: false);
        Assert.Equal(Verdict.Refused(RefusalCodes.HoldNotYetExpired), Do(new ExpireHold(Ben, hold), T.AddMinutes(14)));
        Assert.Equal(Verdict.Refused(RefusalCodes.HoldAlreadyEnded), Do(new CompleteHold(Ben, hold, Cashier), T.AddMinutes(15)));
        Assert.Equal(Verdict.Changed, Do(new ExpireHold(Ben, hold), T.AddMinutes(15)));
        Assert.Equal(Verdict.NothingToDo, Do(new ExpireHold(Ben, hold), T.AddMinutes(16)));
        Assert.Equal(Verdict.Refused(RefusalCodes.HoldAlreadyEnded), Do(new VoidHold(Ben, hold, Cashier), T.AddMinutes(16)));

        Assert.Equal(Verdict.Changed, Do(new SuspendMerchant(LoveMart, "Audit", Staff), T));
        Assert.Equal(Verdict.Changed, Do(new IssueRedemptionCode(Ben, "87654321", Actor.Volunteer(Ben)), T.AddHours(1)));
        Assert.Equal(Verdict.Refused(RefusalCodes.MerchantNotApproved), Do(new HoldPoints(Ben, Guid.NewGuid(), LoveMart, "87654321", 5, Guid.NewGuid(), Cashier), T.AddHours(1)));
        Assert.Equal(Verdict.Refused(RefusalCodes.InvalidMerchantState), Do(new SuspendMerchant(LoveMart, "Again", Staff), T.AddHours(1)));
    }
}
