using TimeBank.Ledger.Commendations;

namespace TimeBank.Projections;

/// <summary>A commendation as it stands (granted, perhaps withdrawn): a volunteer's account lists them by volunteer. Inline.</summary>
public sealed class CommendationProjection() : AggregateProjection<Commendation, CommendationEvent>(Commendation.Evolve);
