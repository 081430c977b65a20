using JasperFx.Events;

namespace TimeBank.Projections.Standings;

/// <summary>
/// A read model counted across the whole city (boards, KPIs): an event of one stream changes documents named by
/// state that other streams wrote (a volunteer's home community, a community's street and district). The fold is pure:
/// it reads and writes documents through <see cref="FoldDocuments"/> only, so the same code runs in the async daemon
/// (a batch at a time, its documents loaded first by <see cref="Reads"/>) and in the single-pass rebuild (everything in
/// memory). Every document it writes has a string <c>Id</c>.
/// </summary>
public abstract class CityFold
{
    /// <summary>The event types the fold reads; every other event passes it by.</summary>
    public abstract IReadOnlySet<Type> EventTypes { get; }

    /// <summary>Every document type the fold writes (each an <see cref="ICityDocument"/>): a rebuild empties their tables first.</summary>
    public abstract IReadOnlyList<Type> DocumentTypes { get; }

    /// <summary>
    /// The documents <see cref="Apply"/> reads for this event, given those already loaded: asked again after each load
    /// until it names nothing new (a volunteer's document first, then the areas it names).
    /// </summary>
    public abstract IEnumerable<DocumentKey> Reads(IEvent e, FoldDocuments documents);

    /// <summary>Folds one event in; events come in sequence order.</summary>
    public abstract void Apply(IEvent e, FoldDocuments documents);
}

/// <summary>A document a city fold writes: its id is a string (an area key, a volunteer and a period…).</summary>
public interface ICityDocument
{
    string Id { get; }
}

/// <summary>A document a fold reads: its type and string id.</summary>
public readonly record struct DocumentKey(Type Type, string Id)
{
    public static DocumentKey Of<T>(string id) => new(typeof(T), id);
}

/// <summary>The documents a fold works on: those loaded for the batch, and those it wrote (kept to be stored once).</summary>
/// <param name="complete">
/// True when the fold began from nothing and sees every event (the rebuild): a document it has not written does not
/// exist. False in the daemon, where a document must be loaded (named by <see cref="CityFold.Reads"/>) before it is read.
/// </param>
public sealed class FoldDocuments(bool complete)
{
    private readonly Dictionary<DocumentKey, object?> documents = [];
    private readonly HashSet<DocumentKey> changed = [];

    /// <summary>The document, or null when it does not exist.</summary>
    /// <exception cref="InvalidOperationException">The document was never loaded: <see cref="CityFold.Reads"/> did not name it.</exception>
    public T? Get<T>(string id) where T : class
    {
        var key = DocumentKey.Of<T>(id);
        if (documents.TryGetValue(key, out var document))
        {
            return (T?)document;
        }

        return complete
            ? null
            : throw new InvalidOperationException($"The fold read {typeof(T).Name} '{id}' without naming it in Reads: it was not loaded.");
    }

    /// <summary>Replaces the document; it is stored when the batch (or the rebuild) ends.</summary>
    public void Put<T>(string id, T document) where T : class
    {
        var key = DocumentKey.Of<T>(id);
        documents[key] = document;
        changed.Add(key);
    }

    /// <summary>Whether the document was loaded (or written), existing or not.</summary>
    public bool IsKnown(DocumentKey key) => complete || documents.ContainsKey(key);

    /// <summary>Records what the store holds for <paramref name="key"/> (null: nothing).</summary>
    public void Loaded(DocumentKey key, object? document) => documents[key] = document;

    /// <summary>The documents written since they were loaded (or since the fold began), to be stored.</summary>
    public IEnumerable<ICityDocument> Changed => changed.Select(key => documents[key]).OfType<ICityDocument>();
}
