using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
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

public static class RejectServiceRecordField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RejectServiceRecordInputType, RecordReasonInput, ServiceRecordPayloadType, ServiceRecord>(
            "rejectServiceRecord", "Staff of the record's community reject a submitted record, with a reason. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RejectServiceRecord(i.RecordId, i.Reason, actor)),
            ServiceRecordPayloadType.LoadAsync);
}

public sealed class RejectServiceRecordInputType()
    : RecordReasonInputType("RejectServiceRecordInput", "A submitted record to reject, and why.", "Why the record is rejected; the volunteer sees it.");
