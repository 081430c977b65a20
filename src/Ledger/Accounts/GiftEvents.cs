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

/// <summary>
/// A gift to a relative homed in another district came back (ADR 0047): the receiver's district refused it on arrival,
/// for <paramref name="Code"/> (a <see cref="RefusalCodes"/> code). The time credits come out of transit back to the
/// giver, once per transfer, and no longer count against the giver's yearly cap of <paramref name="Year"/>. What comes
/// back repays a debt first (<paramref name="TimeCreditDebtRepaid"/>), as anything coming in does.
/// </summary>
[StoredAs("gift_returned.v1")]
public sealed record GiftReturned(
    Guid VolunteerId, Guid TransferId, Guid ReceiverId, long TimeCredits, long TimeCreditDebtRepaid, int Year, string Code, IReadOnlyList<Posting> Postings, DateTimeOffset ReturnedAt)
    : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>
/// The receiver's district refused a gift from another district on arrival, for <paramref name="Code"/>: nothing moves
/// here (the credits stay in transit, and go back to the giver), and the transfer counts as seen, so a second delivery
/// of it credits nothing even if it would fit by then.
/// </summary>
[StoredAs("gift_turned_back.v1")]
public sealed record GiftTurnedBack(Guid VolunteerId, Guid TransferId, Guid GiverId, long TimeCredits, string Code, DateTimeOffset TurnedBackAt)
    : VolunteerAccountEvent(VolunteerId);
