using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// Staff record a volunteer's service in one of their community's projects (谁组织谁记录). The ledger's
/// <see cref="SubmitServiceRecord"/>: one round trip reads what the record is checked against and the record's stream.
/// </summary>
public static class SubmitServiceRecordHandler
{
    public static async Task<Accepted> Handle(
        SubmitServiceRecord command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var context = RecordContexts.Read(batch, session, policies, command.ProjectId, command.VolunteerId, command.StartedAt, command.EndedAt, cancellation);
        var recordFetch = batch.Events.FetchForWriting<ServiceRecord>(command.RecordId);
        await batch.Execute(cancellation);
        var record = await recordFetch;
        record.AppendMany(ServiceRecordDecider.Decide(command, record.Aggregate, clock.GetUtcNow(), await context()));
        return new Accepted(command.RecordId);
    }
}
