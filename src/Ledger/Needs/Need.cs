namespace TimeBank.Ledger.Needs;

public enum NeedStatus
{
    /// <summary>Posted, on the board, waiting for a volunteer.</summary>
    Open,

    /// <summary>A volunteer took it on; the resident confirms after the service.</summary>
    Accepted,

    /// <summary>The resident or the volunteer disputed it; staff of its community decide.</summary>
    Disputed,

    /// <summary>Confirmed: the escrow paid the volunteer.</summary>
    Confirmed,

    /// <summary>Staff decided the dispute: paid, split or released.</summary>
    Decided,

    /// <summary>Withdrawn before acceptance: the escrow went back.</summary>
    Cancelled,

    /// <summary>Left open or unconfirmed past its expiry: the escrow went back.</summary>
    Expired,
}

/// <summary>
/// A resident's need: Open → Accepted → Confirmed; Accepted → Disputed → Decided; Open → Cancelled; Open or Accepted →
/// Expired. Its escrow is paid, split or released exactly once, when it ends (ADR 0044).
/// </summary>
/// <param name="PostedBy">Who posted it: the resident, or staff for them.</param>
/// <param name="Paid">Minutes the escrow paid the volunteer once it ended (confirmed or decided).</param>
/// <param name="Released">Minutes that went back to the resident once it ended (decided, cancelled or expired).</param>
public sealed record Need(
    Guid Id,
    Guid ResidentId,
    Guid CommunityId,
    string What,
    string Place,
    DateTimeOffset StartsAt,
    long Minutes,
    IReadOnlyList<string> Skills,
    Guid PostedBy,
    DateTimeOffset PostedAt,
    DateTimeOffset ExpiresAt,
    NeedStatus Status,
    Guid? VolunteerId = null,
    DateTimeOffset? AcceptedAt = null,
    Guid? EndedBy = null,
    bool EndedOnBehalfOfResident = false,
    DateTimeOffset? EndedAt = null,
    long Paid = 0,
    long Released = 0,
    string? DisputeReason = null,
    Guid? DisputedBy = null)
{
    /// <summary>When the service should be over.</summary>
    public DateTimeOffset EndsAt => StartsAt.AddMinutes(Minutes);

    /// <summary>Whether the escrow is still held: the need has not ended.</summary>
    public bool HoldsEscrow => Status is NeedStatus.Open or NeedStatus.Accepted or NeedStatus.Disputed;

    /// <summary>The transit account's id of the need's payment: one payment per need, so it is named by the need.</summary>
    public static Guid TransferOf(Guid needId) => NameBasedId.From("need-payment", needId);

    public static Need? Evolve(Need? state, NeedEvent @event) => (state, @event) switch
    {
        (null, NeedPosted p) => new Need(
            p.NeedId, p.ResidentId, p.CommunityId, p.What, p.Place, p.StartsAt, p.Minutes, p.Skills, p.PostedBy, p.PostedAt, p.ExpiresAt, NeedStatus.Open),
        (null, _) => null,
        (_, NeedPosted) => state,
        (_, NeedAccepted a) => state with { Status = NeedStatus.Accepted, VolunteerId = a.VolunteerId, AcceptedAt = a.AcceptedAt },
        (_, NeedConfirmed c) => state with
        {
            Status = NeedStatus.Confirmed, EndedBy = c.ConfirmedBy, EndedOnBehalfOfResident = c.OnBehalfOfResident, EndedAt = c.ConfirmedAt, Paid = c.Minutes,
        },
        (_, NeedCancelled c) => state with
        {
            Status = NeedStatus.Cancelled, EndedBy = c.CancelledBy, EndedOnBehalfOfResident = c.OnBehalfOfResident, EndedAt = c.CancelledAt, Released = state.Minutes,
        },
        (_, NeedDisputed d) => state with { Status = NeedStatus.Disputed, DisputedBy = d.DisputedBy, DisputeReason = d.Reason },
        (_, NeedDisputeDecided d) => state with
        {
            Status = NeedStatus.Decided, EndedBy = d.DecidedBy, EndedAt = d.DecidedAt, Paid = d.ToVolunteer, Released = d.ToResident,
        },
        (_, NeedExpired e) => state with { Status = NeedStatus.Expired, EndedAt = e.ExpiredAt, Released = state.Minutes },
        _ => throw new UnknownEventException($"{nameof(Need)}.{nameof(Evolve)}", @event),
    };
}
