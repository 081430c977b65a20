using TimeBank.Ledger.Gifts;

namespace TimeBank.Projections.Gifts;

/// <summary>A community's pool as its events leave it (its id is the pool's stream id, <see cref="CommunityPool.StreamIdOf"/>): inline, for its balance.</summary>
public sealed class CommunityPoolProjection() : AggregateProjection<CommunityPool, CommunityPoolEvent>(CommunityPool.Evolve);
