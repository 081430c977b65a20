using JasperFx.Events;
using JasperFx.Events.Grouping;
using JasperFx.Events.Projections;
using TimeBank.Ledger;

namespace TimeBank.Projections;

/// <summary>
/// A read model names the events it reads by their family or kind in the ledger (<see cref="LedgerEvents"/>), not by a
/// list of its own: a new event of the family reaches it, and its fold must then know it.
/// </summary>
internal static class ReadsFromFamilies
{
    /// <summary>Reads these event types only: without a list a rebuild reads and deserializes every event of the store (ADR 0016).</summary>
    public static void IncludeTypes(this IEventFilterable projection, IEnumerable<Type> eventTypes)
    {
        foreach (var eventType in eventTypes)
        {
            projection.IncludeType(eventType);
        }
    }

    /// <summary>Reads every event of a family or kind.</summary>
    public static void IncludeKind<TKind>(this IEventFilterable projection) => projection.IncludeTypes(LedgerEvents.Of<TKind>());

    /// <summary>Sorts each event a multi-stream projection reads into the documents <paramref name="identities"/> names.</summary>
    public static Task AddEach<TId>(this IEventGrouping<TId> grouping, IReadOnlyList<IEvent> events, Func<IEvent, IReadOnlyList<TId>> identities)
    {
        foreach (var e in events)
        {
            foreach (var id in identities(e))
            {
                grouping.AddEvent(id, e);
            }
        }

        return Task.CompletedTask;
    }
}
