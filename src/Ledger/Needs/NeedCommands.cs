using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Needs;

public abstract record NeedCommand(Guid NeedId);

/// <summary>
/// A resident posts a need in a community of the city: what, when, how long (whole minutes, held in escrow), where, and
/// the skills wanted. Staff of that community may post it for a resident without a phone.
/// </summary>
public sealed record PostNeed(
    Guid NeedId,
    Guid ResidentId,
    Guid CommunityId,
    string What,
    string Place,
    DateTimeOffset StartsAt,
    long Minutes,
    IReadOnlyList<string> Skills,
    Actor Actor) : NeedCommand(NeedId), IActorCommand;

/// <summary>A volunteer takes an open need on, for themself.</summary>
public sealed record AcceptNeed(Guid NeedId, Actor Actor) : NeedCommand(NeedId), IActorCommand;

/// <summary>The resident (or staff of the need's community for them) confirms the service was received.</summary>
public sealed record ConfirmNeed(Guid NeedId, Actor Actor) : NeedCommand(NeedId), IActorCommand;

/// <summary>The resident (or staff for them) withdraws an open need.</summary>
public sealed record CancelNeed(Guid NeedId, Actor Actor) : NeedCommand(NeedId), IActorCommand;

/// <summary>The resident (or staff for them) or the accepting volunteer disputes an accepted need.</summary>
public sealed record DisputeNeed(Guid NeedId, string Reason, Actor Actor) : NeedCommand(NeedId), IActorCommand;

/// <summary>
/// Staff of the need's community decide a dispute: pay the volunteer (<paramref name="ToVolunteer"/> = the need's
/// minutes), release to the resident (<paramref name="ToResident"/> = the need's minutes), or split (both, adding up).
/// </summary>
public sealed record DecideNeedDispute(Guid NeedId, long ToVolunteer, long ToResident, string Reason, Actor Actor) : NeedCommand(NeedId), IActorCommand;

/// <summary>The service expires a need still open or unconfirmed at its expiry (a scheduled message); never early.</summary>
public sealed record ExpireNeed(Guid NeedId) : NeedCommand(NeedId);
