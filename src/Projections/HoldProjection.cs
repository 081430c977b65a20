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
        Identity<PointsHeld>(e => e.HoldId);
        Identity<HoldCompleted>(e => e.HoldId);
        Identity<HoldVoided>(e => e.HoldId);
        Identity<HoldExpired>(e => e.HoldId);
        Identity<PointsRefunded>(e => e.HoldId);
        // Listed again as the types to read: without them a rebuild reads and deserializes every event of the store
        // for this projection, whatever its identities say (ADR 0016, session 5).
        IncludeType<PointsHeld>();
        IncludeType<HoldCompleted>();
        IncludeType<HoldVoided>();
        IncludeType<HoldExpired>();
        IncludeType<PointsRefunded>();
    }

    public override Hold? Evolve(Hold? snapshot, Guid id, IEvent e) =>
        e.Data is VolunteerAccountEvent accountEvent ? Hold.Evolve(snapshot, accountEvent) : snapshot;
}
