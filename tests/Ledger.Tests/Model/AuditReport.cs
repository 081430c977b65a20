using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Model;

/// <summary>
/// The books as lines of plain text, one fact a line (an account's balances, a lot, a hold, a record's status, a
/// merchant's status, an account's balance in a unit), so that the auditor's books and the ledger's compare as sets and
/// a difference reads as "Only the auditor has: … Only the ledger has: …".
/// </summary>
public sealed class AuditReport(IEnumerable<string> lines)
{
    public SortedSet<string> Lines { get; } = new(lines, StringComparer.Ordinal);

    public static string Account(Guid id, long minutes, long credits, long creditDebt, long available, long held, long debt, int stars) =>
        $"volunteer {id}: service {minutes} min, time credits {credits}, credit debt {creditDebt}, points available {available}, held {held}, debt {debt}, {stars} stars";

    public static string Lot(Guid volunteer, Guid lot, long earned, long remaining, long held, long expired, DateTimeOffset expiresAt) =>
        $"lot {lot} of {volunteer}: earned {earned}, remaining {remaining}, held {held}, expired {expired}, expires {expiresAt:O}";

    public static string HoldLine(Guid id, Guid volunteer, Guid merchant, string status, long amount, long refunded) =>
        $"hold {id} of {volunteer} at {merchant}: {status} {amount}, refunded {refunded}";

    public static string Record(Guid id, string status) => $"record {id}: {status}";

    public static string Merchant(Guid id, string status) => $"merchant {id}: {status}";

    public static string Balance(string account, LedgerUnit unit, long amount) => $"balance {account} {unit}: {amount}";

    /// <summary>
    /// The auditor's books. <paramref name="volunteers"/>, <paramref name="merchants"/> and <paramref name="records"/>
    /// pick what to show (e.g. one history's own, when several share a database); null shows everything.
    /// </summary>
    public static AuditReport Of(
        Auditor auditor, Func<Guid, bool>? volunteers = null, Func<Guid, bool>? records = null, Func<Guid, bool>? merchants = null,
        bool balances = true)
    {
        ArgumentNullException.ThrowIfNull(auditor);
        var lines = new List<string>();
        foreach (var v in auditor.Volunteers.Values.Where(v => volunteers?.Invoke(v.Id) ?? true))
        {
            lines.Add(Account(v.Id, v.ServiceMinutes, v.TimeCredits, v.TimeCreditDebt, v.Available, v.Held, v.PointsDebt, v.Stars));
            lines.AddRange(v.Lots.Select(l => Lot(v.Id, l.Id, l.Earned, l.Remaining, l.Held, l.Expired, l.ExpiresAt)));
        }

        lines.AddRange(auditor.Holds.Values.Where(h => volunteers?.Invoke(h.Volunteer) ?? true)
            .Select(h => HoldLine(h.Id, h.Volunteer, h.Merchant, h.Status, h.Amount, h.Refunded)));
        lines.AddRange(auditor.Records.Values.Where(r => records?.Invoke(r.Id) ?? true).Select(r => Record(r.Id, r.Status)));
        lines.AddRange(auditor.Merchants.Where(m => merchants?.Invoke(m.Key) ?? true).Select(m => Merchant(m.Key, m.Value.Status)));
        if (balances)
        {
            lines.AddRange(auditor.Balances.Where(b => b.Value != 0).Select(b => Balance(b.Key.Account, b.Key.Unit, b.Value)));
        }

        return new(lines);
    }

    /// <summary>A production account as lines: its balances and its lots.</summary>
    public static IEnumerable<string> Of(VolunteerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        yield return Account(
            account.Id, account.ServiceMinutes, account.TimeCredits, account.TimeCreditDebt, account.AvailablePoints, account.HeldPoints,
            account.PointsDebt, account.StarLevel);
        foreach (var l in account.Lots)
        {
            yield return Lot(account.Id, l.LotId, l.Earned, l.Remaining, l.Held, l.Expired, l.ExpiresAt);
        }
    }

    public static string Of(Hold hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return HoldLine(hold.HoldId, hold.VolunteerId, hold.MerchantId, hold.Status.ToString(), hold.Amount, hold.Refunded);
    }

    /// <summary>Empty when the books agree; otherwise what each side has that the other has not.</summary>
    public string Differences(AuditReport ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var onlyAuditor = Lines.Except(ledger.Lines).ToList();
        var onlyLedger = ledger.Lines.Except(Lines).ToList();
        if (onlyAuditor.Count == 0 && onlyLedger.Count == 0)
        {
            return string.Empty;
        }

        var newline = Environment.NewLine;
        return $"Only the auditor has:{newline}  {string.Join($"{newline}  ", onlyAuditor)}{newline}" +
            $"Only the ledger has:{newline}  {string.Join($"{newline}  ", onlyLedger)}";
    }
}
