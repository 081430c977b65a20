using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// The community corrects a record: a new event; the original stays in the stream. The ledger's
/// <see cref="AmendServiceRecord"/>, checked against the record's context as a submission is.
/// </summary>
public static class AmendServiceRecordHandler
{
    public static async Task<Accepted> Handle(
        AmendServiceRecord command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var record = await session.Events.FetchForWriting<ServiceRecord>(command.RecordId, cancellation);
        var context = record.Aggregate is { } amended
            ? await RecordContexts.LoadAsync(session, policies, amended.ProjectId, amended.VolunteerId, command.StartedAt, command.EndedAt, cancellation)
            : RecordContext.None;
        record.AppendMany(ServiceRecordDecider.Decide(command, record.Aggregate, clock.GetUtcNow(), context));
        return new Accepted(command.RecordId);
    }
}
