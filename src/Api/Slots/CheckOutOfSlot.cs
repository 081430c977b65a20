using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.ServiceRecords;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>
/// The ledger's <see cref="CheckOutOfSlot"/>: the check-out and the service record it submits, in one transaction. The
/// record is checked against what a staff submission is (<see cref="RecordContexts"/>: the project, the lock on the
/// volunteer's account, their records that could overlap) and decided by the record's own decider; a refusal of the
/// record refuses the check-out.
/// </summary>
public static class CheckOutOfSlotHandler
{
    public static async Task<Accepted> Handle(
        CheckOutOfSlot command, IDocumentSession session, PolicyBook policies, Districts.CityDirectory directory, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var slot = await session.Events.FetchForWriting<Slot>(command.SlotId, cancellation);
        var checkedInAt = slot.Aggregate?.AttendanceOf(command.VolunteerId)?.CheckedInAt ?? now;
        var recordId = SlotDecider.RecordIdOf(command.SlotId, command.VolunteerId);
        var batch = session.CreateBatchQuery();
        var context = RecordContexts.Read(batch, session, policies, directory, slot.Aggregate?.ProjectId ?? Guid.Empty, command.VolunteerId, checkedInAt, now, cancellation);
        var recordFetch = batch.Events.FetchForWriting<ServiceRecord>(recordId);
        await batch.Execute(cancellation);
        var record = await recordFetch;
        var (slotEvents, recordEvents) = SlotDecider.CheckOut(command, slot.Aggregate, record.Aggregate, await context(), now);
        slot.AppendMany(slotEvents);
        record.AppendMany(recordEvents);
        return new Accepted(command.SlotId, recordId);
    }
}

public static class CheckOutOfSlotField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AttendanceInputType, AttendanceInput, SlotPayloadType, CheckOutOfSlot, Slot>(
            "checkOutOfSlot", "A checked-in volunteer checks out with the slot's code, or staff of its community check them out: this submits their "
                + "service record (from check-in to check-out, in whole minutes; `Slot.mySignUp.recordId`), which staff verify, singly or with the "
                + "whole slot (`verifySlotRecords`). The record's rules apply. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `CHECK_IN_CODE_INVALID`, "
                + "`SLOT_CANCELLED`, `NOT_SIGNED_UP`, `NOT_CHECKED_IN`, `ALREADY_CHECKED_OUT`, `NO_SHOW_RECORDED`, and the record's: `RECORD_TOO_LONG`, "
                + "`RECORD_OVERLAPS`, `RECORD_MINUTES_INVALID` (less than a minute served).",
            (actor, i) => Idempotent.Of(i.CommandId, new CheckOutOfSlot(i.SlotId, i.VolunteerId ?? actor.PersonId, i.Code, actor)),
            SlotPayloadType.DistrictOfAsync, SlotPayloadType.LoadAsync);
}
