namespace TimeBank.Ledger.Slots;

/// <summary>Events of a time slot's stream: one slot of a project, its places, its waiting list and its attendance.</summary>
public abstract record SlotEvent(Guid SlotId);

/// <param name="WithdrawUntil">The withdrawal cut-off: a volunteer gives up their place up to this instant, not after.</param>
/// <param name="CheckInCode">What the staff's QR of the slot carries: a volunteer who shows it checks in or out by themself.</param>
/// <param name="PersonInCharge">The slot's person in charge (负责人), written on each record its check-outs submit.</param>
[StoredAs("slot_published.v1")]
public sealed record SlotPublished(
    Guid SlotId,
    Guid ProjectId,
    Guid CommunityId,
    string ProjectName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Place,
    int Capacity,
    IReadOnlyList<string> SkillsWanted,
    DateTimeOffset WithdrawUntil,
    string CheckInCode,
    string PersonInCharge,
    Guid PublishedBy,
    DateTimeOffset PublishedAt) : SlotEvent(SlotId);

/// <summary>The volunteer took one of the slot's places.</summary>
[StoredAs("slot_signed_up.v1")]
public sealed record VolunteerSignedUp(Guid SlotId, Guid VolunteerId, DateTimeOffset SignedUpAt) : SlotEvent(SlotId);

/// <summary>The slot was full: the volunteer waits, in the order they came, for a place to free up.</summary>
[StoredAs("slot_wait_listed.v1")]
public sealed record VolunteerWaitListed(Guid SlotId, Guid VolunteerId, DateTimeOffset WaitListedAt) : SlotEvent(SlotId);

/// <summary>The volunteer gave up their place or left the waiting list.</summary>
[StoredAs("slot_sign_up_withdrawn.v1")]
public sealed record SignUpWithdrawn(Guid SlotId, Guid VolunteerId, bool WasWaiting, DateTimeOffset WithdrawnAt) : SlotEvent(SlotId);

/// <summary>The first volunteer of the waiting list took the place a withdrawal freed.</summary>
[StoredAs("slot_moved_up.v1")]
public sealed record WaitingVolunteerMovedUp(Guid SlotId, Guid VolunteerId, DateTimeOffset MovedUpAt) : SlotEvent(SlotId);

/// <param name="ByCode">True when the volunteer checked in by the slot's code (the staff's QR); false when staff checked them in.</param>
[StoredAs("slot_checked_in.v1")]
public sealed record VolunteerCheckedIn(Guid SlotId, Guid VolunteerId, Guid CheckedInBy, bool ByCode, DateTimeOffset CheckedInAt) : SlotEvent(SlotId);

/// <summary>The volunteer left; the record <paramref name="RecordId"/> of their service was submitted in the same transaction.</summary>
[StoredAs("slot_checked_out.v1")]
public sealed record VolunteerCheckedOut(
    Guid SlotId, Guid VolunteerId, Guid RecordId, Guid CheckedOutBy, bool ByCode, DateTimeOffset CheckedOutAt) : SlotEvent(SlotId);

/// <summary>Staff recorded, after the slot, that a signed-up volunteer did not come.</summary>
[StoredAs("slot_no_show_recorded.v1")]
public sealed record NoShowRecorded(Guid SlotId, Guid VolunteerId, Guid RecordedBy, DateTimeOffset RecordedAt) : SlotEvent(SlotId);

/// <summary>Staff cancelled the slot: every place and the waiting list are released.</summary>
[StoredAs("slot_cancelled.v1")]
public sealed record SlotCancelled(Guid SlotId, string Reason, Guid CancelledBy, DateTimeOffset CancelledAt) : SlotEvent(SlotId);
