namespace TimeBank.Ledger.Accounts;

// Redemption lives on the volunteer's account stream, so that "available = balance − open holds" and "a code is used
// once" are checked under the stream's optimistic concurrency (ADR 0010).

/// <summary>
/// An account event in the life of one hold (<see cref="Hold"/>): <see cref="Hold.Evolve"/> has a case for each, and
/// the hold read model reads exactly these.
/// </summary>
public interface IHoldEvent
{
    Guid HoldId { get; }

    Guid MerchantId { get; }
}

/// <summary>
/// The volunteer asked for a one-time code to show at a till. It is bound to this volunteer and is used at most once,
/// until <paramref name="ExpiresAt"/>; earlier codes stay live beside it (up to the policy's number).
/// </summary>
[StoredAs("redemption_code_issued.v1")]
public sealed record RedemptionCodeIssued(Guid VolunteerId, string Code, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
    : VolunteerAccountEvent(VolunteerId);

/// <summary>
/// A till took the code: <paramref name="Amount"/> points are reserved for the merchant from the oldest lots
/// (<paramref name="Reservations"/>) until the hold is completed, voided or expires. Nothing is posted yet.
/// </summary>
/// <param name="TillRequestId">The till's own idempotency key: the same request again changes nothing.</param>
[StoredAs("points_held.v1")]
public sealed record PointsHeld(
    Guid VolunteerId,
    Guid HoldId,
    Guid MerchantId,
    string Code,
    long Amount,
    Guid TillRequestId,
    IReadOnlyList<LotDraw> Reservations,
    Guid HeldBy,
    DateTimeOffset HeldAt,
    DateTimeOffset ExpiresAt) : VolunteerAccountEvent(VolunteerId), IHoldEvent;

/// <summary>The merchant completed the sale: the reserved points move from the volunteer to the merchant.</summary>
[StoredAs("hold_completed.v1")]
public sealed record HoldCompleted(
    Guid VolunteerId,
    Guid HoldId,
    Guid MerchantId,
    long Amount,
    IReadOnlyList<LotDraw> LotDraws,
    Guid CompletedBy,
    IReadOnlyList<Posting> Postings,
    DateTimeOffset CompletedAt) : VolunteerAccountEvent(VolunteerId), IHoldEvent, ILedgerTransaction;

/// <summary>
/// The merchant let the hold go. The reserved points are free again: they repay debt first
/// (<paramref name="PointsDebtRepaid"/>), the rest go back to their lots (<paramref name="Released"/>).
/// </summary>
[StoredAs("hold_voided.v1")]
public sealed record HoldVoided(
    Guid VolunteerId,
    Guid HoldId,
    Guid MerchantId,
    long Amount,
    IReadOnlyList<LotDraw> Released,
    long PointsDebtRepaid,
    Guid VoidedBy,
    DateTimeOffset VoidedAt) : VolunteerAccountEvent(VolunteerId), IHoldEvent;

/// <summary>Nobody completed or voided the hold in time; its points are freed as by a void.</summary>
[StoredAs("hold_expired.v1")]
public sealed record HoldExpired(
    Guid VolunteerId,
    Guid HoldId,
    Guid MerchantId,
    long Amount,
    IReadOnlyList<LotDraw> Released,
    long PointsDebtRepaid,
    DateTimeOffset ExpiredAt) : VolunteerAccountEvent(VolunteerId), IHoldEvent;

/// <summary>
/// The merchant gave back part or all of a completed redemption. The points repay debt first; the rest go back to the
/// lots they were drawn from, newest first, with their original expiry (<paramref name="Restored"/>).
/// </summary>
/// <param name="TillRequestId">The till's own idempotency key: the same refund again changes nothing.</param>
[StoredAs("points_refunded.v1")]
public sealed record PointsRefunded(
    Guid VolunteerId,
    Guid HoldId,
    Guid MerchantId,
    long Amount,
    Guid TillRequestId,
    IReadOnlyList<LotDraw> Restored,
    long PointsDebtRepaid,
    Guid RefundedBy,
    IReadOnlyList<Posting> Postings,
    DateTimeOffset RefundedAt) : VolunteerAccountEvent(VolunteerId), IHoldEvent, ILedgerTransaction;
