using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="CheckInToSlot"/>.</summary>
public static class CheckInToSlotHandler
{
    public static async Task<Accepted> Handle(CheckInToSlot command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var slot = await session.Events.FetchForWriting<Slot>(command.SlotId, cancellation);
        slot.AppendMany(SlotDecider.Decide(command, slot.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.SlotId);
    }
}

public static class CheckInToSlotField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AttendanceInputType, AttendanceInput, SlotPayloadType, CheckInToSlot, Slot>(
            "checkInToSlot", "A signed-up volunteer checks in with the slot's code (the staff's QR), or staff of the slot's community check them in "
                + "without it; from an hour before the start to the end. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY` (someone else's check-in), "
                + "`CHECK_IN_CODE_INVALID`, `SLOT_CANCELLED`, `NOT_SIGNED_UP`, `ALREADY_CHECKED_IN`, `NO_SHOW_RECORDED`, `SLOT_NOT_IN_PROGRESS`.",
            (actor, i) => Idempotent.Of(i.CommandId, new CheckInToSlot(i.SlotId, i.VolunteerId ?? actor.PersonId, i.Code, actor)),
            SlotPayloadType.DistrictOfAsync, SlotPayloadType.LoadAsync);
}
