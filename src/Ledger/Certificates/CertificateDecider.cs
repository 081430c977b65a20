using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Certificates;

/// <summary>
/// What issuing reads from the rest of the ledger, as the host found it in the issuing transaction: the issuing community
/// (and the code its numbers start with), its register for the year (locked), the volunteer's account, the salted digest
/// of the volunteer's name and ID, and the volunteer's records in that community.
/// </summary>
public sealed record IssueContext(
    Community Community,
    string CommunityCode,
    CertificateRegister? Register,
    VolunteerAccount? Volunteer,
    string PersonDigest,
    IReadOnlyList<ServiceRecord> Records);

/// <summary>An issue decided: the certificate's event, and the number it took in the register.</summary>
public sealed record CertificateIssue(CertificateIssued Issued, CertificateNumberTaken NumberTaken);

/// <summary>
/// A volunteer requests a certificate of their verified service from a community that recorded it; staff of that
/// community (or a city admin) issue it, or decline the request, and may revoke what they issued. One certificate covers
/// the records of the issuing community only, verified (or credited) and not revoked when it is issued; its content is
/// frozen then. Whoever may not see a certificate (<see cref="CertificateVisibility"/>) is answered as for a missing one.
/// </summary>
public static class CertificateDecider
{
    public static CertificateRequested Request(RequestCertificate command, Certificate? state, IReadOnlyList<ServiceRecord> records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Actor.Role != ActorRole.Volunteer)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Only a volunteer requests a certificate of their own service; staff issue one directly.");
        }

        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Certificate {command.CertificateId} already exists.");
        }

        var subject = new CertificateSubject(command.Actor.PersonId, command.CommunityId, command.Period);
        RequireValid(subject.Period, now);
        RequireService(Certified(subject, records));
        return new CertificateRequested(command.CertificateId, subject.VolunteerId, subject.CommunityId, subject.Period, command.Actor.PersonId, now);
    }

    /// <summary>
    /// Issues the certificate and takes the register's next number; <paramref name="seal"/> signs the content (the host's
    /// key and code: the ledger never sees them).
    /// </summary>
    public static CertificateIssue Issue(
        IssueCertificate command, Certificate? state, IssueContext context, DateTimeOffset now, Func<CertificateContent, CertificateSeal> seal)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(seal);
        var subject = SubjectOf(command, state);
        if (state is { Status: not CertificateStatus.Requested })
        {
            throw new LedgerRefusal(RefusalCodes.InvalidCertificateState, $"A {Word(state.Status)} certificate cannot be issued.");
        }

        RequireContext(subject, context);
        RequireValid(subject.Period, now);
        var signatories = Signed(command.Signatories);
        var records = Certified(subject, context.Records);
        RequireService(records);
        return Numbered(CertificateKind.Service, command.CertificateId, subject, records, records.Sum(r => r.Minutes), context.Volunteer!.StarLevel,
            signatories, command.Notes, command.Actor, context, now, seal);
    }

    /// <summary>
    /// Issues a star certificate (志愿服务星级证明) directly, numbered from the same register and sealed like a service one:
    /// the level certified (1 to 5, reached by the volunteer), their total service at issue, and the period from their
    /// first verified service in the community to today; no records table.
    /// </summary>
    public static CertificateIssue IssueStar(
        IssueStarCertificate command, Certificate? state, IssueContext context, DateTimeOffset now, Func<CertificateContent, CertificateSeal> seal)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(seal);
        RequireCertifier(command.Actor, command.CommunityId);
        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Certificate {command.CertificateId} already exists.");
        }

        var today = ChinaTime.DayOf(now);
        var whole = new CertificateSubject(command.VolunteerId, command.CommunityId, new CertificatePeriod(DateOnly.MinValue, today));
        RequireContext(whole, context);
        if (command.StarLevel is < 1 or > 5)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, $"A star level is 1 to 5; got {command.StarLevel}.");
        }

        var signatories = Signed(command.Signatories);
        var records = Certified(whole, context.Records);
        RequireService(records);
        if (context.Volunteer!.StarLevel < command.StarLevel)
        {
            throw new LedgerRefusal(RefusalCodes.StarLevelNotReached,
                $"The volunteer's star level is {context.Volunteer.StarLevel}: a level of {command.StarLevel} cannot be certified.");
        }

        var subject = whole with { Period = new CertificatePeriod(records[0].Day, today) };
        return Numbered(CertificateKind.Star, command.CertificateId, subject, [], context.Volunteer.ServiceMinutes, command.StarLevel,
            signatories, command.Notes, command.Actor, context, now, seal);
    }

    private static void RequireContext(CertificateSubject subject, IssueContext context)
    {
        if (context.Community.Id != subject.CommunityId)
        {
            throw new InvalidOperationException($"The context is of community {context.Community.Id}, the certificate of {subject.CommunityId}.");
        }

        if (context.Volunteer is null || context.Volunteer.Id != subject.VolunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, $"Volunteer {subject.VolunteerId} was not found.");
        }
    }

    /// <summary>The content numbered with the register's next number of the year and sealed, and the number taken.</summary>
    private static CertificateIssue Numbered(
        CertificateKind kind, Guid certificateId, CertificateSubject subject, IReadOnlyList<CertifiedRecord> records, long totalMinutes, int starLevel,
        CertificateSignatories signatories, string? notes, Actor actor, IssueContext context, DateTimeOffset now, Func<CertificateContent, CertificateSeal> seal)
    {
        var year = ChinaTime.DayOf(now).Year;
        var registerId = CertificateRegister.IdOf(subject.CommunityId, year);
        if (context.Register is { } register && (register.Id != registerId || register.Year != year))
        {
            throw new InvalidOperationException($"The context holds the register of {register.Year}, not of {year}.");
        }

        var sequence = checked((context.Register?.LastSequence ?? 0) + 1);
        var content = new CertificateContent(
            kind,
            CertificateRegister.Number(context.CommunityCode, year, sequence),
            certificateId,
            subject.CommunityId,
            context.Volunteer!.VolunteerNumber,
            context.PersonDigest,
            subject.Period,
            records,
            totalMinutes,
            starLevel,
            context.Community.Name,
            signatories,
            ChinaTime.DayOf(now),
            TextLimits.Within(notes ?? "", "notes", TextLimits.Reason));
        return new CertificateIssue(
            new CertificateIssued(certificateId, subject.VolunteerId, subject.CommunityId, year, sequence, content, seal(content), actor.PersonId, now),
            new CertificateNumberTaken(registerId, subject.CommunityId, year, sequence, certificateId, now));
    }

    public static CertificateEvent[] Decide(CertificateCommand command, Certificate? state, DateTimeOffset now) =>
        (command, state) switch
        {
            (_, null) => throw NotFound(command.CertificateId),
            (_, _) when !state.IsVisibleTo(command.Actor) => throw NotFound(command.CertificateId),
            (DeclineCertificateRequest decline, _) => [Decline(decline, state, now)],
            (RevokeCertificate revoke, _) => [Revoke(revoke, state, now)],
            _ => throw new InvalidOperationException($"{command.GetType().Name} is decided by its own rule ({nameof(Request)}, {nameof(Issue)})."),
        };

    private static CertificateRequestDeclined Decline(DeclineCertificateRequest command, Certificate certificate, DateTimeOffset now)
    {
        RequireCertifier(command.Actor, certificate.CommunityId);
        if (certificate.Status != CertificateStatus.Requested)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidCertificateState, $"Only a requested certificate can be declined; this one is {Word(certificate.Status)}.");
        }

        return new CertificateRequestDeclined(certificate.Id, Reason(command.Reason, "decline a request"), command.Actor.PersonId, now);
    }

    private static CertificateRevoked Revoke(RevokeCertificate command, Certificate certificate, DateTimeOffset now)
    {
        RequireCertifier(command.Actor, certificate.CommunityId);
        return certificate.Status switch
        {
            CertificateStatus.Revoked => throw new LedgerRefusal(RefusalCodes.AlreadyRevoked, "The certificate is already revoked."),
            CertificateStatus.Issued => new CertificateRevoked(certificate.Id, command.Category, Reason(command.Reason, "revoke a certificate"), command.Actor.PersonId, now),
            _ => throw new LedgerRefusal(RefusalCodes.InvalidCertificateState, $"Only an issued certificate can be revoked; this one is {Word(certificate.Status)}."),
        };
    }

    /// <summary>The records a certificate states: the volunteer's, recorded by the community, verified and not revoked, served on a day of the period; oldest first.</summary>
    public static IReadOnlyList<CertifiedRecord> Certified(CertificateSubject subject, IEnumerable<ServiceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(records);
        return [.. records
            .Where(r => r.VolunteerId == subject.VolunteerId && r.CommunityId == subject.CommunityId)
            .Where(r => r.Status is RecordStatus.Verified or RecordStatus.Credited)
            .Where(r => subject.Period.Contains(ChinaTime.DayOf(r.StartedAt)))
            .OrderBy(r => r.StartedAt).ThenBy(r => r.Id)
            .Select(r => new CertifiedRecord(r.Id, r.ProjectName, ChinaTime.DayOf(r.StartedAt), r.Content, r.MinutesServed.Value))];
    }

    /// <summary>
    /// Whose service an issue certifies (the request's, or the one the command names for a direct issue), once the actor
    /// is found to be a certifier of its community: the host asks this before it reads or locks anything for the issue.
    /// An id of no certificate, without a subject, is answered exactly as a certificate the actor may not see.
    /// </summary>
    public static CertificateSubject SubjectOf(IssueCertificate command, Certificate? state)
    {
        ArgumentNullException.ThrowIfNull(command);
        var subject = state is null
            ? command.Subject ?? throw NotFound(command.CertificateId)
            : RequestedSubject(command, state);
        RequireCertifier(command.Actor, subject.CommunityId);
        return subject;
    }

    private static CertificateSubject RequestedSubject(IssueCertificate command, Certificate state)
    {
        if (!state.IsVisibleTo(command.Actor))
        {
            throw NotFound(command.CertificateId);
        }

        if (command.Subject is { } named && named != state.Subject)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, "The volunteer, community or period named differ from the request's; leave them out to issue as requested.");
        }

        return state.Subject;
    }

    /// <summary>Refuses an actor who is neither staff of the community nor a city admin; the host asks this before it reads or locks anything.</summary>
    public static void RequireCertifier(Actor actor, Guid communityId)
    {
        if (!actor.MayActIn(communityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community that recorded the service (or a city admin) may do this.");
        }
    }

    private static void RequireValid(CertificatePeriod period, DateTimeOffset now)
    {
        if (period.To < period.From)
        {
            throw new LedgerRefusal(RefusalCodes.CertificatePeriodInvalid, $"The period ends ({period.To:yyyy-MM-dd}) before it starts ({period.From:yyyy-MM-dd}).");
        }

        var today = ChinaTime.DayOf(now);
        if (period.To > today)
        {
            throw new LedgerRefusal(RefusalCodes.CertificatePeriodInvalid, $"The period reaches past today ({today:yyyy-MM-dd}, China time): only service already done is certified.");
        }
    }

    private static void RequireService(IReadOnlyList<CertifiedRecord> records)
    {
        if (records.Count == 0)
        {
            throw new LedgerRefusal(RefusalCodes.NoCertifiableService,
                "The community has no verified service of the volunteer in this period: there is nothing to certify.");
        }
    }

    /// <summary>The signatories as a certificate names them: all three given, trimmed, within their limits; refused otherwise.</summary>
    public static CertificateSignatories Signed(CertificateSignatories? signatories) => new(
        Required(signatories?.PersonInCharge, "personInCharge", "the person in charge (负责人)", TextLimits.PersonName),
        Required(signatories?.HandlingOfficer, "handlingOfficer", "the handling officer (经办人)", TextLimits.PersonName),
        Required(signatories?.Contact, "contact", "a contact", TextLimits.Place));

    private static string Required(string? text, string field, string what, int limit) =>
        TextLimits.Required(text, field, limit, RefusalCodes.InvalidInput, $"A certificate names {what}.");

    private static string Reason(string? reason, string what) =>
        TextLimits.Required(reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, $"A reason is required to {what}.");

    private static LedgerRefusal NotFound(Guid certificateId) => new(RefusalCodes.NotFound, $"Certificate {certificateId} was not found.");

    private static string Word(CertificateStatus status) => status.ToString().ToLowerInvariant();
}
