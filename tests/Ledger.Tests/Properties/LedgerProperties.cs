using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Model;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>
/// The ledger checked against the auditor (<see cref="Auditor"/>): an independent model of the books, written again
/// from the product's rules. The ledger here is the pure pipeline of src/Ledger (<see cref="LedgerModel"/>: deciders,
/// Evolve, postings); the auditor shares none of it.
/// </summary>
public sealed class AuditedProperties
{
    [LedgerProperty]
    public void Every_command_leaves_the_books_the_auditor_keeps(History history)
    {
        var driver = new HistoryDriver();
        driver.RunAudited(history, (planned, outcome, verdict) =>
        {
            Assert.True(verdict == VerdictOf(outcome), $"{Describe(planned)}: the auditor says {verdict}, the ledger {Describe(outcome)}.");
            var differences = AuditReport.Of(driver.Auditor).Differences(LedgerBooks.Of(driver.Model));
            Assert.True(differences.Length == 0, $"After {Describe(planned)}:{Environment.NewLine}{differences}");
        });
    }

    /// <summary>
    /// Conservation, from the ledger's states (accounts, holds, credits) and, for the expiry account, the amounts its events
    /// name, not from its postings: per unit, what the
    /// communities issued for records still credited is held by volunteers, community pools, merchants or expiry. The
    /// trial balance of the postings must say the same, account by account.
    /// </summary>
    [LedgerProperty]
    public void Every_unit_issued_is_held_by_volunteers_pools_merchants_or_expiry_and_nowhere_else(History history)
    {
        var model = new HistoryDriver().Run(history);
        var accounts = model.Accounts.Values.ToList();
        var credits = accounts.SelectMany(a => a.Credits.Values).Where(c => !c.Revoked).ToList();

        var held = new Dictionary<(string Account, LedgerUnit Unit), long>();
        void Hold(AccountId account, LedgerUnit unit, long amount) =>
            held[(account.Value, unit)] = held.GetValueOrDefault((account.Value, unit)) + amount;
        foreach (var account in accounts)
        {
            Hold(AccountId.Volunteer(account.Id), LedgerUnit.ServiceMinutes, account.ServiceMinutes);
            Hold(AccountId.Volunteer(account.Id), LedgerUnit.TimeCredits, account.TimeCreditBalance);
            Hold(AccountId.Volunteer(account.Id), LedgerUnit.Points, account.PointsBalance);

            // The expiry account: what expired from the lots, less what revocations took back from it. A lot records what
            // expired from it, not what a revocation took back afterwards, so these two come from the account's events.
            foreach (var @event in model.AccountStream(account.Id))
            {
                switch (@event)
                {
                    case PointsExpired expired:
                        Hold(AccountId.Expiry(expired.CommunityId), LedgerUnit.Points, expired.Points);
                        break;
                    case ServiceCreditRevoked revoked:
                        Hold(AccountId.Expiry(revoked.CommunityId), LedgerUnit.Points, -revoked.PointsFromExpiry);
                        break;
                }
            }
        }

        foreach (var credit in credits)
        {
            Hold(AccountId.Pool(credit.CommunityId), LedgerUnit.TimeCredits, credit.TimeCreditsToPool);
            Hold(AccountId.Issuance(credit.CommunityId), LedgerUnit.ServiceMinutes, -credit.ServiceMinutes);
            Hold(AccountId.Issuance(credit.CommunityId), LedgerUnit.TimeCredits, -(credit.TimeCredits + credit.TimeCreditsToPool));
            Hold(AccountId.Issuance(credit.CommunityId), LedgerUnit.Points, -credit.Points);
        }

        foreach (var hold in model.Holds.Values)
        {
            Hold(AccountId.Merchant(hold.MerchantId), LedgerUnit.Points, hold.Refundable);
        }

        foreach (var unit in Enum.GetValues<LedgerUnit>())
        {
            var issued = -held.Where(h => h.Key.Unit == unit && h.Key.Account.EndsWith("/issuance", StringComparison.Ordinal)).Sum(h => h.Value);
            var holders = held.Where(h => h.Key.Unit == unit && !h.Key.Account.EndsWith("/issuance", StringComparison.Ordinal)).Sum(h => h.Value);
            Assert.True(issued == holders, $"{unit}: {issued} issued, {holders} held by volunteers, pools, merchants and expiry.");
        }

        var fromStates = held.Where(h => h.Value != 0).Select(h => AuditReport.Balance(h.Key.Account, h.Key.Unit, h.Value));
        var fromPostings = model.TrialBalance().Where(b => b.Value != 0).Select(b => AuditReport.Balance(b.Key.Account.Value, b.Key.Unit, b.Value));
        var differences = new AuditReport(fromStates).Differences(new AuditReport(fromPostings));
        Assert.True(differences.Length == 0, $"The states (as \"auditor\") and the postings (as \"ledger\") disagree:{Environment.NewLine}{differences}");
    }

    [LedgerProperty]
    public void No_volunteer_is_overdrawn_and_only_a_revocation_puts_them_in_debt(History history)
    {
        var driver = new HistoryDriver();
        var debtBefore = 0L;
        driver.RunAudited(history, (planned, outcome, _) =>
        {
            foreach (var account in driver.Model.Accounts.Values)
            {
                Assert.True(account.AvailablePoints >= 0 && account.TimeCredits >= 0, $"{account.Id} is overdrawn after {Describe(planned)}.");
                Assert.All(account.Lots, lot => Assert.True(
                    lot.Remaining >= 0 && lot.Held >= 0 && lot.Remaining + lot.Held + lot.Expired <= lot.Earned, $"Lot {lot.LotId} is overdrawn."));
                Assert.InRange(account.TimeCredits, 0, driver.Auditor.Rules.TimeCreditCapMinutes);
                Assert.True(account.PointsDebt == 0 || account.AvailablePoints == 0, $"{account.Id} owes {account.PointsDebt} points yet has {account.AvailablePoints} to spend.");
            }

            var intoDebt = outcome is Accepted { Events: var events }
                && events.OfType<ServiceCreditRevoked>().Any(r => r.PointsDebtIncurred > 0 || r.TimeCreditDebtIncurred > 0);
            var debtNow = driver.Model.Accounts.Values.Sum(a => a.PointsDebt + a.TimeCreditDebt);
            Assert.True(debtNow <= debtBefore || (intoDebt && !planned.Repeated), $"Debt grew from {debtBefore} to {debtNow} after {Describe(planned)}, which revokes nothing.");
            debtBefore = debtNow;
        });
    }

    [LedgerProperty]
    public void Expiry_takes_every_due_lot_soonest_first_and_nothing_held(History history)
    {
        var driver = new HistoryDriver();
        List<(Guid Lot, long Points)> due = [];
        driver.RunAudited(
            history,
            before: planned => due = planned.Command is ExpirePoints expire && driver.Auditor.Volunteers.TryGetValue(expire.VolunteerId, out var v)
                ? [.. Auditor.SoonestFirst(v.Lots).Where(l => l.Remaining > 0 && l.ExpiresAt <= planned.Now).Select(l => (l.Id, l.Remaining))]
                : [],
            observe: (planned, outcome, _) =>
            {
                if (planned.Command is not ExpirePoints || planned.Repeated || outcome is not Accepted { Events: var events })
                {
                    return;
                }

                var expired = events.OfType<PointsExpired>().Select(e => (e.LotId, e.Points)).ToList();
                Assert.True(due.SequenceEqual(expired), $"Due, soonest first: [{string.Join(", ", due)}]; the ledger expired [{string.Join(", ", expired)}].");
            });
    }

    [LedgerProperty]
    public void Stars_follow_cumulative_verified_hours_one_level_at_a_time(History history)
    {
        var driver = new HistoryDriver();
        var model = driver.RunAudited(history, (_, _, _) => { });

        foreach (var account in model.Accounts.Values)
        {
            Assert.Equal(driver.Auditor.StarsFor(account.ServiceMinutes), account.StarLevel);
            var changes = model.AccountStream(account.Id)
                .Select(e => e switch { StarAwarded a => $"+{a.Level}", StarWithdrawn w => $"-{w.Level}", _ => null })
                .OfType<string>();
            var expected = driver.Auditor.StarChanges.Where(c => c.Volunteer == account.Id).Select(c => c.Awarded ? $"+{c.Level}" : $"-{c.Level}");
            Assert.Equal(string.Join(" ", expected), string.Join(" ", changes));
        }
    }

    /// <summary>A record and its volunteer's account agree: credited once, revoked once, with the minutes served.</summary>
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

    public static Verdict VerdictOf(Outcome outcome) => outcome switch
    {
        Accepted { Events.Count: 0 } => Verdict.NothingToDo,
        Accepted => Verdict.Changed,
        Refused refused => Verdict.Refused(refused.Code),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    private static string Describe(PlannedCommand planned) => $"{(planned.Repeated ? "repeated " : string.Empty)}{planned.Command} at {planned.Now:u}";

    private static string Describe(Outcome outcome) => outcome switch
    {
        Accepted accepted => $"accepted [{string.Join(", ", accepted.Events.Select(e => e.GetType().Name))}]",
        Refused refused => $"refused {refused.Code} ({refused.Message})",
        _ => outcome.ToString()!,
    };
}

/// <summary>The ledger's books as the auditor's lines, from its live states and its postings.</summary>
public static class LedgerBooks
{
    public static AuditReport Of(LedgerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var lines = new List<string>();
        lines.AddRange(model.Accounts.Values.SelectMany(AuditReport.Of));
        lines.AddRange(model.Holds.Values.Select(AuditReport.Of));
        lines.AddRange(model.Records.Values.Select(r => AuditReport.Record(r.Id, r.Status.ToString())));
        lines.AddRange(model.Merchants.Values.Select(m => AuditReport.Merchant(m.Id, m.Status.ToString())));
        lines.AddRange(model.TrialBalance().Where(b => b.Value != 0).Select(b => AuditReport.Balance(b.Key.Account.Value, b.Key.Unit, b.Value)));
        return new(lines);
    }
}
