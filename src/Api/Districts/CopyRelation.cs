using Marten;
using TimeBank.Ledger.Gifts;
using Wolverine;

namespace TimeBank.Api.Districts;

/// <summary>
/// One decision on a relation whose members are homed in two districts (ADR 0047), taken in one of them and copied to the
/// other's copy of the relation: from the deciding district's outbox, in the deciding transaction, through
/// <see cref="DistrictCredits.Queue"/>, stamped with <paramref name="District"/>. Exactly one of the events is set (a
/// message names concrete types, so the event family is spelled out).
/// </summary>
public sealed record CopyRelation(string District, RelationRecorded? Recorded = null, RelationConfirmed? Confirmed = null, RelationEnded? Ended = null)
{
    public RelationEvent Decided => (RelationEvent?)Recorded ?? (RelationEvent?)Confirmed ?? Ended
        ?? throw new InvalidOperationException("A relation's copy carries one decision.");

    public static CopyRelation Of(RelationEvent decided, string district) => decided switch
    {
        RelationRecorded r => new(district, Recorded: r),
        RelationConfirmed c => new(district, Confirmed: c),
        RelationEnded e => new(district, Ended: e),
        _ => throw new ArgumentException($"No copy of {decided.GetType().Name}.", nameof(decided)),
    };
}

/// <summary>Where a relation's decisions are copied: the home districts of its members other than the deciding one.</summary>
public static class RelationCopies
{
    /// <summary>
    /// Districts mode: each of <paramref name="decided"/> to the home district (city directory) of either member that is
    /// not <paramref name="here"/>. Single-database mode, or both members homed here: nothing is sent.
    /// </summary>
    public static async Task TellAsync(
        IMessageBus bus, CityDirectory directory, DistrictSettings districts, Guid memberId, Guid relativeId, IReadOnlyCollection<RelationEvent> decided,
        string here, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(districts);
        ArgumentNullException.ThrowIfNull(decided);
        if (!directory.IsOn || decided.Count == 0)
        {
            return;
        }

        var homes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in new[] { memberId, relativeId })
        {
            if (await directory.HomeOfAsync(member, cancellation) is { } home && home != here && districts.IsConfigured(home))
            {
                homes.Add(home);
            }
        }

        foreach (var home in homes)
        {
            foreach (var @event in decided)
            {
                await bus.PublishAsync(CopyRelation.Of(@event, home), new DeliveryOptions { TenantId = home });
            }
        }
    }
}

/// <summary>The copy of a relation in this district takes a decision of the other district, once (<see cref="RelationDecider.Copy"/>).</summary>
public static class CopyRelationHandler
{
    public static async Task Handle(CopyRelation message, IDocumentSession session, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(session);
        if (!string.Equals(session.TenantId, message.District, StringComparison.Ordinal))
        {
            throw new UnknownDistrictException(message.District, session.TenantId);
        }

        var decided = message.Decided;
        var relation = await session.Events.FetchForExclusiveWriting<Relation>(decided.RelationId, cancellation);
        relation.AppendMany(RelationDecider.Copy(decided, relation.Aggregate));
    }
}
