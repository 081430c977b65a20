using FsCheck;
using FsCheck.Fluent;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Tests.Model;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>The love bank's invariants over random histories of earning, redeeming, refunding and expiring points.</summary>
public sealed class RedemptionProperties
{
    [LedgerProperty]
    public void Available_points_never_go_below_zero_and_held_points_are_exactly_the_open_holds(History history)
    {
        var driver = new HistoryDriver();
        driver.Run(history, (_, _) =>
        {
            foreach (var account in driver.Model.Accounts.Values)
            {
                RedemptionAssert.Consistent(account, driver.Model.Holds.Values.Where(h => h.VolunteerId == account.Id));
            }
        });
    }

    [LedgerProperty]
    public void A_hold_ends_exactly_once_and_its_refunds_never_exceed_its_completion(History history)
    {
        var model = new HistoryDriver().Run(history);

        foreach (var account in model.Accounts.Values)
        {
            var stream = model.AccountStream(account.Id);
            foreach (var held in stream.OfType<PointsHeld>())
            {
                var ofHold = stream.Where(e => Hold.IdOf(e) == held.HoldId).ToList();
                Assert.Same(held, ofHold[0]);
                var endings = ofHold.Where(e => e is HoldCompleted or HoldVoided or HoldExpired).ToList();
                Assert.True(endings.Count <= 1, $"Hold {held.HoldId} ended {endings.Count} times.");
                var refunds = ofHold.OfType<PointsRefunded>().ToList();
                var hold = model.Holds[held.HoldId];
                Assert.Equal(hold.IsOpen, account.Holds.ContainsKey(held.HoldId));

                switch (endings.SingleOrDefault())
                {
                    case null:
                        Assert.True(hold.IsOpen);
                        Assert.Equal([held], ofHold);
                        break;
                    case HoldCompleted completed:
                        Assert.True(completed.CompletedAt < held.ExpiresAt, "A hold was completed after its time.");
                        Assert.Equal((held.Amount, held.Reservations), (completed.Amount, completed.LotDraws));
                        Assert.Same(completed, ofHold[1]);
                        Assert.InRange(refunds.Sum(r => r.Amount), 0, completed.Amount);
                        Assert.All(refunds, r => Assert.True(r.RefundedAt <= completed.CompletedAt + model.Policy.RefundWindow, "A refund came too late."));
                        Assert.Equal(refunds.Sum(r => r.Amount), hold.Refunded);
                        break;
                    case HoldExpired expired:
                        Assert.True(expired.ExpiredAt >= held.ExpiresAt, "A hold expired before its time.");
                        Assert.Empty(refunds);
                        break;
                    default:
                        Assert.Empty(refunds);
                        break;
                }
            }
        }
    }

    [LedgerProperty]
    public void A_code_is_used_at_most_once_by_the_volunteer_it_was_issued_to_and_only_in_time(History history)
    {
        var model = new HistoryDriver().Run(history);

        foreach (var account in model.Accounts.Values)
        {
            // Every code issued to this account: when it expires, and whether a hold used it.
            var issued = new Dictionary<string, (DateTimeOffset ExpiresAt, bool Used)>();
            var lastCodeEvent = DateTimeOffset.MinValue;
            foreach (var @event in model.AccountStream(account.Id))
            {
                switch (@event)
                {
                    case RedemptionCodeIssued code:
                        var live = issued.Values.Count(c => !c.Used && code.IssuedAt < c.ExpiresAt);
                        Assert.True(live < model.Policy.MaxLiveRedemptionCodes, $"{live} codes were live when {code.Code} was issued.");
                        Assert.False(issued.TryGetValue(code.Code, out var same) && !same.Used && code.IssuedAt < same.ExpiresAt, $"Code {code.Code} was issued while live.");
                        issued[code.Code] = (code.ExpiresAt, false);
                        lastCodeEvent = code.IssuedAt;
                        break;
                    case PointsHeld held:
                        Assert.True(issued.TryGetValue(held.Code, out var shown), $"Code {held.Code} was never issued to this volunteer.");
                        Assert.False(shown.Used, $"Code {held.Code} was used twice.");
                        Assert.True(held.HeldAt < shown.ExpiresAt, "An expired code was accepted.");
                        issued[held.Code] = shown with { Used = true };
                        lastCodeEvent = held.HeldAt;
                        break;
                }
            }

            // Used codes and those expired by the last code or hold leave the account: it keeps what a till may still use.
            Assert.All(account.Codes, c => Assert.True(!issued[c.Value].Used && lastCodeEvent < c.ExpiresAt, $"Code {c.Value} stayed in the account."));
        }
    }

    /// <summary>Neither points expiry nor a revocation can take what a hold reserved: an open hold in time always completes.</summary>
    [LedgerProperty]
    public void An_open_hold_in_time_at_an_approved_merchant_always_completes(History history)
    {
        var driver = new HistoryDriver();
        driver.Run(history, planned =>
        {
            var model = driver.Model;
            var due = planned is { Command: CompleteHold complete, Repeated: false }
                && model.HoldState(complete.HoldId) is { IsOpen: true } hold && hold.VolunteerId == complete.VolunteerId
                && planned.Now < hold.ExpiresAt
                && model.MerchantState(hold.MerchantId)!.IsApproved
                && complete.Actor.ActsFor(hold.MerchantId);

            var outcome = model.Execute(planned.CommandId, planned.Command, planned.Now);

            if (due)
            {
                Assert.IsType<HoldCompleted>(Assert.Single(Assert.IsType<Accepted>(outcome).Events));
            }
        });
    }
}

/// <summary>The generator reaches every path of the love bank, so that the properties above are not vacuous.</summary>
public sealed class RedemptionCoverageTests
{
    [Fact]
    public void Random_histories_reach_every_redemption_path()
    {
        var seen = new Dictionary<string, int>();
        void Count(string what, bool happened)
        {
            if (happened)
            {
                seen[what] = seen.GetValueOrDefault(what) + 1;
            }
        }

        var histories = LedgerArbitraries.History().Generator.Sample(size: 100, seed: new Rnd(20260615UL, 0x9E3779B97F4A7C15UL), numberOfSamples: 1000);
        foreach (var history in histories)
        {
            var driver = new HistoryDriver();
            driver.Run(history, (planned, outcome) =>
            {
                var events = outcome is Accepted accepted && !planned.Repeated ? accepted.Events : [];
                Count("completed", events.Any(e => e is HoldCompleted));
                Count("voided", events.Any(e => e is HoldVoided));
                Count("expired", events.Any(e => e is HoldExpired));
                Count("partly refunded", events.OfType<PointsRefunded>().Any(r => driver.Model.HoldState(r.HoldId)!.Refundable > 0));
                Count("fully refunded", events.OfType<PointsRefunded>().Any(r => driver.Model.HoldState(r.HoldId)!.Refundable == 0));
                Count("points expired while held", events.OfType<PointsExpired>().Any(x => driver.Model.AccountState(x.VolunteerId)!.Lots.Single(l => l.LotId == x.LotId).Held > 0));
                Count("debt from points spent", events.OfType<ServiceCreditRevoked>().Any(r => r.PointsDebtIncurred > 0));
                Count("release repays debt", events.OfType<HoldVoided>().Any(v => v.PointsDebtRepaid > 0) || events.OfType<HoldExpired>().Any(x => x.PointsDebtRepaid > 0));
                Count("refund repays debt", events.OfType<PointsRefunded>().Any(r => r.PointsDebtRepaid > 0));
                Count("suspended", events.Any(e => e is Merchants.MerchantSuspended));
                foreach (var code in new[]
                {
                    RefusalCodes.RedemptionCodeInvalid, RefusalCodes.InsufficientPoints, RefusalCodes.MerchantNotApproved,
                    RefusalCodes.NotCashierOfMerchant, RefusalCodes.HoldAlreadyEnded, RefusalCodes.HoldNotYetExpired,
                    RefusalCodes.HoldNotCompleted, RefusalCodes.RefundExceedsCompleted, RefusalCodes.RefundWindowClosed,
                })
                {
                    Count(code, outcome is Refused refused && refused.Code == code);
                }
            });
        }

        var missing = new[]
        {
            "completed", "voided", "expired", "partly refunded", "fully refunded", "points expired while held", "debt from points spent",
            "release repays debt", "refund repays debt", "suspended", RefusalCodes.RedemptionCodeInvalid, RefusalCodes.InsufficientPoints,
            RefusalCodes.MerchantNotApproved, RefusalCodes.NotCashierOfMerchant, RefusalCodes.HoldAlreadyEnded, RefusalCodes.HoldNotYetExpired,
            RefusalCodes.HoldNotCompleted, RefusalCodes.RefundExceedsCompleted, RefusalCodes.RefundWindowClosed,
        }.Where(what => !seen.ContainsKey(what));
        Assert.True(!missing.Any(), $"Never reached: {string.Join(", ", missing)}. Reached: {string.Join(", ", seen.Select(s => $"{s.Key} {s.Value}"))}");
    }
}

public static class RedemptionAssert
{
    /// <summary>
    /// Every point of a lot is in one place; the open holds, and only they, are on the account and reserve exactly what
    /// the lots say is held; debt leaves nothing to spend. <paramref name="holds"/>: every hold of the account, open or ended.
    /// </summary>
    public static void Consistent(VolunteerAccount account, IEnumerable<Hold> holds)
    {
        var all = holds.ToList();
        Assert.Equal(
            all.Where(h => h.IsOpen).Select(h => h.HoldId).Order(),
            account.Holds.Keys.Order());
        Assert.True(account.AvailablePoints >= 0, $"Available points of {account.Id} are {account.AvailablePoints}.");
        Assert.All(account.Lots, lot =>
        {
            Assert.True(lot.Remaining >= 0 && lot.Held >= 0, $"Lot {lot.LotId} has {lot.Remaining} remaining and {lot.Held} held.");
            Assert.True(lot.Remaining + lot.Held <= lot.Earned - lot.Expired, $"Lot {lot.LotId} holds more than it earned.");
            Assert.Equal(account.Holds.Values.SelectMany(h => h.Reservations).Where(r => r.LotId == lot.LotId).Sum(r => r.Points), lot.Held);
        });
        Assert.Equal(account.Holds.Values.Sum(h => h.Amount), account.HeldPoints);
        Assert.All(all, hold =>
        {
            Assert.Equal(hold.Amount, hold.Reservations.Sum(r => r.Points));
            Assert.InRange(hold.Refunded, 0, hold.Status == HoldStatus.Completed ? hold.Amount : 0);
        });
        Assert.True(account.PointsDebt == 0 || account.AvailablePoints == 0, $"{account.Id} owes {account.PointsDebt} points yet has {account.AvailablePoints} to spend.");
    }
}
