using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.ServiceRecords;
using TimeBank.Ledger;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>
/// The ledger's <see cref="VerifySlotRecords"/>: the slot gives its records; those still submitted are verified and credited
/// by the batch verification itself (<see cref="VerifyServiceRecordsHandler"/>), in this command's transaction.
/// </summary>
public static class VerifySlotRecordsHandler
{
    public static async Task<Accepted> Handle(
        VerifySlotRecords command, IDocumentSession session, PolicyBook policies, Wolverine.IMessageBus bus, Districts.DistrictSettings districts,
        Districts.CityDirectory directory, TimeProvider clock, CancellationToken cancellation)
    {
        var slot = await session.LoadAsync<Slot>(command.SlotId, cancellation);
        var ids = SlotDecider.RecordsToVerify(slot, command.SlotId, command.Actor);
        var records = await session.LoadManyAsync<ServiceRecord>(cancellation, ids);
        var awaiting = records.Where(r => r.Status == RecordStatus.Submitted).Select(r => r.Id).ToList();
        if (awaiting.Count == 0)
        {
            throw new LedgerRefusal(RefusalCodes.EmptyBatch, "Every record of this slot has been verified or rejected already.");
        }

        await VerifyServiceRecordsHandler.Handle(new VerifyServiceRecords(awaiting, command.Actor), session, policies, bus, clock, cancellation, districts, directory);
        return new Accepted([command.SlotId, .. awaiting]);
    }
}

public static class VerifySlotRecordsField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SlotInputType, SlotInput, SlotPayloadType, VerifySlotRecords, Slot>(
            "verifySlotRecords", "Staff of the slot's community verify, all or none, every record its check-outs submitted that still awaits verification; "
                + "each is credited to its volunteer's account in the same transaction (as `verifyServiceRecords`). Refusals: `NOT_FOUND`, "
                + "`NOT_STAFF_OF_COMMUNITY`, `EMPTY_BATCH` (nothing to verify), and the records': `OWN_RECORD`, `INVALID_RECORD_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new VerifySlotRecords(i.SlotId, actor)),
            SlotPayloadType.LoadAsync);
}
