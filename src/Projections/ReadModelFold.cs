using JasperFx.Events;
using JasperFx.Events.Projections;

namespace TimeBank.Projections;

/// <summary>A document as a rebuild leaves it, with the version Marten would have stamped on it live.</summary>
/// <param name="Version">The number Marten keeps in the document's version column; null for documents it versions with
/// a new Guid on every write.</param>
public readonly record struct FoldedDocument(object Id, object Document, long? Version);

/// <summary>The read models' documents as the rebuild's earlier parts stored them (ADR 0049), read in the part's transaction.</summary>
public interface IStoredDocuments
{
    /// <summary>The stored documents of <paramref name="documentType"/> among <paramref name="ids"/>, by id; an id not stored is left out.</summary>
    Task<IReadOnlyDictionary<object, FoldedDocument>> LoadAsync(Type documentType, IReadOnlyCollection<object> ids, CancellationToken cancellation);
}

/// <summary>
/// One read model as the rebuild folds it (ADR 0020, in bounded parts since ADR 0049): the events its projection reads
/// (the projection's own type list), the documents an event concerns, and the projection's own <c>Evolve</c>. The pass
/// reads every event once and hands it to every fold. A part begins with <see cref="BeginPart"/>; the fold keeps only
/// the documents the part touches, loading those an earlier part stored before it folds an event that needs them, and
/// the part ends by writing what changed (<see cref="Documents"/>, <see cref="Deleted"/>).
/// </summary>
public abstract class ReadModelFold(ProjectionBase projection)
{
    private readonly HashSet<Type> reads = [.. projection.IncludedEventTypes];

    /// <summary>The projection's name, as its progression is kept under.</summary>
    public string ProjectionName => projection.Name;

    /// <summary>The document types the fold writes (one table each): a rebuild empties them and writes them anew.</summary>
    public abstract IReadOnlyList<Type> DocumentTypes { get; }

    /// <summary>Documents written by this part.</summary>
    public abstract int Count { get; }

    /// <summary>
    /// Forgets the previous part's documents. <paramref name="stored"/> null: the store holds none of this fold's
    /// documents (the first part, right after emptying the tables), so a document not written in this part does not exist.
    /// </summary>
    public abstract void BeginPart(IStoredDocuments? stored);

    /// <summary>Folds a page of events in, in sequence order, loading first what they need that an earlier part stored.</summary>
    public async Task FoldAsync(IReadOnlyList<IEvent> page, CancellationToken cancellation)
    {
        var mine = page.Where(e => reads.Contains(e.EventType)).ToList();
        if (mine.Count > 0)
        {
            await FoldOwnAsync(mine, cancellation);
        }
    }

    /// <summary>Folds the events of a page that the projection reads.</summary>
    protected abstract Task FoldOwnAsync(IReadOnlyList<IEvent> events, CancellationToken cancellation);

    /// <summary>The documents this part wrote, of the <see cref="DocumentTypes"/>.</summary>
    public abstract IEnumerable<FoldedDocument> Documents();

    /// <summary>The documents this part deleted (an <c>Evolve</c> that returned null), by type and id.</summary>
    public abstract IEnumerable<(Type Type, object Id)> Deleted();

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
    /// A read model counted across the city (<see cref="Standings.CityFold"/>): in each part the documents its events
    /// name are loaded as the async daemon loads them (<see cref="Standings.CityFoldLoading"/>). Its documents are
    /// versioned by Marten with a new Guid.
    /// </summary>
    public static ReadModelFold WholeCity(ProjectionBase projection, Standings.CityFold fold) => new CityFoldRun(projection, fold);

    private sealed class CityFoldRun(ProjectionBase projection, Standings.CityFold fold) : ReadModelFold(projection)
    {
        private Standings.FoldDocuments documents = new(complete: true);
        private IStoredDocuments? stored;

        public override IReadOnlyList<Type> DocumentTypes => fold.DocumentTypes;

        public override int Count => documents.Changed.Count();

        public override void BeginPart(IStoredDocuments? stored)
        {
            this.stored = stored;
            documents = new(complete: stored is null);
        }

        protected override Task FoldOwnAsync(IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
            Standings.CityFoldLoading.FoldAsync(fold, documents, events, LoadAsync, cancellation);

        private async Task<IEnumerable<Standings.ICityDocument>> LoadAsync(Type type, IReadOnlyList<string> ids, CancellationToken cancellation) =>
            (await stored!.LoadAsync(type, ids, cancellation)).Values.Select(d => (Standings.ICityDocument)d.Document);

        public override IEnumerable<FoldedDocument> Documents() => documents.Changed.Select(d => new FoldedDocument(d.Id, d, null));

        // A city fold replaces documents and never deletes one.
        public override IEnumerable<(Type Type, object Id)> Deleted() => [];
    }

    private sealed class AggregateFold<TDoc, TId>(
        ProjectionBase projection, Func<TDoc?, TId, IEvent, TDoc?> evolve, Func<IEvent, IEnumerable<TId>> identities, Func<IEvent, long, long> version)
        : ReadModelFold(projection) where TDoc : class where TId : notnull
    {
        private readonly Dictionary<TId, (TDoc? Document, long Version)> documents = [];
        private readonly HashSet<TId> changed = [];
        private IStoredDocuments? stored;

        public override IReadOnlyList<Type> DocumentTypes => [typeof(TDoc)];

        public override int Count => changed.Count(id => documents[id].Document is not null);

        public override void BeginPart(IStoredDocuments? stored)
        {
            this.stored = stored;
            documents.Clear();
            changed.Clear();
        }

        protected override async Task FoldOwnAsync(IReadOnlyList<IEvent> events, CancellationToken cancellation)
        {
            if (stored is not null)
            {
                var missing = events.SelectMany(identities).Where(id => !documents.ContainsKey(id)).Distinct().ToList();
                if (missing.Count > 0)
                {
                    var found = await stored.LoadAsync(typeof(TDoc), [.. missing.Cast<object>()], cancellation);
                    foreach (var id in missing)
                    {
                        documents[id] = found.TryGetValue(id, out var document) ? ((TDoc)document.Document, document.Version ?? 0) : (null, 0);
                    }
                }
            }

            foreach (var e in events)
            {
                foreach (var id in identities(e))
                {
                    documents.TryGetValue(id, out var current);
                    // A null result deletes the document, as Marten does: the entry stays so that a later event starts it anew.
                    documents[id] = (evolve(current.Document, id, e), version(e, current.Version));
                    changed.Add(id);
                }
            }
        }

        public override IEnumerable<FoldedDocument> Documents() =>
            changed.Select(id => (Id: id, Entry: documents[id])).Where(d => d.Entry.Document is not null)
                .Select(d => new FoldedDocument(d.Id, d.Entry.Document!, d.Entry.Version));

        public override IEnumerable<(Type Type, object Id)> Deleted() =>
            changed.Where(id => documents[id].Document is null).Select(id => (typeof(TDoc), (object)id));
    }

    private sealed class EventDocumentFold<TDoc>(ProjectionBase projection, Func<IEvent, TDoc?> document, Func<TDoc, object> id)
        : ReadModelFold(projection) where TDoc : class
    {
        private readonly List<TDoc> documents = [];

        public override IReadOnlyList<Type> DocumentTypes => [typeof(TDoc)];

        public override int Count => documents.Count;

        public override void BeginPart(IStoredDocuments? stored) => documents.Clear();

        protected override Task FoldOwnAsync(IReadOnlyList<IEvent> events, CancellationToken cancellation)
        {
            foreach (var e in events)
            {
                if (document(e) is { } stored)
                {
                    documents.Add(stored);
                }
            }

            return Task.CompletedTask;
        }

        public override IEnumerable<FoldedDocument> Documents() => documents.Select(d => new FoldedDocument(id(d), d, null));

        public override IEnumerable<(Type Type, object Id)> Deleted() => [];
    }
}
