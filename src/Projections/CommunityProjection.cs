using JasperFx.Events;
using Marten.Events.Aggregation;
using TimeBank.Ledger.Communities;

namespace TimeBank.Projections;

/// <summary>Communities and their staff. Inline.</summary>
public sealed class CommunityProjection : SingleStreamProjection<Community, Guid>
{
    public CommunityProjection() => this.IncludeKind<CommunityEvent>();

    public override Community? Evolve(Community? snapshot, Guid id, IEvent e) =>
        e.Data is CommunityEvent communityEvent ? Community.Evolve(snapshot, communityEvent) : snapshot;
}
