using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// The ledger's <see cref="RejectServiceRecord"/>, decided on the record's stream. Its command id travels beside it and
/// is handled by <see cref="CommandIdempotency"/>.
/// </summary>
public static class RejectServiceRecordHandler
{
    public static async Task<Accepted> Handle(RejectServiceRecord command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var record = await session.Events.FetchForWriting<ServiceRecord>(command.RecordId, cancellation);
        record.AppendMany(ServiceRecordDecider.Decide(command, record.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.RecordId);
    }
}
