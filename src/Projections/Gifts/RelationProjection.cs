using TimeBank.Ledger.Gifts;

namespace TimeBank.Projections.Gifts;

/// <summary>A relation between two members as its events leave it: inline, so a gift reads the relation as it stands.</summary>
public sealed class RelationProjection() : AggregateProjection<Relation, RelationEvent>(Relation.Evolve);
