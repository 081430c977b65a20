using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Gifts;

public abstract record RelationCommand(Guid RelationId);

/// <summary>Staff of either member's home community record that <paramref name="RelativeId"/> is <paramref name="Kind"/> to <paramref name="MemberId"/>.</summary>
public sealed record RecordRelation(Guid MemberId, Guid RelativeId, DirectRelation Kind, Actor Actor)
    : RelationCommand(Relation.IdOf(MemberId, RelativeId)), IActorCommand;

/// <summary><paramref name="MemberId"/> confirms the relation, for themself: only that member may (each side confirms its own).</summary>
public sealed record ConfirmRelation(Guid RelationId, Guid MemberId, Actor Actor) : RelationCommand(RelationId), IActorCommand;

/// <summary>Either member, or staff of either member's home community, end the relation.</summary>
public sealed record EndRelation(Guid RelationId, Actor Actor) : RelationCommand(RelationId), IActorCommand;
