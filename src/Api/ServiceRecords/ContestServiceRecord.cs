using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// A volunteer points out an error in their record; the community verifies and amends. The ledger's
/// <see cref="ContestServiceRecord"/>, decided on the record's stream.
/// </summary>
public static class ContestServiceRecordHandler
{
    public static async Task<Accepted> Handle(ContestServiceRecord command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var record = await session.Events.FetchForWriting<ServiceRecord>(command.RecordId, cancellation);
        record.AppendMany(ServiceRecordDecider.Decide(command, record.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.RecordId);
    }
}
