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

/// <summary>The volunteer asks for a one-time code, for their own account.</summary>
/// <param name="Code">
/// Drawn by the host with a CSPRNG just before it decides: the volunteer asks without one (null), so that the same
/// request sent again is the same command.
/// </param>
public sealed record IssueRedemptionCode(Guid VolunteerId, string? Code, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand
{
    /// <summary>The volunteer's own request, as it comes in: for the actor's account, the code still to draw.</summary>
    public static IssueRedemptionCode Asked(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new(actor.PersonId, null, actor);
    }
}

/// <summary>A cashier of <paramref name="MerchantId"/> holds points with the code the volunteer shows.</summary>
/// <param name="VolunteerId">
/// The account whose live code <paramref name="Code"/> is. A till never knows it: it sends <see cref="Guid.Empty"/>
/// (<see cref="AtTill"/>), and the host puts in the code's holder before deciding.
/// </param>
/// <param name="HoldId">
/// Chosen by the caller, one per till request (the API derives it from the merchant and <paramref name="TillRequestId"/>):
/// the same request sent again names the same hold, and finds it placed. The id of the hold from now on.
/// </param>
/// <param name="TillRequestId">The till's own idempotency key.</param>
public sealed record HoldPoints(
    Guid VolunteerId, Guid HoldId, Guid MerchantId, string Code, long Amount, Guid TillRequestId, Actor Actor)
    : VolunteerAccountCommand(VolunteerId), IActorCommand
{
    /// <summary>
    /// The till's request as it comes in: the code as typed (<see cref="TillRequest.CodeAsTyped"/>), the cashier's merchant
    /// (empty for anyone else, who is refused), the hold named by the request (<paramref name="holdId"/>), and no account yet.
    /// </summary>
    public static HoldPoints AtTill(Actor cashier, Guid holdId, string? code, long amount, Guid tillRequestId)
    {
        ArgumentNullException.ThrowIfNull(cashier);
        return new(Guid.Empty, holdId, cashier.MerchantId ?? Guid.Empty, TillRequest.CodeAsTyped(code), amount, tillRequestId, cashier);
    }
}

/// <summary>A cashier of the hold's merchant completes the sale for the held amount.</summary>
/// <param name="VolunteerId">The hold's account: a till names the hold only (<see cref="AtTill"/>), the host puts it in (<see cref="TillRequest.OnHoldsAccount"/>).</param>
public sealed record CompleteHold(Guid VolunteerId, Guid HoldId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand
{
    public static CompleteHold AtTill(Actor cashier, Guid holdId) => new(Guid.Empty, holdId, cashier);
}

/// <summary>A cashier of the hold's merchant lets the hold go.</summary>
/// <param name="VolunteerId">The hold's account: a till names the hold only (<see cref="AtTill"/>), the host puts it in (<see cref="TillRequest.OnHoldsAccount"/>).</param>
public sealed record VoidHold(Guid VolunteerId, Guid HoldId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand
{
    public static VoidHold AtTill(Actor cashier, Guid holdId) => new(Guid.Empty, holdId, cashier);
}

/// <summary>The service releases a hold nobody ended in time (a scheduled message).</summary>
public sealed record ExpireHold(Guid VolunteerId, Guid HoldId) : VolunteerAccountCommand(VolunteerId);

/// <summary>A cashier of the hold's merchant gives back some or all of a completed redemption.</summary>
/// <param name="VolunteerId">The hold's account: a till names the hold only (<see cref="AtTill"/>), the host puts it in (<see cref="TillRequest.OnHoldsAccount"/>).</param>
public sealed record RefundPoints(Guid VolunteerId, Guid HoldId, long Amount, Guid TillRequestId, Actor Actor)
    : VolunteerAccountCommand(VolunteerId), IActorCommand
{
    public static RefundPoints AtTill(Actor cashier, Guid holdId, long amount, Guid tillRequestId) => new(Guid.Empty, holdId, amount, tillRequestId, cashier);
}

/// <summary>Erase the volunteer's personal information: a city admin or staff of the home community, on request.</summary>
public sealed record ErasePersonalData(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand;

/// <summary>The volunteer leaves the public leaderboards (only they themself).</summary>
public sealed record LeavePublicBoards(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand;

/// <summary>The volunteer comes back to the public leaderboards (only they themself).</summary>
public sealed record RejoinPublicBoards(Guid VolunteerId, Actor Actor) : VolunteerAccountCommand(VolunteerId), IActorCommand;
