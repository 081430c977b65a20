using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="WithdrawFromSlot"/>: on the slot's lock, as sign-ups are, since it moves the waiting list up.</summary>
public static class WithdrawFromSlotHandler
{
    public static async Task<Accepted> Handle(WithdrawFromSlot command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var slot = await session.Events.FetchForExclusiveWriting<Slot>(command.SlotId, cancellation);
        slot.AppendMany(SlotDecider.Decide(command, slot.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.SlotId);
    }
}

public static class WithdrawFromSlotField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SlotInputType, SlotInput, SlotPayloadType, WithdrawFromSlot, Slot>(
            "withdrawFromSlot", "A volunteer gives up their place, up to the slot's `withdrawUntil`; the first volunteer waiting takes it. Leaving the "
                + "waiting list is allowed until the slot is cancelled. Refusals: `NOT_FOUND`, `NOT_SIGNED_UP`, `WITHDRAWAL_CLOSED`, `SLOT_CANCELLED`, "
                + "`ALREADY_CHECKED_IN`, `NO_SHOW_RECORDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, new WithdrawFromSlot(i.SlotId, actor)),
            SlotPayloadType.DistrictOfAsync, SlotPayloadType.LoadAsync);
}
