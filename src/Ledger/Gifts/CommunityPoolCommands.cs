using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Gifts;

public abstract record CommunityPoolCommand(Guid CommunityId);

/// <summary>
/// Tell the pool of time credits posted to it above a volunteer's cap: a credited record's overflow, or a need's payment's
/// (sent by the service for each with some). <paramref name="RecordId"/> is the record, or the payment's transfer: the
/// pool takes each in once.
/// </summary>
public sealed record ReceivePoolOverflow(Guid CommunityId, Guid RecordId, Guid VolunteerId, long TimeCredits) : CommunityPoolCommand(CommunityId);

/// <summary>Tell the pool that a revocation took a record's overflow back (sent by the service).</summary>
public sealed record ReturnPoolOverflow(Guid CommunityId, Guid RecordId, Guid VolunteerId, long TimeCredits) : CommunityPoolCommand(CommunityId);

/// <summary>The pool's side of a donation.</summary>
public sealed record ReceiveDonation(Guid CommunityId, Guid TransferId, Guid DonorId, long TimeCredits) : CommunityPoolCommand(CommunityId);

/// <summary>Staff of the community grant <paramref name="TimeCredits"/> from its pool to a resident in need, with a reason.</summary>
/// <param name="GrantId">The grant's id, and its transit account's name (the API uses the command id).</param>
public sealed record GrantFromPool(Guid GrantId, Guid CommunityId, Guid ResidentId, long TimeCredits, string Reason, Actor Actor)
    : CommunityPoolCommand(CommunityId), IActorCommand;
