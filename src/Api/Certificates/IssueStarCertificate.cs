using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Districts;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Staff of a community that recorded the volunteer's verified service (or a city admin) certify a star level the
/// volunteer has reached (志愿服务星级证明). The ledger's <see cref="IssueStarCertificate"/>, decided with what a service
/// certificate's issue reads (<see cref="IssueCertificateHandler.ReadContextAsync"/>): numbered from the same locked
/// register, sealed with the same key. Districts mode (ADR 0047): stars are counted on the volunteer's account, in their
/// home district, from the service credited there from every district; the level is read there, and the certificate is
/// issued, numbered and kept by the certifying community in its own district, as a service certificate is.
/// </summary>
public static class IssueStarCertificateHandler
{
    public static async Task<Accepted> Handle(
        IssueStarCertificate command, IDocumentSession session, PersonalDataCipher cipher, VolunteerHome home, CertificateSealer sealer, TimeProvider clock,
        CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        CertificateDecider.RequireCertifier(command.Actor, command.CommunityId);

        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var (context, register) = await IssueCertificateHandler.ReadContextAsync(session, cipher, home, command.VolunteerId, command.CommunityId, now, cancellation);
        var issue = CertificateDecider.IssueStar(command, certificate.Aggregate, context, now, sealer.Seal);
        certificate.AppendOne(issue.Issued);
        register.AppendOne(issue.NumberTaken);
        return new Accepted(register.Id, command.CertificateId);
    }
}

public static class IssueStarCertificateField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<IssueStarCertificateInputType, IssueStarCertificateInput, CertificatePayloadType, IssueStarCertificate, Certificate>(
            "issueStarCertificate", "Staff of a community that recorded verified service of the volunteer (or a city admin) certify a star level the volunteer "
                + "has reached (志愿服务星级证明, kind `STAR`): it states the level and the volunteer's total service at issue, takes the next number of the same "
                + "register as service certificates, and is sealed and verified the same way. Refusals: `NOT_STAFF_OF_COMMUNITY`, `NOT_FOUND` (no such community), "
                + "`VOLUNTEER_NOT_FOUND`, `DISTRICT_UNAVAILABLE` (the volunteer's home district did not answer), `ALREADY_EXISTS`, `INVALID_INPUT` (a level outside 1 to 5, or a missing signatory), `TEXT_TOO_LONG`, "
                + "`NO_CERTIFIABLE_SERVICE` (no verified service of theirs in that community), `STAR_LEVEL_NOT_REACHED` (a level above theirs). A refused issue takes no number.",
            (actor, i) => Idempotent.Of(i.CommandId, new IssueStarCertificate(i.CertificateId ?? i.CommandId, i.VolunteerId, i.CommunityId, i.StarLevel,
                new CertificateSignatories(i.PersonInCharge, i.HandlingOfficer, i.Contact), i.Notes, actor)),
            CertificatePayloadType.LoadAsync);
}

public sealed class IssueStarCertificateInput
{
    public Guid CommandId { get; init; }
    public Guid? CertificateId { get; init; }
    public Guid VolunteerId { get; init; }
    public Guid CommunityId { get; init; }
    public int StarLevel { get; init; }
    public string PersonInCharge { get; init; } = string.Empty;
    public string HandlingOfficer { get; init; } = string.Empty;
    public string Contact { get; init; } = string.Empty;
    public string Notes { get; init; } = string.Empty;
}

public sealed class IssueStarCertificateInputType : InputObjectGraphType<IssueStarCertificateInput>
{
    public IssueStarCertificateInputType()
    {
        Name = "IssueStarCertificateInput";
        Description = "A star certificate issued directly: the volunteer, the certifying community (one that recorded their verified service), the level and the signatories.";
        this.CommandIdField();
        Field<UuidIdGraphType>("certificateId").Description("The new certificate's UUID; defaults to the command id.");
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The certifying community (the caller's), which recorded verified service of the volunteer.");
        Field<NonNullGraphType<IntGraphType>>("starLevel").Description("The star level certified, 1 to 5, not above the volunteer's current level.");
        Field<NonNullGraphType<StringGraphType>>("personInCharge").Description($"The organization's person in charge (负责人); required, at most {TextLimits.PersonName} characters.");
        Field<NonNullGraphType<StringGraphType>>("handlingOfficer").Description($"The handling officer (经办人); required, at most {TextLimits.PersonName} characters.");
        Field<NonNullGraphType<StringGraphType>>("contact").Description($"The organization's contact (an office phone or address); required, at most {TextLimits.Place} characters.");
        Field<StringGraphType>("notes").Description($"Notes (备注), at most {TextLimits.Reason} characters.").DefaultValue("");
    }
}
