using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.ServiceRecords;

/// <summary>The rules of a service record: what each command may do to it, as events.</summary>
public static class ServiceRecordDecider
{
    public static ServiceRecordEvent[] Decide(
        ServiceRecordCommand command, ServiceRecord? state, DateTimeOffset now, RecordContext? context = null) =>
        (command, state) switch
        {
            (SubmitServiceRecord submit, null) => [Submit(submit, context ?? RecordContext.None, now)],
            (SubmitServiceRecord, not null) => throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Service record {command.RecordId} already exists."),
            (_, null) => throw NotFound(command.RecordId),

            (VerifyServiceRecord verify, _) => [Verify(verify, state, now)],
            (RejectServiceRecord reject, _) => [Reject(reject, state, now)],
            (MarkServiceRecordCredited, { Status: RecordStatus.Credited }) => [],
            (MarkServiceRecordCredited, _) => [Credit(state, now)],
            (NoteCreditedAtHome note, { CreditAtHome: CreditAtHome.NotNoted }) => [CreditedAtHome(note, state)],
            (NoteCreditedAtHome, _) => [],
            (NoteCreditRevokedAtHome note, { CreditAtHome: CreditAtHome.Credited }) => [CreditRevokedAtHome(note, state)],
            (NoteCreditRevokedAtHome, { CreditAtHome: CreditAtHome.Revoked }) => [],
            (NoteCreditRevokedAtHome, _) => throw new LedgerRefusal(
                RefusalCodes.InvalidRecordState, $"Service record {command.RecordId} has no credit at home noted to take back."),
            (RevokeServiceRecord revoke, _) => [Revoke(revoke, state, now)],
            (ContestServiceRecord contest, _) => [Contest(contest, state, now)],
            (AmendServiceRecord amend, _) => [Amend(amend, state, context ?? RecordContext.None, now)],
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static ServiceRecordSubmitted Submit(SubmitServiceRecord command, RecordContext context, DateTimeOffset now)
    {
        var project = context.Project
            ?? throw new LedgerRefusal(RefusalCodes.ProjectNotFound, $"Project {command.ProjectId} was not found.");
        // Staff first: only they may learn whether a volunteer is registered.
        RequireStaffOf(command.Actor, project.CommunityId, "record service");
        if (!context.VolunteerRegistered)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, $"Volunteer {command.VolunteerId} is not registered.");
        }

        var content = RequireContent(command.Content);
        // A place left blank is the project's, as one not given.
        var place = string.IsNullOrWhiteSpace(command.Place) ? project.Place : TextLimits.Within(command.Place, "place", TextLimits.Place);
        var personInCharge = TextLimits.Required(
            command.PersonInCharge, "personInCharge", TextLimits.PersonName, RefusalCodes.InvalidInput, "personInCharge is required.");
        CheckTimes(command.RecordId, command.StartedAt, command.EndedAt, command.MinutesServed, context, now);

        return new ServiceRecordSubmitted(
            command.RecordId, command.VolunteerId, project.Id, project.CommunityId, project.Name, project.Category,
            project.PointsCoefficientPercent, project.EarnsTimeCredits, place,
            command.StartedAt, command.EndedAt, command.MinutesServed, content, command.RecipientId,
            command.QualityRating, personInCharge, command.Actor.PersonId, now);
    }

    private static ServiceRecordVerified Verify(VerifyServiceRecord command, ServiceRecord record, DateTimeOffset now)
    {
        RequireVisible(command.Actor, record);
        RequireStaffOf(command.Actor, record.CommunityId, "verify this record");
        if (command.Actor.PersonId == record.VolunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.OwnRecord, "A volunteer cannot verify their own service record.");
        }

        Require(record, RecordTrigger.Verify);
        return new ServiceRecordVerified(record.Id, record.VolunteerId, command.Actor.PersonId, now);
    }

    private static ServiceRecordRejected Reject(RejectServiceRecord command, ServiceRecord record, DateTimeOffset now)
    {
        RequireVisible(command.Actor, record);
        RequireStaffOf(command.Actor, record.CommunityId, "reject this record");
        var reason = RequireReason(command.Reason, "reason");
        Require(record, RecordTrigger.Reject);
        return new ServiceRecordRejected(record.Id, reason, command.Actor.PersonId, now);
    }

    private static ServiceRecordCredited Credit(ServiceRecord record, DateTimeOffset now)
    {
        Require(record, RecordTrigger.Credit);
        return new ServiceRecordCredited(record.Id, record.VolunteerId, now);
    }

    private static ServiceCreditedAtHome CreditedAtHome(NoteCreditedAtHome note, ServiceRecord record)
    {
        RequireSame(note.VolunteerId, note.CommunityId, record);
        return new ServiceCreditedAtHome(record.Id, record.VolunteerId, record.CommunityId, note.ServiceMinutes, note.Points, note.CreditedAt);
    }

    private static ServiceCreditRevokedAtHome CreditRevokedAtHome(NoteCreditRevokedAtHome note, ServiceRecord record)
    {
        RequireSame(note.VolunteerId, note.CommunityId, record);
        return new ServiceCreditRevokedAtHome(record.Id, record.VolunteerId, record.CommunityId, note.ServiceMinutes, note.Points, note.RevokedAt);
    }

    /// <summary>A note from home names the record's own volunteer and community; anything else is a fault, not a refusal to show anyone.</summary>
    private static void RequireSame(Guid volunteerId, Guid communityId, ServiceRecord record)
    {
        if (volunteerId != record.VolunteerId || communityId != record.CommunityId)
        {
            throw new InvalidOperationException(
                $"The home district's note on record {record.Id} names volunteer {volunteerId} in community {communityId}; the record is of {record.VolunteerId} in {record.CommunityId}.");
        }
    }

    private static ServiceRecordRevoked Revoke(RevokeServiceRecord command, ServiceRecord record, DateTimeOffset now)
    {
        RequireVisible(command.Actor, record);
        RequireStaffOf(command.Actor, record.CommunityId, "revoke this record");
        var reason = RequireReason(command.Reason, "reason");
        if (record.Status == RecordStatus.Revoked)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyRevoked, $"Service record {record.Id} is already revoked.");
        }

        Require(record, RecordTrigger.Revoke);
        return new ServiceRecordRevoked(record.Id, record.VolunteerId, reason, command.Actor.PersonId, now);
    }

    private static ServiceRecordContested Contest(ContestServiceRecord command, ServiceRecord record, DateTimeOffset now)
    {
        RequireVisible(command.Actor, record);
        if (command.Actor.PersonId != record.VolunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Only the volunteer contests their own record; staff amend it.");
        }

        var reason = RequireReason(command.Reason, "reason");
        Require(record, RecordTrigger.Contest);
        return new ServiceRecordContested(record.Id, reason, command.Actor.PersonId, now);
    }

    private static ServiceRecordAmended Amend(AmendServiceRecord command, ServiceRecord record, RecordContext context, DateTimeOffset now)
    {
        RequireVisible(command.Actor, record);
        RequireStaffOf(command.Actor, record.CommunityId, "amend this record");
        var note = RequireReason(command.Note, "note");
        var content = RequireContent(command.Content);
        Require(record, RecordTrigger.Amend);
        var others = context with { VolunteerSchedule = [.. context.VolunteerSchedule.Where(i => i.RecordId != record.Id)] };
        CheckTimes(record.Id, command.StartedAt, command.EndedAt, command.MinutesServed, others, now);
        return new ServiceRecordAmended(
            record.Id, command.StartedAt, command.EndedAt, command.MinutesServed, content, note,
            command.Actor.PersonId, now);
    }

    private static void CheckTimes(
        Guid recordId, DateTimeOffset start, DateTimeOffset end, long minutesServed, RecordContext context, DateTimeOffset now)
    {
        if (end <= start)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.RecordEndsBeforeStart, $"The service ends ({end}) before it starts ({start}).");
        }

        if (end > now)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.RecordInFuture, $"The service ends in the future ({end}); record it after it is done.");
        }

        var maxMinutes = context.Policy.MaxRecordLength.Value;
        var spanMinutes = (long)(end - start).TotalMinutes;

        // Compare the exact span: whole minutes alone would let 12 h 0 min 30 s through.
        if (end - start > TimeSpan.FromMinutes(maxMinutes))
        {
            throw new LedgerRefusal(RefusalCodes.RecordTooLong, $"A record covers at most {maxMinutes / 60} hours; this one covers {spanMinutes} minutes.");
        }

        if (minutesServed <= 0 || minutesServed > spanMinutes)
        {
            throw new LedgerRefusal(RefusalCodes.RecordMinutesInvalid, $"Minutes served must be between 1 and the {spanMinutes} minutes from start to end; got {minutesServed}.");
        }

        var overlap = context.VolunteerSchedule.FirstOrDefault(other => other.RecordId != recordId && other.Overlaps(start, end));
        if (overlap is not null)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.RecordOverlaps, $"The volunteer already has record {overlap.RecordId} from {overlap.StartedAt} to {overlap.EndedAt}, which overlaps this one.");
        }
    }

    private static void Require(ServiceRecord record, RecordTrigger trigger)
    {
        if (!ServiceRecordLifecycle.Can(record, trigger))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidRecordState, $"A {record.Status.ToString().ToLowerInvariant()} record cannot be {Past(trigger)}.");
        }
    }

    /// <summary>Whoever may not see the record is answered exactly as if it did not exist (no "exists but forbidden").</summary>
    private static void RequireVisible(Actor actor, ServiceRecord record)
    {
        if (!record.IsVisibleTo(actor))
        {
            throw NotFound(record.Id);
        }
    }

    private static LedgerRefusal NotFound(Guid recordId) => new(RefusalCodes.NotFound, $"Service record {recordId} was not found.");

    private static void RequireStaffOf(Actor actor, Guid communityId, string what)
    {
        if (!actor.IsStaffOf(communityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, $"Only staff of the record's community may {what}.");
        }
    }

    private static string RequireReason(string reason, string field) =>
        TextLimits.Required(reason, field, TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required.");

    private static string RequireContent(string content) =>
        TextLimits.Required(content, "content", TextLimits.Content, RefusalCodes.InvalidInput, "content is required: what the service was.");

    private static string Past(RecordTrigger trigger) => trigger switch
    {
        RecordTrigger.Verify => "verified",
        RecordTrigger.Reject => "rejected",
        RecordTrigger.Credit => "credited",
        RecordTrigger.Revoke => "revoked",
        RecordTrigger.Contest => "contested",
        RecordTrigger.Amend => "amended",
        _ => trigger.ToString().ToLowerInvariant(),
    };
}
