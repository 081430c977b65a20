using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.ServiceRecords;

public enum RecordStatus
{
    Submitted,
    Verified,
    Credited,
    Rejected,
    Revoked,
}

/// <summary>
/// Districts mode (ADR 0047): what the record, where it was served, knows of its credit in the volunteer's home district.
/// Always <see cref="NotNoted"/> for a record whose volunteer's account is in its own district.
/// </summary>
public enum CreditAtHome
{
    NotNoted,
    Credited,
    Revoked,
}

/// <summary>A record of service as it stands after its events.</summary>
public sealed record ServiceRecord(
    Guid Id,
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
    Minutes MinutesServed,
    string Content,
    string PersonInCharge,
    Guid RecordedBy,
    RecordStatus Status,
    bool Contested,
    Guid? VerifiedBy,
    int Amendments)
{
    public ServiceInterval Interval => new(Id, StartedAt, EndedAt);

    /// <summary>Districts mode: whether the home district's credit (and its revocation) has been noted here.</summary>
    public CreditAtHome CreditAtHome { get; init; }

    public static ServiceRecord FromSubmission(ServiceRecordSubmitted e) =>
        new(e.RecordId, e.VolunteerId, e.ProjectId, e.CommunityId, e.ProjectName, e.Category, e.PointsCoefficientPercent,
            e.EarnsTimeCredits, e.Place, e.StartedAt, e.EndedAt, new Minutes(e.MinutesServed), e.Content, e.PersonInCharge,
            e.RecordedBy, RecordStatus.Submitted, Contested: false, VerifiedBy: null, Amendments: 0);

    public static ServiceRecord? Evolve(ServiceRecord? state, ServiceRecordEvent @event) => (state, @event) switch
    {
        (null, ServiceRecordSubmitted submitted) => FromSubmission(submitted),
        (null, _) => null,
        (_, ServiceRecordVerified verified) => state with { Status = RecordStatus.Verified, VerifiedBy = verified.VerifiedBy },
        (_, ServiceRecordRejected) => state with { Status = RecordStatus.Rejected },
        (_, ServiceRecordCredited) => state with { Status = RecordStatus.Credited },
        (_, ServiceRecordRevoked) => state with { Status = RecordStatus.Revoked },
        (_, ServiceCreditedAtHome) => state with { CreditAtHome = CreditAtHome.Credited },
        (_, ServiceCreditRevokedAtHome) => state with { CreditAtHome = CreditAtHome.Revoked },
        (_, ServiceRecordContested) => state with { Contested = true },
        (_, ServiceRecordAmended amended) => state with
        {
            StartedAt = amended.StartedAt,
            EndedAt = amended.EndedAt,
            MinutesServed = new Minutes(amended.MinutesServed),
            Content = amended.Content,
            Status = RecordStatus.Submitted,
            Contested = false,
            Amendments = state.Amendments + 1,
        },
        (_, ServiceRecordSubmitted) => state,
        _ => throw new UnknownEventException($"{nameof(ServiceRecord)}.{nameof(Evolve)}", @event),
    };
}

/// <summary>The time a record occupies in a volunteer's day; no two records of one volunteer may overlap.</summary>
public sealed record ServiceInterval(Guid RecordId, DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => StartedAt < end && start < EndedAt;
}
