using System.Reflection;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace TimeBank.Projections.Standings;

/// <summary>
/// Runs a <see cref="CityFold"/> in the async daemon: for each page of events, the documents the events name are loaded
/// (<see cref="CityFoldLoading"/>), the events are folded in order, and every document written is stored once with the
/// page's progress.
/// </summary>
public sealed class CityFoldProjection(CityFold fold) : IProjection
{
    private static readonly MethodInfo LoadMany = typeof(CityFoldProjection).GetMethod(nameof(LoadManyAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public CityFold Fold { get; } = fold;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var folded = events.Where(e => Fold.EventTypes.Contains(e.EventType)).ToList();
        if (folded.Count == 0)
        {
            return;
        }

        var documents = new FoldDocuments(complete: false);
        await CityFoldLoading.FoldAsync(Fold, documents, folded, (type, ids, ct) =>
            (Task<IEnumerable<ICityDocument>>)LoadMany.MakeGenericMethod(type).Invoke(null, [operations, ids, ct])!, cancellation);
        operations.StoreObjects(documents.Changed);
    }

    private static async Task<IEnumerable<ICityDocument>> LoadManyAsync<T>(IDocumentOperations operations, IReadOnlyList<string> ids, CancellationToken cancellation)
        where T : class, ICityDocument =>
        await operations.LoadManyAsync<T>(cancellation, ids);
}

/// <summary>
/// Folds events into a <see cref="CityFold"/> whose documents are stored (the daemon's batches, the rebuild's parts after
/// the first, ADR 0049): what the events name is loaded first, one query per document type and round, and a document an
/// event needs that only an earlier event of the same batch made known (a volunteer registered and credited in one
/// page) is loaded just before that event. With complete documents nothing is loaded.
/// </summary>
public static class CityFoldLoading
{
    /// <summary>Loads the stored documents of a type among the ids; those not stored are left out.</summary>
    public delegate Task<IEnumerable<ICityDocument>> Load(Type documentType, IReadOnlyList<string> ids, CancellationToken cancellation);

    public static async Task FoldAsync(CityFold fold, FoldDocuments documents, IReadOnlyList<IEvent> events, Load load, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(fold);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(events);
        // A few rounds load what the batch names up front: a volunteer's document, then the areas it names.
        for (var round = 0; round < 4 && await LoadAsync(documents, events.SelectMany(e => fold.Reads(e, documents)), load, cancellation); round++)
        {
        }

        foreach (var e in events)
        {
            while (await LoadAsync(documents, fold.Reads(e, documents), load, cancellation))
            {
            }

            fold.Apply(e, documents);
        }
    }

    /// <summary>Loads the named documents not yet known; false when there were none.</summary>
    private static async Task<bool> LoadAsync(FoldDocuments documents, IEnumerable<DocumentKey> keys, Load load, CancellationToken cancellation)
    {
        var missing = keys.Where(k => !documents.IsKnown(k)).Distinct().ToList();
        foreach (var ofType in missing.GroupBy(k => k.Type))
        {
            var ids = ofType.Select(k => k.Id).ToList();
            var found = (await load(ofType.Key, ids, cancellation)).ToDictionary(d => d.Id);
            foreach (var id in ids)
            {
                documents.Loaded(new DocumentKey(ofType.Key, id), found.GetValueOrDefault(id));
            }
        }

        return missing.Count > 0;
    }
}

/// <summary>Registers a city fold as an async projection under its name, reading only the events it folds.</summary>
public static class CityFoldRegistration
{
    public static void AddCityFold(this StoreOptions options, CityFold fold, string name)
    {
        // Known to the schema up front (created with the others, emptied by a rebuild), not on the daemon's first write.
        foreach (var type in fold.DocumentTypes)
        {
            options.RegisterDocumentType(type);
        }

        options.Projections.Add(new CityFoldProjection(fold), ProjectionLifecycle.Async, name);
        var registered = (IEventFilterable)options.Projections.All.Single(p => p.Name == name);
        registered.IncludeTypes(fold.EventTypes);
    }
}
