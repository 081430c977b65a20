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
