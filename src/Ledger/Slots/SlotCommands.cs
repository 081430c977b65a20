using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Slots;

public abstract record SlotCommand(Guid SlotId, Actor Actor) : IActorCommand;

/// <summary>Staff of the project's community publish a time slot of it.</summary>
/// <param name="Place">Blank: the project's place.</param>
/// <param name="WithdrawUntil">The withdrawal cut-off; null: <see cref="SlotDecider.DefaultWithdrawalNotice"/> before the start.</param>
public sealed record PublishSlot(
    Guid SlotId,
    Guid ProjectId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Place,
    int Capacity,
    IReadOnlyList<string> SkillsWanted,
    DateTimeOffset? WithdrawUntil,
    string PersonInCharge,
    Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>A volunteer (the actor) signs up for a place, or for the waiting list when the slot is full.</summary>
public sealed record SignUpForSlot(Guid SlotId, Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>A volunteer (the actor) gives up their place or leaves the waiting list.</summary>
public sealed record WithdrawFromSlot(Guid SlotId, Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>A volunteer checks in by the slot's code (<paramref name="Code"/>), or staff of the slot's community check them in.</summary>
public sealed record CheckInToSlot(Guid SlotId, Guid VolunteerId, string? Code, Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>As <see cref="CheckInToSlot"/>, on leaving: submits the record of the service.</summary>
public sealed record CheckOutOfSlot(Guid SlotId, Guid VolunteerId, string? Code, Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>Staff record, once the slot has ended, that a signed-up volunteer did not come.</summary>
public sealed record RecordNoShow(Guid SlotId, Guid VolunteerId, Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>Staff cancel a slot before it starts: its volunteers are released.</summary>
public sealed record CancelSlot(Guid SlotId, string Reason, Actor Actor) : SlotCommand(SlotId, Actor);

/// <summary>
/// Staff verify the whole slot at once: the records its check-outs submitted that still await verification, through the
/// one batch verification of records (<see cref="ServiceRecords.VerifyServiceRecords"/>: all or none, each credited).
/// </summary>
public sealed record VerifySlotRecords(Guid SlotId, Actor Actor) : SlotCommand(SlotId, Actor);
