using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="CancelSlot"/>: on the slot's lock, so that no sign-up slips in beside it.</summary>
public static class CancelSlotHandler
{
    public static async Task<Accepted> Handle(CancelSlot command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var slot = await session.Events.FetchForExclusiveWriting<Slot>(command.SlotId, cancellation);
        slot.AppendMany(SlotDecider.Decide(command, slot.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.SlotId);
    }
}

public static class CancelSlotField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<CancelSlotInputType, CancelSlotInput, SlotPayloadType, CancelSlot, Slot>(
            "cancelSlot", "Staff of the slot's community cancel it before it starts, with a reason: every place and the waiting list are released. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `SLOT_CANCELLED`, `SLOT_IN_PAST`, `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new CancelSlot(i.SlotId, i.Reason, actor)),
            SlotPayloadType.LoadAsync);
}

public sealed class CancelSlotInput
{
    public Guid CommandId { get; init; }
    public Guid SlotId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class CancelSlotInputType : InputObjectGraphType<CancelSlotInput>
{
    public CancelSlotInputType()
    {
        Name = "CancelSlotInput";
        Description = "A slot to cancel, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("slotId").Description("The slot's UUID.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why, as its volunteers will read it; required, at most {TextLimits.Reason} characters.");
    }
}
