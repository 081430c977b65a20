namespace TimeBank.Ledger.ServiceRecords;

/// <summary>Events of a service record's stream (志愿服务记录). Amounts are whole minutes.</summary>
public abstract record ServiceRecordEvent(Guid RecordId);

/// <param name="MinutesServed">Actual service time, travel excluded; at most the span from start to end.</param>
[StoredAs("service_record_submitted.v1")]
public sealed record ServiceRecordSubmitted(
    Guid RecordId,
    Guid VolunteerId,
    Guid ProjectId,
    Guid CommunityId,
    string ProjectName,
    string Category,
    int PointsCoefficientPercent,
    bool EarnsTimeCredits,
    string Place,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long MinutesServed,
    string Content,
    Guid? RecipientId,
    int? QualityRating,
    string PersonInCharge,
    Guid RecordedBy,
    DateTimeOffset SubmittedAt) : ServiceRecordEvent(RecordId);

[StoredAs("service_record_verified.v1")]
public sealed record ServiceRecordVerified(Guid RecordId, Guid VolunteerId, Guid VerifiedBy, DateTimeOffset VerifiedAt)
    : ServiceRecordEvent(RecordId);

[StoredAs("service_record_rejected.v1")]
public sealed record ServiceRecordRejected(Guid RecordId, string Reason, Guid RejectedBy, DateTimeOffset RejectedAt)
    : ServiceRecordEvent(RecordId);

[StoredAs("service_record_credited.v1")]
public sealed record ServiceRecordCredited(Guid RecordId, Guid VolunteerId, DateTimeOffset CreditedAt)
    : ServiceRecordEvent(RecordId);

/// <summary>
/// Districts mode (ADR 0047): the record's credit reached the account in the volunteer's home district, another
/// district's database. Appended to the record where it was served, so that this district counts the service in its
/// community's KPIs (minutes, points, verified records); the home district counts the volunteer (active, stars).
/// </summary>
/// <param name="ServiceMinutes">The minutes credited at home.</param>
/// <param name="Points">The points credited at home.</param>
/// <param name="CreditedAt">When the home district credited the account (its <c>ServiceCredited</c>'s time).</param>
[StoredAs("service_credited_at_home.v1")]
public sealed record ServiceCreditedAtHome(
    Guid RecordId, Guid VolunteerId, Guid CommunityId, long ServiceMinutes, long Points, DateTimeOffset CreditedAt)
    : ServiceRecordEvent(RecordId);

/// <summary>Districts mode (ADR 0047): the home district took back the record's credit; the serving district's KPIs take it back too.</summary>
/// <param name="RevokedAt">When the home district took the credit back (its <c>ServiceCreditRevoked</c>'s time).</param>
[StoredAs("service_credit_revoked_at_home.v1")]
public sealed record ServiceCreditRevokedAtHome(
    Guid RecordId, Guid VolunteerId, Guid CommunityId, long ServiceMinutes, long Points, DateTimeOffset RevokedAt)
    : ServiceRecordEvent(RecordId);

[StoredAs("service_record_revoked.v1")]
public sealed record ServiceRecordRevoked(Guid RecordId, Guid VolunteerId, string Reason, Guid RevokedBy, DateTimeOffset RevokedAt)
    : ServiceRecordEvent(RecordId);

[StoredAs("service_record_contested.v1")]
public sealed record ServiceRecordContested(Guid RecordId, string Reason, Guid ContestedBy, DateTimeOffset ContestedAt)
    : ServiceRecordEvent(RecordId);

/// <summary>A correction by the community after a contest or an error: a new event; the submitted one stays.</summary>
[StoredAs("service_record_amended.v1")]
public sealed record ServiceRecordAmended(
    Guid RecordId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long MinutesServed,
    string Content,
    string Note,
    Guid AmendedBy,
    DateTimeOffset AmendedAt) : ServiceRecordEvent(RecordId);
