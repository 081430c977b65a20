using TimeBank.Ledger.Slots;

namespace TimeBank.Projections.Slots;

/// <summary>
/// Time slots as their documents: the board, a project's slots, a slot's sign-ups and "my sign-ups" read them. Inline: a
/// volunteer who has just signed up sees their place on the board and in the mutation's answer at once (ADR 0043).
/// </summary>
public sealed class SlotProjection() : AggregateProjection<Slot, SlotEvent>(Slot.Evolve);
