using JasperFx.Events;
using JasperFx.Events.Projections;

namespace TimeBank.Projections;

/// <summary>A document as a rebuild leaves it, with the version Marten would have stamped on it live.</summary>
/// <param name="Version">The number Marten keeps in the document's version column; null for documents it versions with
/// a new Guid on every write.</param>
public readonly record struct FoldedDocument(object Id, object Document, long? Version);

/// <summary>
/// One read model as the single-pass rebuild folds it (ADR 0020): the events its projection reads (the projection's
/// own type list), the documents an event concerns, and the projection's own <c>Evolve</c>. The pass reads every event
/// once and hands it to every fold; the documents stay in memory until the pass ends and are then written once.
/// </summary>
public abstract class ReadModelFold(ProjectionBase projection)
{
    private readonly HashSet<Type> reads = [.. projection.IncludedEventTypes];

    /// <summary>The projection's name, as its progression is kept under.</summary>
    public string ProjectionName => projection.Name;

    /// <summary>The document types the fold writes (one table each): a rebuild empties them and writes them anew.</summary>
    public abstract IReadOnlyList<Type> DocumentTypes { get; }

    public abstract int Count { get; }

    /// <summary>Folds the event in when the projection reads its type; events come in sequence order.</summary>
    public void Apply(IEvent e)
    {
        if (reads.Contains(e.EventType))
        {
            Fold(e);
        }
    }

    protected abstract void Fold(IEvent e);

    /// <summary>The folded documents, of the <see cref="DocumentTypes"/>.</summary>
    public abstract IEnumerable<FoldedDocument> Documents();

    /// <summary>A single-stream aggregate: one document per stream, versioned by the stream's version.</summary>
    public static ReadModelFold PerStream<TDoc>(ProjectionBase projection, Func<TDoc?, Guid, IEvent, TDoc?> evolve)
        where TDoc : class =>
        new AggregateFold<TDoc, Guid>(projection, evolve, e => [e.StreamId], (e, _) => e.Version);

    /// <summary>
    /// A multi-stream aggregate: the documents its identities name. Marten versions them by the last event's sequence
    /// when the daemon writes them (async); written with the events (inline), it counts the writes, which a rebuild
    /// cannot know, so it counts the events applied: never fewer, and the next write goes on from there.
    /// </summary>
    public static ReadModelFold PerIdentity<TDoc, TId>(ProjectionBase projection, Func<TDoc?, TId, IEvent, TDoc?> evolve, Func<IEvent, IEnumerable<TId>> identities)
        where TDoc : class where TId : notnull =>
        new AggregateFold<TDoc, TId>(projection, evolve, identities,
            projection.Lifecycle == ProjectionLifecycle.Inline ? (_, applied) => applied + 1 : (e, _) => e.Sequence);

    /// <summary>An event projection that stores at most one new document per event.</summary>
    public static ReadModelFold PerEvent<TDoc>(ProjectionBase projection, Func<IEvent, TDoc?> document, Func<TDoc, object> id)
        where TDoc : class =>
        new EventDocumentFold<TDoc>(projection, document, id);

    /// <summary>
    /// A read model counted across the city (<see cref="Standings.CityFold"/>): the fold begins from nothing, sees every
    /// event, and keeps every document it writes in memory. Its documents are versioned by Marten with a new Guid.
    /// </summary>
    public static ReadModelFold WholeCity(ProjectionBase projection, Standings.CityFold fold) => new CityFoldRun(projection, fold);

    private sealed class CityFoldRun(ProjectionBase projection, Standings.CityFold fold) : ReadModelFold(projection)
    {
        private readonly Standings.FoldDocuments documents = new(complete: true);

        public override IReadOnlyList<Type> DocumentTypes => fold.DocumentTypes;

        public override int Count => documents.Changed.Count();

        protected override void Fold(IEvent e) => fold.Apply(e, documents);

        public override IEnumerable<FoldedDocument> Documents() => documents.Changed.Select(d => new FoldedDocument(d.Id, d, null));
    }

    private sealed class AggregateFold<TDoc, TId>(
        ProjectionBase projection, Func<TDoc?, TId, IEvent, TDoc?> evolve, Func<IEvent, IEnumerable<TId>> identities, Func<IEvent, long, long> version)
        : ReadModelFold(projection) where TDoc : class where TId : notnull
    {
        private readonly Dictionary<TId, (TDoc? Document, long Version)> documents = [];

        public override IReadOnlyList<Type> DocumentTypes => [typeof(TDoc)];

        public override int Count => documents.Count;

        protected override void Fold(IEvent e)
        {
            foreach (var id in identities(e))
            {
                documents.TryGetValue(id, out var current);
                // A null result deletes the document, as Marten does: the entry stays so that a later event starts it anew.
                documents[id] = (evolve(current.Document, id, e), version(e, current.Version));
            }
        }

        public override IEnumerable<FoldedDocument> Documents() =>
            documents.Where(d => d.Value.Document is not null).Select(d => new FoldedDocument(d.Key, d.Value.Document!, d.Value.Version));
    }

    private sealed class EventDocumentFold<TDoc>(ProjectionBase projection, Func<IEvent, TDoc?> document, Func<TDoc, object> id)
        : ReadModelFold(projection) where TDoc : class
    {
        private readonly List<TDoc> documents = [];

        public override IReadOnlyList<Type> DocumentTypes => [typeof(TDoc)];

        public override int Count => documents.Count;

        protected override void Fold(IEvent e)
        {
            if (document(e) is { } stored)
            {
                documents.Add(stored);
            }
        }

        public override IEnumerable<FoldedDocument> Documents() => documents.Select(d => new FoldedDocument(id(d), d, null));
    }
}
