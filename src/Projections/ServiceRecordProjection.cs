using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Projections;

/// <summary>A service record as it stands: the staff's verification queue and a volunteer's schedule read it. Inline.</summary>
public sealed class ServiceRecordProjection() : AggregateProjection<ServiceRecord, ServiceRecordEvent>(ServiceRecord.Evolve);
