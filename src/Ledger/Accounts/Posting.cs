using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// One leg of a double entry: <paramref name="Amount"/> of <paramref name="Unit"/> moves from one account to another.
/// Each posting balances to zero by construction; the trial balance sums every account per unit to zero.
/// </summary>
public sealed record Posting(AccountId From, AccountId To, LedgerUnit Unit, long Amount)
{
    public static IEnumerable<Posting> Of(AccountId from, AccountId to, LedgerUnit unit, long amount) =>
        amount switch
        {
            0 => [],
            < 0 => throw new ArgumentOutOfRangeException(nameof(amount), amount, "A posting moves a positive amount."),
            _ => [new Posting(from, to, unit, amount)],
        };
}
