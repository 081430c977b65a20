using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.ServiceRecords;

public abstract record ServiceRecordCommand(Guid RecordId);

/// <summary>Staff record service in their community's project (谁组织谁记录).</summary>
public sealed record SubmitServiceRecord(
    Guid RecordId,
    Guid VolunteerId,
    Guid ProjectId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long MinutesServed,
    string Content,
    string? Place,
    Guid? RecipientId,
    int? QualityRating,
    string PersonInCharge,
    Actor Actor) : ServiceRecordCommand(RecordId), IActorCommand;

public sealed record VerifyServiceRecord(Guid RecordId, Actor Actor) : ServiceRecordCommand(RecordId);

/// <summary>Staff verify one or many records of one activity in one command: all or none (<see cref="VerificationBatch"/>).</summary>
public sealed record VerifyServiceRecords(IReadOnlyList<Guid> RecordIds, Actor Actor) : IActorCommand;

public sealed record RejectServiceRecord(Guid RecordId, string Reason, Actor Actor) : ServiceRecordCommand(RecordId), IActorCommand;

/// <summary>Sent by the ledger once the volunteer's account has been credited.</summary>
public sealed record MarkServiceRecordCredited(Guid RecordId) : ServiceRecordCommand(RecordId);

/// <summary>
/// Sent by the volunteer's home district, in districts mode (ADR 0047), once it credited the account: the record, where it
/// was served, notes what was credited (the home's <c>ServiceCredited</c>). A second delivery notes nothing.
/// </summary>
public sealed record NoteCreditedAtHome(
    Guid RecordId, Guid VolunteerId, Guid CommunityId, long ServiceMinutes, long Points, DateTimeOffset CreditedAt) : ServiceRecordCommand(RecordId)
{
    /// <summary>What the home's credit tells the record.</summary>
    public static NoteCreditedAtHome Of(Accounts.ServiceCredited credited)
    {
        ArgumentNullException.ThrowIfNull(credited);
        return new(credited.RecordId, credited.VolunteerId, credited.CommunityId, credited.ServiceMinutes, credited.Points, credited.CreditedAt);
    }
}

/// <summary>Sent by the volunteer's home district once it took the record's credit back (the home's <c>ServiceCreditRevoked</c>).</summary>
public sealed record NoteCreditRevokedAtHome(
    Guid RecordId, Guid VolunteerId, Guid CommunityId, long ServiceMinutes, long Points, DateTimeOffset RevokedAt) : ServiceRecordCommand(RecordId)
{
    /// <summary>What the home's revocation tells the record.</summary>
    public static NoteCreditRevokedAtHome Of(Accounts.ServiceCreditRevoked revoked)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        return new(revoked.RecordId, revoked.VolunteerId, revoked.CommunityId, revoked.ServiceMinutes, revoked.Points, revoked.RevokedAt);
    }
}

public sealed record RevokeServiceRecord(Guid RecordId, string Reason, Actor Actor) : ServiceRecordCommand(RecordId), IActorCommand;

public sealed record ContestServiceRecord(Guid RecordId, string Reason, Actor Actor) : ServiceRecordCommand(RecordId), IActorCommand;

public sealed record AmendServiceRecord(
    Guid RecordId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long MinutesServed,
    string Content,
    string Note,
    Actor Actor) : ServiceRecordCommand(RecordId), IActorCommand;

/// <summary>What a submission or amendment is checked against, loaded by the caller.</summary>
/// <param name="Project">The project the service was done in, or null when it does not exist.</param>
/// <param name="VolunteerRegistered">Whether the volunteer has an account.</param>
/// <param name="VolunteerSchedule">The volunteer's other records that still count (not rejected or revoked).</param>
public sealed record RecordContext(
    Communities.Project? Project,
    bool VolunteerRegistered,
    IReadOnlyList<ServiceInterval> VolunteerSchedule,
    Policies.LedgerPolicy Policy)
{
    public static RecordContext None { get; } = new(null, false, [], Policies.LedgerPolicy.Default);
}
