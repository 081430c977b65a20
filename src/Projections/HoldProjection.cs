using JasperFx.Events;
using Marten.Events.Projections;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Projections;

/// <summary>
/// Every hold, open or ended, by hold id, folded from the account's events by the domain's own <see cref="Hold.Evolve"/>.
/// Inline: a till's command on a hold reads it in the transaction that locks the account. The account document keeps
/// open holds only, so it no longer grows with every redemption (ADR 0019).
/// </summary>
public sealed class HoldProjection : MultiStreamProjection<Hold, Guid>
{
    public HoldProjection()
    {
        this.IncludeKind<IHoldEvent>();
        CustomGrouping((_, events, grouping) => grouping.AddEach(events, IdsOf));
    }

    /// <summary>The hold an event concerns, as the identities above name it.</summary>
    public static IReadOnlyList<Guid> IdsOf(IEvent e) => e.Data is VolunteerAccountEvent accountEvent && Hold.IdOf(accountEvent) is { } id ? [id] : [];

    public override Hold? Evolve(Hold? snapshot, Guid id, IEvent e) =>
        e.Data is VolunteerAccountEvent accountEvent ? Hold.Evolve(snapshot, accountEvent) : snapshot;
}
