using TimeBank.Ledger.Communities;

namespace TimeBank.Projections;

/// <summary>Communities and their staff. Inline.</summary>
public sealed class CommunityProjection() : AggregateProjection<Community, CommunityEvent>(Community.Evolve);
