using TimeBank.Ledger.Accounts;

namespace TimeBank.Ledger.Gifts;

/// <summary>Events of a community pool's stream (one per community, <see cref="CommunityPool.StreamIdOf"/>).</summary>
public abstract record CommunityPoolEvent(Guid CommunityId);

/// <summary>
/// A credited record's time credits above the volunteer's cap reached the pool. Their posting (issuance → pool) is in
/// the volunteer's <see cref="ServiceCredited"/>; this event tells the pool's stream, once per record.
/// </summary>
[StoredAs("pool_overflow_received.v1")]
public sealed record PoolOverflowReceived(Guid CommunityId, Guid RecordId, Guid VolunteerId, long TimeCredits, DateTimeOffset ReceivedAt)
    : CommunityPoolEvent(CommunityId);

/// <summary>
/// A revocation took a record's overflow back from the pool (posted pool → issuance in the volunteer's
/// <see cref="ServiceCreditRevoked"/>), once per record. What the pool had already granted away is its shortfall.
/// </summary>
/// <param name="ShortfallIncurred">Of <paramref name="TimeCredits"/>, what the pool no longer held: its balance is below zero by it.</param>
[StoredAs("pool_overflow_returned.v1")]
public sealed record PoolOverflowReturned(
    Guid CommunityId, Guid RecordId, Guid VolunteerId, long TimeCredits, long ShortfallIncurred, DateTimeOffset ReturnedAt)
    : CommunityPoolEvent(CommunityId);

/// <summary>The pool's side of a donation: the time credits come out of transit into the pool. Once per transfer.</summary>
[StoredAs("pool_donation_received.v1")]
public sealed record PoolDonationReceived(
    Guid CommunityId, Guid TransferId, Guid DonorId, long TimeCredits, IReadOnlyList<Posting> Postings, DateTimeOffset ReceivedAt)
    : CommunityPoolEvent(CommunityId), ILedgerTransaction;

/// <summary>Staff granted pool credits to a resident in need, with a reason: the time credits go from the pool into transit.</summary>
[StoredAs("pool_granted.v1")]
public sealed record PoolGranted(
    Guid CommunityId, Guid TransferId, Guid ResidentId, long TimeCredits, string Reason, Guid GrantedBy, IReadOnlyList<Posting> Postings, DateTimeOffset GrantedAt)
    : CommunityPoolEvent(CommunityId), ILedgerTransaction;
