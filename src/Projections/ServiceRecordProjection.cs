using JasperFx.Events;
using Marten.Events.Aggregation;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Projections;

/// <summary>A service record as it stands: the staff's verification queue and a volunteer's schedule read it. Inline.</summary>
public sealed class ServiceRecordProjection : SingleStreamProjection<ServiceRecord, Guid>
{
    public ServiceRecordProjection() => this.IncludeKind<ServiceRecordEvent>();

    public override ServiceRecord? Evolve(ServiceRecord? snapshot, Guid id, IEvent e) =>
        e.Data is ServiceRecordEvent recordEvent ? ServiceRecord.Evolve(snapshot, recordEvent) : snapshot;
}
