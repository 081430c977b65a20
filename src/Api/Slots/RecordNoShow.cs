using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="RecordNoShow"/>.</summary>
public static class RecordNoShowHandler
{
    public static async Task<Accepted> Handle(RecordNoShow command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var slot = await session.Events.FetchForWriting<Slot>(command.SlotId, cancellation);
        slot.AppendMany(SlotDecider.Decide(command, slot.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.SlotId);
    }
}

public static class RecordNoShowField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AttendanceInputType, AttendanceInput, SlotPayloadType, RecordNoShow, Slot>(
            "recordNoShow", "Staff of the slot's community record, once the slot has ended, that a signed-up volunteer did not come. Refusals: `NOT_FOUND`, "
                + "`NOT_STAFF_OF_COMMUNITY`, `SLOT_CANCELLED`, `NOT_SIGNED_UP`, `ALREADY_CHECKED_IN`, `NO_SHOW_RECORDED`, `SLOT_NOT_OVER`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RecordNoShow(i.SlotId, i.VolunteerId ?? actor.PersonId, actor)),
            SlotPayloadType.LoadAsync);
}
