using JasperFx.Events;
using Marten.Events.Projections;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Units;

namespace TimeBank.Projections;

/// <summary>
/// One line of the trial balance: an account's balance per unit, summed from every posting that names it.
/// Over all accounts each unit sums to zero; anything else is a broken ledger.
/// </summary>
public sealed record LedgerAccountBalance(string Id, long ServiceMinutes, long TimeCredits, long Points, long LastSequence)
{
    public LedgerAccountBalance Post(Posting posting, long sign) => posting.Unit switch
    {
        LedgerUnit.ServiceMinutes => this with { ServiceMinutes = checked(ServiceMinutes + (sign * posting.Amount)) },
        LedgerUnit.TimeCredits => this with { TimeCredits = checked(TimeCredits + (sign * posting.Amount)) },
        LedgerUnit.Points => this with { Points = checked(Points + (sign * posting.Amount)) },
        _ => this,
    };
}

/// <summary>The trial balance per account and unit. Async.</summary>
public sealed class TrialBalanceProjection : MultiStreamProjection<LedgerAccountBalance, string>
{
    public TrialBalanceProjection()
    {
        this.IncludeKind<ILedgerTransaction>();
        CustomGrouping((_, events, grouping) => grouping.AddEach(events, IdsOf));
    }

    private static IReadOnlyList<string> AccountsOf(ILedgerTransaction transaction) =>
        [.. transaction.Postings.SelectMany(p => new[] { p.From.Value, p.To.Value }).Distinct()];

    /// <summary>The lines an event concerns: every account its postings name.</summary>
    public static IReadOnlyList<string> IdsOf(IEvent e) => e.Data is ILedgerTransaction transaction ? AccountsOf(transaction) : [];

    public override LedgerAccountBalance? Evolve(LedgerAccountBalance? snapshot, string id, IEvent e)
    {
        if (e.Data is not ILedgerTransaction transaction)
        {
            return snapshot;
        }

        var balance = snapshot ?? new LedgerAccountBalance(id, 0, 0, 0, 0);
        foreach (var posting in transaction.Postings)
        {
            if (posting.To.Value == id)
            {
                balance = balance.Post(posting, +1);
            }

            if (posting.From.Value == id)
            {
                balance = balance.Post(posting, -1);
            }
        }

        return balance with { LastSequence = e.Sequence };
    }
}
