namespace TimeBank.Ledger.Accounts;

public enum HoldStatus
{
    Held,
    Completed,
    Voided,
    Expired,
}

/// <summary>
/// Points held for a merchant, like a card authorisation: Held → Completed, Voided or Expired, exactly once;
/// a completed hold may be refunded in parts, never beyond its amount. Its life is folded from the account's events by
/// <see cref="Evolve"/>; the account itself keeps a hold only while it is open.
/// </summary>
/// <param name="Reservations">The lots the points are reserved from, oldest first; a completion draws exactly these.</param>
/// <param name="RefundRequests">The till requests of the refunds so far, so that a refund sent twice counts once.</param>
public sealed record Hold(
    Guid HoldId,
    Guid VolunteerId,
    Guid MerchantId,
    long Amount,
    Guid TillRequestId,
    IReadOnlyList<LotDraw> Reservations,
    HoldStatus Status,
    DateTimeOffset HeldAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? CompletedAt,
    long Refunded,
    IReadOnlyList<Guid> RefundRequests)
{
    public bool IsOpen => Status == HoldStatus.Held;

    /// <summary>What may still be refunded: the completed amount less refunds so far.</summary>
    public long Refundable => Status == HoldStatus.Completed ? Amount - Refunded : 0;

    public static Hold Place(PointsHeld e) =>
        new(e.HoldId, e.VolunteerId, e.MerchantId, e.Amount, e.TillRequestId, e.Reservations, HoldStatus.Held, e.HeldAt, e.ExpiresAt, null, 0, []);

    /// <summary>The hold an account event is about, if any.</summary>
    public static Guid? IdOf(VolunteerAccountEvent @event) => @event is IHoldEvent holdEvent ? holdEvent.HoldId : null;

    /// <summary>Hold <paramref name="holdId"/> as these account events leave it, starting from <paramref name="from"/> (none: before it was placed).</summary>
    public static Hold? Fold(Guid holdId, IEnumerable<VolunteerAccountEvent> events, Hold? from = null) =>
        events.Where(e => IdOf(e) == holdId).Aggregate(from, Evolve);

    /// <summary>The hold as the account's events leave it; events of other holds leave it alone.</summary>
    public static Hold? Evolve(Hold? hold, VolunteerAccountEvent @event) => (hold, @event) switch
    {
        (_, not IHoldEvent) => hold,
        (null, PointsHeld held) => Place(held),
        (null, _) => null,
        (_, IHoldEvent other) when other.HoldId != hold.HoldId => hold,
        (_, PointsHeld) => hold,
        (_, HoldCompleted completed) => hold with { Status = HoldStatus.Completed, CompletedAt = completed.CompletedAt },
        (_, HoldVoided) => hold with { Status = HoldStatus.Voided },
        (_, HoldExpired) => hold with { Status = HoldStatus.Expired },
        (_, PointsRefunded refunded) => hold with
        {
            Refunded = hold.Refunded + refunded.Amount,
            RefundRequests = [.. hold.RefundRequests, refunded.TillRequestId],
        },
        _ => throw new UnknownEventException($"{nameof(Hold)}.{nameof(Evolve)}", @event),
    };
}
