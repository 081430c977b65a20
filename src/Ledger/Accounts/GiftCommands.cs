using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// A member gives <paramref name="TimeCredits"/> to a confirmed direct relative. Decided on the giver's account with the
/// relation and the receiver's account (<see cref="VolunteerAccountDecider.Give"/>); the receiver's side follows as
/// <see cref="ReceiveTransfer"/>.
/// </summary>
/// <param name="TransferId">Chosen by the caller, one per gift (the API uses the command id): the transit account's name.</param>
public sealed record GiveGift(Guid VolunteerId, Guid TransferId, Guid ReceiverId, long TimeCredits, Actor Actor) : IActorCommand;

/// <summary>A member donates <paramref name="TimeCredits"/> to the pool of a community of the city (any community).</summary>
public sealed record DonateTimeCredits(Guid VolunteerId, Guid TransferId, Guid CommunityId, long TimeCredits, Actor Actor) : IActorCommand;

/// <summary>
/// The receiving side of a transfer into the member's account (a gift, or a grant from a pool): idempotent by
/// <paramref name="TransferId"/>, so that it may be delivered again (issue 21 carries it between databases).
/// </summary>
/// <param name="FromGiver">The giver of a gift; null for a grant.</param>
/// <param name="FromPoolOf">The community of the granting pool; null for a gift.</param>
public sealed record ReceiveTransfer(Guid VolunteerId, Guid TransferId, long TimeCredits, Guid? FromGiver, Guid? FromPoolOf, int Year);

/// <summary>
/// The giver's account takes back a gift that the receiver's home district refused on arrival (ADR 0047), for
/// <paramref name="Code"/>. Idempotent by <paramref name="TransferId"/>: a gift comes back at most once.
/// </summary>
public sealed record ReturnGift(Guid VolunteerId, Guid TransferId, Guid ReceiverId, long TimeCredits, int Year, string Code);
