using System.Reflection;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace TimeBank.Projections.Standings;

/// <summary>
/// Runs a <see cref="CityFold"/> in the async daemon: for each page of events, the documents the events name are loaded
/// (one query per document type and round), the events are folded in order, and every document written is stored once
/// with the page's progress. A document an event needs that only an earlier event of the same page made known (a
/// volunteer registered and credited in one page) is loaded just before that event.
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
        // A few rounds load what the page names up front: a volunteer's document, then the areas it names.
        for (var round = 0; round < 4 && await LoadAsync(operations, documents, folded.SelectMany(e => Fold.Reads(e, documents)), cancellation); round++)
        {
        }

        foreach (var e in folded)
        {
            while (await LoadAsync(operations, documents, Fold.Reads(e, documents), cancellation))
            {
            }

            Fold.Apply(e, documents);
        }

        operations.StoreObjects(documents.Changed);
    }

    /// <summary>Loads the named documents not yet known; false when there were none.</summary>
    private static async Task<bool> LoadAsync(IDocumentOperations operations, FoldDocuments documents, IEnumerable<DocumentKey> keys, CancellationToken cancellation)
    {
        var missing = keys.Where(k => !documents.IsKnown(k)).Distinct().ToList();
        foreach (var ofType in missing.GroupBy(k => k.Type))
        {
            var ids = ofType.Select(k => k.Id).ToList();
            var load = (Task<IReadOnlyList<ICityDocument>>)LoadMany.MakeGenericMethod(ofType.Key).Invoke(null, [operations, ids, cancellation])!;
            var found = (await load).ToDictionary(d => d.Id);
            foreach (var id in ids)
            {
                documents.Loaded(new DocumentKey(ofType.Key, id), found.GetValueOrDefault(id));
            }
        }

        return missing.Count > 0;
    }

    private static async Task<IReadOnlyList<ICityDocument>> LoadManyAsync<T>(IDocumentOperations operations, List<string> ids, CancellationToken cancellation)
        where T : class, ICityDocument =>
        [.. await operations.LoadManyAsync<T>(cancellation, ids)];
}

/// <summary>Registers a city fold as an async projection under its name, reading only the events it folds.</summary>
public static class CityFoldRegistration
{
    public static void AddCityFold(this StoreOptions options, CityFold fold, string name)
    {
        options.Projections.Add(new CityFoldProjection(fold), ProjectionLifecycle.Async, name);
        var registered = (IEventFilterable)options.Projections.All.Single(p => p.Name == name);
        registered.IncludeTypes(fold.EventTypes);
    }
}
