namespace TimeBank.Ledger.Accounts;

/// <summary>Events of a volunteer's account stream. Amounts are whole minutes or points; postings name both sides.</summary>
public abstract record VolunteerAccountEvent(Guid VolunteerId);

/// <summary>A value-moving event: its postings balance to zero per unit.</summary>
public interface ILedgerTransaction
{
    IReadOnlyList<Posting> Postings { get; }
}

/// <remarks>Personal information (name, phone, ID) is never in an event: it lives encrypted outside the stream.</remarks>
[StoredAs("volunteer_registered.v1")]
public sealed record VolunteerRegistered(
    Guid VolunteerId, Guid HomeCommunityId, string VolunteerNumber, Guid RegisteredBy, DateTimeOffset RegisteredAt)
    : VolunteerAccountEvent(VolunteerId);

/// <summary>Hours, time credits and points for one verified record, posted in one transaction.</summary>
/// <param name="TimeCredits">Time credits that reached the volunteer (debt repayment included).</param>
/// <param name="TimeCreditsToPool">Time credits above the volunteer's cap, sent to the community pool.</param>
/// <param name="Points">Points earned; <paramref name="PointsDebtRepaid"/> of them repaid debt, the rest form a lot.</param>
[StoredAs("service_credited.v1")]
public sealed record ServiceCredited(
    Guid VolunteerId,
    Guid RecordId,
    Guid CommunityId,
    long ServiceMinutes,
    long TimeCredits,
    long TimeCreditDebtRepaid,
    long TimeCreditsToPool,
    long Points,
    long PointsDebtRepaid,
    DateTimeOffset PointsExpireAt,
    IReadOnlyList<Posting> Postings,
    DateTimeOffset CreditedAt) : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>Points taken from one earning lot.</summary>
public sealed record LotDraw(Guid LotId, long Points);

/// <summary>
/// The compensation of a revoked record: every unit the credit posted goes back to the issuing community.
/// Value already spent is taken from the volunteer's other points or credits, and what is still missing becomes debt.
/// </summary>
[StoredAs("service_credit_revoked.v1")]
public sealed record ServiceCreditRevoked(
    Guid VolunteerId,
    Guid RecordId,
    Guid CommunityId,
    long ServiceMinutes,
    long TimeCredits,
    long TimeCreditDebtIncurred,
    long TimeCreditsFromPool,
    long Points,
    long PointsFromExpiry,
    long PointsDebtIncurred,
    IReadOnlyList<LotDraw> LotDraws,
    string Reason,
    Guid RevokedBy,
    IReadOnlyList<Posting> Postings,
    DateTimeOffset RevokedAt) : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>What was left of an earning lot when it reached its expiry, moved to the community's expiry account.</summary>
[StoredAs("points_expired.v1")]
public sealed record PointsExpired(
    Guid VolunteerId, Guid LotId, Guid CommunityId, long Points, IReadOnlyList<Posting> Postings, DateTimeOffset ExpiredAt)
    : VolunteerAccountEvent(VolunteerId), ILedgerTransaction;

/// <summary>An official act: cumulative verified service crossed a star threshold (星级认定).</summary>
[StoredAs("star_awarded.v1")]
public sealed record StarAwarded(Guid VolunteerId, int Level, long ServiceMinutes, DateTimeOffset AwardedAt)
    : VolunteerAccountEvent(VolunteerId);

/// <summary>A revocation dropped cumulative service below the threshold of <paramref name="Level"/>.</summary>
[StoredAs("star_withdrawn.v1")]
public sealed record StarWithdrawn(Guid VolunteerId, int Level, long ServiceMinutes, DateTimeOffset WithdrawnAt)
    : VolunteerAccountEvent(VolunteerId);

/// <summary>
/// The volunteer's personal information was erased (crypto-shredding: their data key destroyed). Carries no personal
/// information itself; balances, stars and history are untouched.
/// </summary>
[StoredAs("personal_data_erased.v1")]
public sealed record PersonalDataErased(Guid VolunteerId, Guid ErasedBy, DateTimeOffset ErasedAt) : VolunteerAccountEvent(VolunteerId);

/// <summary>
/// The volunteer left the public leaderboards: they are shown on no public board and counted in nobody's rank, and still
/// see their own rank. Carries no personal information.
/// </summary>
[StoredAs("public_boards_left.v1")]
public sealed record PublicBoardsLeft(Guid VolunteerId, DateTimeOffset LeftAt) : VolunteerAccountEvent(VolunteerId);

/// <summary>The volunteer came back to the public leaderboards they had left.</summary>
[StoredAs("public_boards_rejoined.v1")]
public sealed record PublicBoardsRejoined(Guid VolunteerId, DateTimeOffset RejoinedAt) : VolunteerAccountEvent(VolunteerId);
