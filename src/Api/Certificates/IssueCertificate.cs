using GraphQL.Types;
using JasperFx.Events;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Districts;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Staff of the community (or a city admin) issue a certificate, requested or directly. The ledger's
/// <see cref="IssueCertificate"/>, decided with what it reads in this transaction: the community, its register for the
/// year (locked: two issuers wait for each other, and a number is taken only by the commit that issues, ADR 0032), the
/// volunteer's account, the digest of their name and ID, and their records in the community. The content is sealed with
/// the deployment's key (<see cref="CertificateSealer"/>). Districts mode: a volunteer homed in another district has
/// their account and personal data there, read from there (<see cref="VolunteerHome"/>); the certificate and the
/// register stay in the issuing community's district (ADR 0047).
/// </summary>
public static class IssueCertificateHandler
{
    public static async Task<Accepted> Handle(
        IssueCertificate command, IDocumentSession session, PersonalDataCipher cipher, VolunteerHome home, CertificateSealer sealer, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var subject = CertificateDecider.SubjectOf(command, certificate.Aggregate);
        var (context, register) = await ReadContextAsync(session, cipher, home, subject.VolunteerId, subject.CommunityId, now, cancellation);

        var issue = CertificateDecider.Issue(command, certificate.Aggregate, context, now, sealer.Seal);
        certificate.AppendOne(issue.Issued);
        register.AppendOne(issue.NumberTaken);
        return new Accepted(register.Id, command.CertificateId);
    }

    /// <summary>
    /// What an issue of any kind reads in its transaction: the community, its register for the year (locked, ADR 0032),
    /// the volunteer's account, the digest of their name and ID (both in the volunteer's home district, read before the
    /// register is locked: a home district that does not answer refuses the issue with
    /// <see cref="RefusalCodes.DistrictUnavailable"/>, nothing locked or written), and their records in the community.
    /// </summary>
    public static async Task<(IssueContext Context, IEventStream<CertificateRegister> Register)> ReadContextAsync(
        IDocumentSession session, PersonalDataCipher cipher, VolunteerHome home, Guid volunteerId, Guid communityId, DateTimeOffset now,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(home);
        var community = await session.LoadAsync<Community>(communityId, cancellation)
            ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {communityId} was not found.");
        var volunteer = await home.ReadAsync(session, volunteerId, at => at.LoadAsync<VolunteerAccount>(volunteerId, cancellation), cancellation);
        var person = await CertificatePerson.ReadAsync(session, cipher, home, volunteerId, cancellation);
        var registerId = CertificateRegister.IdOf(community.Id, ChinaTime.DayOf(now).Year);
        var register = await session.Events.FetchForExclusiveWriting<CertificateRegister>(registerId, cancellation);
        var records = await CertifiableRecords.OfAsync(session, volunteerId, communityId, cancellation);
        return (new IssueContext(community, CommunityCode.Of(community.Id), register.Aggregate, volunteer, person?.Digest ?? "", records), register);
    }
}

public static class IssueCertificateField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<IssueCertificateInputType, IssueCertificateInput, CertificatePayloadType, IssueCertificate, Certificate>(
            "issueCertificate", "Staff of the community (or a city admin) issue a requested certificate, or one directly: it takes the next number of the "
                + "community's year, without gaps, and its content is frozen and sealed. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `VOLUNTEER_NOT_FOUND`, "
                + "`DISTRICT_UNAVAILABLE` (the volunteer's home district did not answer), `INVALID_INPUT` (a missing signatory, or a partial subject), `TEXT_TOO_LONG`, `INVALID_CERTIFICATE_STATE`, `CERTIFICATE_PERIOD_INVALID`, "
                + "`NO_CERTIFIABLE_SERVICE`. A refused issue takes no number. A `certificateId` of no request, without volunteerId, communityId, from and to, is `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new IssueCertificate(i.CertificateId ?? i.CommandId, i.Subject(),
                new CertificateSignatories(i.PersonInCharge, i.HandlingOfficer, i.Contact), i.Notes, actor)),
            CertificatePayloadType.LoadAsync);
}

public sealed class IssueCertificateInput
{
    public Guid CommandId { get; init; }
    public Guid? CertificateId { get; init; }
    public Guid? VolunteerId { get; init; }
    public Guid? CommunityId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string PersonInCharge { get; init; } = string.Empty;
    public string HandlingOfficer { get; init; } = string.Empty;
    public string Contact { get; init; } = string.Empty;
    public string Notes { get; init; } = string.Empty;

    /// <summary>Who, where and when, for a direct issue: all four given, or none (a request is issued as asked).</summary>
    public CertificateSubject? Subject() =>
        (VolunteerId, CommunityId, From, To) switch
        {
            (null, null, null, null) => null,
            ({ } volunteer, { } community, { } from, { } to) => new CertificateSubject(volunteer, community, new CertificatePeriod(from, to)),
            _ => throw SchemaErrors.InvalidInput(
                "To issue directly, give volunteerId, communityId, from and to together; to issue a request, give none of them."),
        };
}

public sealed class IssueCertificateInputType : InputObjectGraphType<IssueCertificateInput>
{
    public IssueCertificateInputType()
    {
        Name = "IssueCertificateInput";
        Description = "Issue a requested certificate (its `certificateId`), or issue directly (a new `certificateId` or none, with volunteerId, communityId, from and to).";
        this.CommandIdField();
        Field<UuidIdGraphType>("certificateId").Description("The requested certificate to issue; or the new certificate's UUID (defaults to the command id).");
        Field<UuidIdGraphType>("volunteerId").Description("A direct issue: the volunteer.");
        Field<UuidIdGraphType>("communityId").Description("A direct issue: the issuing community (the caller's).");
        Field<DateOnlyGraphType>("from").Description("A direct issue: the first day of the period (China time).");
        Field<DateOnlyGraphType>("to").Description("A direct issue: the last day of the period (China time), not after today.");
        Field<NonNullGraphType<StringGraphType>>("personInCharge").Description($"The organization's person in charge (负责人); required, at most {TextLimits.PersonName} characters.");
        Field<NonNullGraphType<StringGraphType>>("handlingOfficer").Description($"The handling officer (经办人); required, at most {TextLimits.PersonName} characters.");
        Field<NonNullGraphType<StringGraphType>>("contact").Description($"The organization's contact (an office phone or address); required, at most {TextLimits.Place} characters.");
        Field<StringGraphType>("notes").Description($"Notes (备注), at most {TextLimits.Reason} characters.").DefaultValue("");
    }
}
