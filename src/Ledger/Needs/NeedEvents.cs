namespace TimeBank.Ledger.Needs;

/// <summary>
/// Events of a resident's need (居民需求), its own stream. The time credits themselves move on the accounts: the need's
/// events say what happened to the need, the resident's and the volunteer's account events post it (ADR 0044).
/// </summary>
public abstract record NeedEvent(Guid NeedId);

/// <summary>
/// A resident posted a need in a community of the city (any community: 通存通兑); its <paramref name="Minutes"/> are held
/// in escrow on their account by the same decision.
/// </summary>
/// <param name="PostedBy">The resident, or staff of the community posting for a resident without a phone.</param>
/// <param name="ExpiresAt">When the need expires if it is still open or unconfirmed (its end plus the policy's grace).</param>
[StoredAs("need_posted.v1")]
public sealed record NeedPosted(
    Guid NeedId,
    Guid ResidentId,
    Guid CommunityId,
    string What,
    string Place,
    DateTimeOffset StartsAt,
    long Minutes,
    IReadOnlyList<string> Skills,
    Guid PostedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset PostedAt) : NeedEvent(NeedId);

/// <summary>A volunteer (not the resident) took the need on.</summary>
[StoredAs("need_accepted.v1")]
public sealed record NeedAccepted(Guid NeedId, Guid VolunteerId, DateTimeOffset AcceptedAt) : NeedEvent(NeedId);

/// <summary>
/// The service was received: the escrow pays the volunteer through <paramref name="TransferId"/>'s transit account.
/// </summary>
/// <param name="OnBehalfOfResident">Confirmed by staff of the need's community for a resident without a phone.</param>
[StoredAs("need_confirmed.v1")]
public sealed record NeedConfirmed(
    Guid NeedId, Guid VolunteerId, long Minutes, Guid TransferId, Guid ConfirmedBy, bool OnBehalfOfResident, DateTimeOffset ConfirmedAt)
    : NeedEvent(NeedId);

/// <summary>The resident (or staff for them) withdrew the need before anyone accepted it: the escrow goes back.</summary>
[StoredAs("need_cancelled.v1")]
public sealed record NeedCancelled(Guid NeedId, Guid CancelledBy, bool OnBehalfOfResident, DateTimeOffset CancelledAt) : NeedEvent(NeedId);

/// <summary>The resident or the volunteer disputed an accepted need: staff of its community decide.</summary>
[StoredAs("need_disputed.v1")]
public sealed record NeedDisputed(Guid NeedId, Guid DisputedBy, string Reason, DateTimeOffset DisputedAt) : NeedEvent(NeedId);

/// <summary>
/// Staff of the need's community decided a dispute: <paramref name="ToVolunteer"/> minutes pay the volunteer (through
/// <paramref name="TransferId"/>'s transit account), <paramref name="ToResident"/> go back; together the whole escrow.
/// </summary>
[StoredAs("need_dispute_decided.v1")]
public sealed record NeedDisputeDecided(
    Guid NeedId, Guid VolunteerId, long ToVolunteer, long ToResident, Guid TransferId, Guid DecidedBy, string Reason, DateTimeOffset DecidedAt)
    : NeedEvent(NeedId);

/// <summary>The need was left open or unconfirmed past its expiry: the escrow goes back to the resident.</summary>
[StoredAs("need_expired.v1")]
public sealed record NeedExpired(Guid NeedId, DateTimeOffset ExpiredAt) : NeedEvent(NeedId);
