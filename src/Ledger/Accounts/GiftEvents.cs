namespace TimeBank.Ledger.Accounts;

// The time bank's transfers on a member's account (ADR 0045). Each moves time credits between this account and a
// transit account (AccountId.Transit(transferId)); the other side's event, in the other stream, moves them on.

/// <summary>The giver's side of a gift to a confirmed direct relative: their time credits go into transit.</summary>
/// <param name="Year">The calendar year (China time) whose yearly cap the gift counts against.</param>
[StoredAs("gift_given.v1")]
public sealed record GiftGiven(
    Guid VolunteerId, Guid TransferId, Guid ReceiverId, Guid RelationId, long TimeCredits, int Year, IReadOnlyList<Posting> Postings, DateTimeOffset GivenAt)
    : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>The receiver's side of a gift: the time credits come out of transit. Received once per transfer.</summary>
/// <param name="TimeCreditDebtRepaid">Of the gift, what repaid a debt of the receiver (left by a revocation).</param>
[StoredAs("gift_received.v1")]
public sealed record GiftReceived(
    Guid VolunteerId, Guid TransferId, Guid GiverId, long TimeCredits, long TimeCreditDebtRepaid, int Year, IReadOnlyList<Posting> Postings, DateTimeOffset ReceivedAt)
    : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>The donor's side of a donation to a community's pool: their time credits go into transit.</summary>
[StoredAs("time_credits_donated.v1")]
public sealed record TimeCreditsDonated(
    Guid VolunteerId, Guid TransferId, Guid CommunityId, long TimeCredits, IReadOnlyList<Posting> Postings, DateTimeOffset DonatedAt)
    : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>The resident's side of a grant from a community's pool: the time credits come out of transit. Received once per grant.</summary>
[StoredAs("pool_grant_received.v1")]
public sealed record PoolGrantReceived(
    Guid VolunteerId, Guid TransferId, Guid CommunityId, long TimeCredits, long TimeCreditDebtRepaid, IReadOnlyList<Posting> Postings, DateTimeOffset ReceivedAt)
    : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;
