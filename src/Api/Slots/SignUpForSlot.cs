using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>
/// The ledger's <see cref="SignUpForSlot"/>. The slot's stream is locked for the transaction (FetchForExclusiveWriting):
/// sign-ups for one slot queue on the lock and are decided one after the other, each on the places the previous one left,
/// instead of racing and being retried (docs/adr/0043-time-slots.md).
/// </summary>
public static class SignUpForSlotHandler
{
    public static async Task<Accepted> Handle(
        SignUpForSlot command, IDocumentSession session, Districts.CityDirectory directory, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var accountLoad = batch.Load<VolunteerAccount>(command.Actor.PersonId);
        var slotFetch = batch.Events.FetchForExclusiveWriting<Slot>(command.SlotId);
        await batch.Execute(cancellation);
        var slot = await slotFetch;
        // Districts mode: a volunteer homed in another district is registered there (ADR 0047, 0048).
        var registered = await accountLoad is not null || await directory.KnowsAsync(command.Actor.PersonId, cancellation);
        slot.AppendOne(SlotDecider.Decide(command, slot.Aggregate, registered, clock.GetUtcNow()));
        return new Accepted(command.SlotId);
    }
}

public static class SignUpForSlotField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SlotInputType, SlotInput, SlotPayloadType, SignUpForSlot, Slot>(
            "signUpForSlot", "A registered volunteer of any community of the city signs up for a place in a slot. A full slot is not refused: the "
                + "volunteer goes on its waiting list (`Slot.mySignUp.status` is `WAITING`) and moves up, first come first served, when a place frees up. "
                + "Refusals: `NOT_FOUND`, `VOLUNTEER_NOT_FOUND`, `SLOT_CANCELLED`, `SLOT_IN_PAST` (the slot has started), `ALREADY_SIGNED_UP` (a place or the waiting list).",
            (actor, i) => Idempotent.Of(i.CommandId, new SignUpForSlot(i.SlotId, actor)),
            SlotPayloadType.DistrictOfAsync, SlotPayloadType.LoadAsync);
}
