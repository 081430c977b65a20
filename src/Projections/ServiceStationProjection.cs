using TimeBank.Ledger.Stations;

namespace TimeBank.Projections;

/// <summary>A volunteer service station and its attested haves: listed by community. Inline.</summary>
public sealed class ServiceStationProjection() : AggregateProjection<ServiceStation, ServiceStationEvent>(ServiceStation.Evolve);
