using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Model;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>The ledger's invariants over random histories of the property city.</summary>
public sealed class ValueProperties
{
    [LedgerProperty]
    public void Every_unit_balances_to_zero_over_all_accounts_after_any_history(History history)
    {
        var model = new HistoryDriver().Run(history);

        foreach (var unit in Enum.GetValues<LedgerUnit>())
        {
            Assert.Equal(0, model.TrialBalance().Where(b => b.Key.Unit == unit).Sum(b => b.Value));
        }

        Assert.All(model.AllPostings, p => Assert.True(p.Amount > 0 && p.From != p.To, $"Posting {p} moves nothing."));
    }

    [LedgerProperty]
    public void No_volunteer_is_overdrawn_and_their_balances_are_their_postings(History history)
    {
        var model = new HistoryDriver().Run(history);

        foreach (var account in model.Accounts.Values)
        {
            var id = AccountId.Volunteer(account.Id);
            Assert.All(account.Lots, lot => Assert.InRange(lot.Remaining, 0, lot.Earned - lot.Expired));
            Assert.All(account.Lots, lot => Assert.InRange(lot.Expired, 0, lot.Earned));
            Assert.InRange(account.TimeCredits, 0, model.Policy.TimeCreditCap.Value);
            Assert.True(account.TimeCreditDebt >= 0 && account.PointsDebt >= 0, $"Negative debt on {account.Id}.");
            Assert.Equal(model.BalanceOf(id, LedgerUnit.Points), account.PointsBalance);
            Assert.Equal(model.BalanceOf(id, LedgerUnit.TimeCredits), account.TimeCreditBalance);
            Assert.Equal(model.BalanceOf(id, LedgerUnit.ServiceMinutes), account.ServiceMinutes);
        }
    }

    [LedgerProperty]
    public void Expiry_never_leaves_an_older_due_lot_behind(History history)
    {
        var driver = new HistoryDriver();
        driver.Run(history, (planned, outcome) =>
        {
            if (planned.Command is not ExpirePoints expire || outcome is not Accepted { Events: var events } || planned.Repeated)
            {
                return;
            }

            var expired = events.OfType<PointsExpired>().ToList();
            var lots = driver.Model.AccountState(expire.VolunteerId)!.Lots;
            var expiresAt = expired.Select(e => lots.Single(lot => lot.LotId == e.LotId).ExpiresAt).ToList();

            Assert.Equal(expiresAt.Order(), expiresAt);
            Assert.All(expiresAt, due => Assert.True(due <= planned.Now, "A lot expired before it was due."));
            foreach (var due in expiresAt)
            {
                Assert.DoesNotContain(lots, lot => lot.Remaining > 0 && lot.ExpiresAt <= due && lot.ExpiresAt <= planned.Now);
            }

            Assert.DoesNotContain(lots, lot => lot.Remaining > 0 && lot.ExpiresAt <= planned.Now);
        });
    }
}

public sealed class StarProperties
{
    [LedgerProperty]
    public void Stars_follow_cumulative_verified_hours_and_change_one_level_at_a_time(History history)
    {
        var model = new HistoryDriver().Run(history);

        foreach (var account in model.Accounts.Values)
        {
            Assert.Equal(model.Policy.StarLevelFor(account.Service), account.StarLevel);

            var level = 0;
            VolunteerAccountEvent? previous = null;
            foreach (var @event in model.AccountStream(account.Id))
            {
                switch (@event)
                {
                    case StarAwarded awarded:
                        Assert.Equal(level + 1, awarded.Level);
                        Assert.True(previous is ServiceCredited or StarAwarded, $"A star was awarded after {previous}.");
                        level = awarded.Level;
                        break;
                    case StarWithdrawn withdrawn:
                        // Stars only go down when a revocation takes hours away.
                        Assert.Equal(level, withdrawn.Level);
                        Assert.True(previous is ServiceCreditRevoked or StarWithdrawn, $"A star was withdrawn after {previous}.");
                        level = withdrawn.Level - 1;
                        break;
                }

                previous = @event;
            }

            Assert.Equal(account.StarLevel, level);
        }
    }

    [LedgerProperty]
    public void Replaying_the_streams_gives_the_live_state(History history)
    {
        var model = new HistoryDriver().Run(history);
        var replay = model.Replay();

        Assert.Equal(model.Records.Count, replay.Records.Count);
        Assert.All(model.Records, live => Assert.Equal(live.Value, replay.Records[live.Key]));
        Assert.Equal(model.Accounts.Count, replay.Accounts.Count);
        Assert.All(model.Accounts, live => LedgerAssert.SameAccount(live.Value, replay.Accounts[live.Key]));
        Assert.Equal(model.Holds.Count, replay.Holds.Count);
        Assert.All(model.Holds, live => Assert.Equal(LedgerAssert.Describe(live.Value), LedgerAssert.Describe(replay.Holds[live.Key])));
    }
}

public sealed class CommandProperties
{
    [LedgerProperty]
    public void A_repeated_command_id_returns_the_first_outcome_and_changes_nothing(History history)
    {
        var driver = new HistoryDriver();
        var outcomes = new Dictionary<Guid, Outcome>();
        driver.Run(history, planned =>
        {
            var before = LedgerSnapshot.Of(driver.Model);
            var outcome = driver.Model.Execute(planned.CommandId, planned.Command, planned.Now);
            if (planned.Repeated)
            {
                Assert.Same(outcomes[planned.CommandId], outcome);
                LedgerAssert.Unchanged(before, driver.Model);
            }
            else
            {
                outcomes.Add(planned.CommandId, outcome);
            }
        });
    }

    [LedgerProperty]
    public void A_refused_command_appends_nothing_and_leaves_every_balance_identical(History history)
    {
        var driver = new HistoryDriver();
        driver.Run(history, planned =>
        {
            var before = LedgerSnapshot.Of(driver.Model);
            var balances = driver.Model.TrialBalance();
            if (driver.Model.Execute(planned.CommandId, planned.Command, planned.Now) is Refused)
            {
                LedgerAssert.Unchanged(before, driver.Model);
                Assert.Equal(balances, driver.Model.TrialBalance());
            }
        });
    }

    [LedgerProperty]
    public void A_credited_record_and_its_account_agree(History history)
    {
        var model = new HistoryDriver().Run(history);

        foreach (var record in model.Records.Values)
        {
            var credit = model.AccountState(record.VolunteerId)?.Credits.GetValueOrDefault(record.Id);
            switch (record.Status)
            {
                case RecordStatus.Credited:
                    Assert.NotNull(credit);
                    Assert.False(credit.Revoked);
                    Assert.Equal(record.MinutesServed.Value, credit.ServiceMinutes);
                    break;
                case RecordStatus.Revoked:
                    Assert.True(credit?.Revoked, $"Record {record.Id} is revoked but its credit is not.");
                    break;
                default:
                    Assert.Null(credit);
                    break;
            }
        }
    }
}

/// <summary>Which states and how many events and postings the ledger holds; states by reference, since they are immutable.</summary>
public sealed record LedgerSnapshot(
    int EventCount, int PostingCount, Dictionary<Guid, ServiceRecord> Records, Dictionary<Guid, VolunteerAccount> Accounts)
{
    public static LedgerSnapshot Of(LedgerModel model) => new(
        model.EventCount, model.AllPostings.Count, model.Records.ToDictionary(), model.Accounts.ToDictionary());
}

public static class LedgerAssert
{
    public static void Unchanged(LedgerSnapshot before, LedgerModel after)
    {
        Assert.Equal(before.EventCount, after.EventCount);
        Assert.Equal(before.PostingCount, after.AllPostings.Count);
        Assert.Equal(before.Records.Count, after.Records.Count);
        Assert.All(before.Records, r => Assert.Same(r.Value, after.Records[r.Key]));
        Assert.Equal(before.Accounts.Count, after.Accounts.Count);
        Assert.All(before.Accounts, a => Assert.Same(a.Value, after.Accounts[a.Key]));
    }

    /// <summary>Accounts hold immutable collections, which compare by reference; compare what they contain.</summary>
    public static void SameAccount(VolunteerAccount expected, VolunteerAccount actual)
    {
        Assert.Equal(
            expected with { Lots = [], Credits = Credits.Empty, Holds = Holds.Empty, Codes = [] },
            actual with { Lots = [], Credits = Credits.Empty, Holds = Holds.Empty, Codes = [] });
        Assert.Equal(expected.Lots, actual.Lots);
        Assert.Equal(expected.Codes, actual.Codes);
        Assert.Equal(expected.Credits.OrderBy(c => c.Key), actual.Credits.OrderBy(c => c.Key));

        // A hold holds lists, which compare by reference: compare their content.
        Assert.Equal(Describe(expected.Holds), Describe(actual.Holds));
    }

    /// <summary>A hold holds lists, which compare by reference: its content as JSON.</summary>
    public static string Describe(Hold hold) => System.Text.Json.JsonSerializer.Serialize(hold);

    private static string Describe(System.Collections.Immutable.ImmutableDictionary<Guid, Hold> holds) =>
        System.Text.Json.JsonSerializer.Serialize(holds.OrderBy(h => h.Key).Select(h => h.Value));

    private static class Holds
    {
        public static readonly System.Collections.Immutable.ImmutableDictionary<Guid, Hold> Empty =
            System.Collections.Immutable.ImmutableDictionary<Guid, Hold>.Empty;
    }

    private static class Credits
    {
        public static readonly System.Collections.Immutable.ImmutableDictionary<Guid, CreditedRecord> Empty =
            System.Collections.Immutable.ImmutableDictionary<Guid, CreditedRecord>.Empty;
    }
}
