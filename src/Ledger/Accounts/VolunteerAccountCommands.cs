using System.Text.Json.Serialization;
using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Accounts;

public abstract record VolunteerAccountCommand(Guid VolunteerId);

/// <summary>Staff register a volunteer in their community; the account works in every community of the city.</summary>
/// <param name="Person">
/// The volunteer's personal details, which the host keeps encrypted beside the account and never in an event; null where
/// only the account matters (the deciders, the model, a generated history). Left out of the command's serialized form,
/// and so of the host's request hash: the stored hash of a command outlives an erasure, and a hash over a name and an ID
/// number would let anyone holding a guess confirm it. A repeat of the command id with other details therefore replays
/// the first registration.
/// </param>
public sealed record RegisterVolunteer(
    Guid VolunteerId, Guid HomeCommunityId, string VolunteerNumber, Actor Actor, [property: JsonIgnore] PersonalDetails? Person = null)
    : VolunteerAccountCommand(VolunteerId), IActorCommand;

/// <summary>Post what a verified record earns. Sent by the record's community once staff verified it.</summary>
public sealed record CreditService(
    Guid VolunteerId,
    Guid RecordId,
    Guid CommunityId,
    long MinutesServed,
    string Category,
    int PointsCoefficientPercent,
    bool EarnsTimeCredits) : VolunteerAccountCommand(VolunteerId);

/// <summary>Compensate the credit of a revoked record.</summary>
public sealed record RevokeServiceCredit(Guid VolunteerId, Guid RecordId, string Reason, Guid RevokedBy)
    : VolunteerAccountCommand(VolunteerId);

/// <summary>Expire every lot whose time has come (a scheduled job).</summary>
public sealed record ExpirePoints(Guid VolunteerId) : VolunteerAccountCommand(VolunteerId);

/// <summary>The volunteer asks for a one-time code. The caller draws <paramref name="Code"/> with a CSPRNG.</summary>
public sealed record IssueRedemptionCode(Guid VolunteerId, string Code, Actor Actor) : VolunteerAccountCommand(VolunteerId);

/// <summary>A cashier of <paramref name="MerchantId"/> holds points with the code the volunteer shows.</summary>
/// <param name="HoldId">
/// Chosen by the caller, one per till request (the API derives it from the merchant and <paramref name="TillRequestId"/>):
/// the same request sent again names the same hold, and finds it placed. The id of the hold from now on.
/// </param>
/// <param name="TillRequestId">The till's own idempotency key.</param>
public sealed record HoldPoints(
    Guid VolunteerId, Guid HoldId, Guid MerchantId, string Code, long Amount, Guid TillRequestId, Actor Actor)
    : VolunteerAccountCommand(VolunteerId);

/// <summary>A cashier of the hold's merchant completes the sale for the held amount.</summary>
public sealed record CompleteHold(Guid VolunteerId, Guid HoldId, Actor Actor) : VolunteerAccountCommand(VolunteerId);

/// <summary>A cashier of the hold's merchant lets the hold go.</summary>
public sealed record VoidHold(Guid VolunteerId, Guid HoldId, Actor Actor) : VolunteerAccountCommand(VolunteerId);

/// <summary>The service releases a hold nobody ended in time (a scheduled message).</summary>
public sealed record ExpireHold(Guid VolunteerId, Guid HoldId) : VolunteerAccountCommand(VolunteerId);

/// <summary>A cashier of the hold's merchant gives back some or all of a completed redemption.</summary>
public sealed record RefundPoints(Guid VolunteerId, Guid HoldId, long Amount, Guid TillRequestId, Actor Actor)
    : VolunteerAccountCommand(VolunteerId);
/// <summary>Erase the volunteer's personal information: a city admin or staff of the home community, on request.</summary>
public sealed record ErasePersonalData(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand;

/// <summary>The volunteer leaves the public leaderboards (only they themself).</summary>
public sealed record LeavePublicBoards(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand;

/// <summary>The volunteer comes back to the public leaderboards (only they themself).</summary>
public sealed record RejoinPublicBoards(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand;
