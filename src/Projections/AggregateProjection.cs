using JasperFx.Events;
using Marten.Events.Aggregation;

namespace TimeBank.Projections;

/// <summary>
/// An aggregate stored as its document, one per stream: it reads its family's events and folds them with the
/// aggregate's own <c>Evolve</c> from <c>src/Ledger</c>, so live state and replay cannot differ.
/// </summary>
public abstract class AggregateProjection<TDoc, TFamily> : SingleStreamProjection<TDoc, Guid>
    where TDoc : class
    where TFamily : class
{
    private readonly Func<TDoc?, TFamily, TDoc?> evolve;

    protected AggregateProjection(Func<TDoc?, TFamily, TDoc?> evolve)
    {
        this.evolve = evolve;
        this.IncludeKind<TFamily>();
    }

    public override TDoc? Evolve(TDoc? snapshot, Guid id, IEvent e) => e.Data is TFamily familyEvent ? evolve(snapshot, familyEvent) : snapshot;
}
