namespace TimeBank.Ledger.Gifts;

/// <summary>
/// The relation between two registered members: recorded by staff, confirmed by each member for themself; gifts go
/// along it only while it is confirmed (both confirmed, not ended). Its id is the pair's (<see cref="IdOf"/>), so a pair
/// has one relation, recorded again after it ended.
/// </summary>
/// <param name="Kind">What <paramref name="RelativeId"/> is to <paramref name="MemberId"/>.</param>
public sealed record Relation(
    Guid Id,
    Guid MemberId,
    Guid RelativeId,
    DirectRelation Kind,
    Guid MemberHomeCommunityId,
    Guid RelativeHomeCommunityId,
    bool MemberConfirmed,
    bool RelativeConfirmed,
    DateTimeOffset RecordedAt,
    DateTimeOffset? ConfirmedAt = null,
    DateTimeOffset? EndedAt = null)
{
    public bool IsEnded => EndedAt is not null;

    /// <summary>Both confirmed, and not ended: a gift may go along it.</summary>
    public bool IsConfirmed => MemberConfirmed && RelativeConfirmed && !IsEnded;

    public RelationState State => IsEnded ? RelationState.Ended : IsConfirmed ? RelationState.Confirmed : RelationState.Pending;

    /// <summary>The relation of a pair, whichever way round it is named.</summary>
    public static Guid IdOf(Guid one, Guid other) =>
        one.CompareTo(other) <= 0 ? NameBasedId.From("relation", one, other) : NameBasedId.From("relation", other, one);

    public bool Concerns(Guid personId) => personId == MemberId || personId == RelativeId;

    /// <summary>The other member of the relation, seen from <paramref name="personId"/>.</summary>
    public Guid OtherOf(Guid personId) => personId == MemberId ? RelativeId : MemberId;

    /// <summary>What the other member is to <paramref name="personId"/>.</summary>
    public DirectRelation KindSeenBy(Guid personId) => personId == MemberId ? Kind : Kind.Inverse();

    public bool HasConfirmed(Guid personId) => personId == MemberId ? MemberConfirmed : personId == RelativeId && RelativeConfirmed;

    public static Relation? Evolve(Relation? state, RelationEvent @event) => (state, @event) switch
    {
        // Recorded anew after it ended: a fresh relation, to be confirmed again by both.
        (_, RelationRecorded r) => new Relation(
            r.RelationId, r.MemberId, r.RelativeId, r.Kind, r.MemberHomeCommunityId, r.RelativeHomeCommunityId, false, false, r.RecordedAt),
        (null, _) => null,
        (_, RelationConfirmed c) => Confirm(state, c),
        (_, RelationEnded e) => state with { EndedAt = e.EndedAt },
        _ => throw new UnknownEventException($"{nameof(Relation)}.{nameof(Evolve)}", @event),
    };

    private static Relation Confirm(Relation state, RelationConfirmed c)
    {
        var next = c.ConfirmedBy == state.MemberId ? state with { MemberConfirmed = true } : state with { RelativeConfirmed = true };
        return next.MemberConfirmed && next.RelativeConfirmed ? next with { ConfirmedAt = c.ConfirmedAt } : next;
    }
}

/// <summary>Where a relation stands. Stored by name.</summary>
public enum RelationState
{
    /// <summary>Recorded; waiting for one or both members to confirm.</summary>
    Pending,

    /// <summary>Both members confirmed: gifts may go along it.</summary>
    Confirmed,

    /// <summary>Ended: no gift goes along it.</summary>
    Ended,
}
