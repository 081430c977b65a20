using JasperFx.Events;
using Marten;
using TimeBank.Api.Commands;
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
/// the deployment's key (<see cref="CertificateSealer"/>).
/// </summary>
public static class IssueCertificateHandler
{
    public static async Task<Accepted> Handle(
        IssueCertificate command, IDocumentSession session, PersonalDataCipher cipher, CertificateSealer sealer, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var subject = CertificateDecider.SubjectOf(command, certificate.Aggregate);
        var (context, register) = await ReadContextAsync(session, cipher, subject.VolunteerId, subject.CommunityId, now, cancellation);

        var issue = CertificateDecider.Issue(command, certificate.Aggregate, context, now, sealer.Seal);
        certificate.AppendOne(issue.Issued);
        register.AppendOne(issue.NumberTaken);
        return new Accepted(register.Id, command.CertificateId);
    }

    /// <summary>
    /// What an issue of any kind reads in its transaction: the community, its register for the year (locked, ADR 0032),
    /// the volunteer's account, the digest of their name and ID, and their records in the community.
    /// </summary>
    public static async Task<(IssueContext Context, IEventStream<CertificateRegister> Register)> ReadContextAsync(
        IDocumentSession session, PersonalDataCipher cipher, Guid volunteerId, Guid communityId, DateTimeOffset now, CancellationToken cancellation)
    {
        var community = await session.LoadAsync<Community>(communityId, cancellation)
            ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {communityId} was not found.");
        var registerId = CertificateRegister.IdOf(community.Id, ChinaTime.DayOf(now).Year);
        var register = await session.Events.FetchForExclusiveWriting<CertificateRegister>(registerId, cancellation);
        var volunteer = await session.LoadAsync<VolunteerAccount>(volunteerId, cancellation);
        var person = await CertificatePerson.ReadAsync(session, cipher, volunteerId, cancellation);
        var records = await CertifiableRecords.OfAsync(session, volunteerId, communityId, cancellation);
        return (new IssueContext(community, CommunityCode.Of(community.Id), register.Aggregate, volunteer, person?.Digest ?? "", records), register);
    }
}
