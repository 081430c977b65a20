using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
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

public static class ContestServiceRecordField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ContestServiceRecordInputType, RecordReasonInput, ServiceRecordPayloadType, ServiceRecord>(
            "contestServiceRecord", "A volunteer points out an error or omission in their record. Refusals: `NOT_FOUND`, `FORBIDDEN` (not their record), `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ContestServiceRecord(i.RecordId, i.Reason, actor)),
            ServiceRecordPayloadType.LoadAsync);
}

public sealed class ContestServiceRecordInputType()
    : RecordReasonInputType("ContestServiceRecordInput", "The volunteer's own record to contest, and what is wrong.", "What is wrong or missing in the record.");
