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
        var community = await session.LoadAsync<Community>(subject.CommunityId, cancellation)
            ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {subject.CommunityId} was not found.");
        var registerId = CertificateRegister.IdOf(community.Id, ChinaTime.DayOf(now).Year);
        var register = await session.Events.FetchForExclusiveWriting<CertificateRegister>(registerId, cancellation);
        var volunteer = await session.LoadAsync<VolunteerAccount>(subject.VolunteerId, cancellation);
        var person = await CertificatePerson.ReadAsync(session, cipher, subject.VolunteerId, cancellation);
        var records = await CertifiableRecords.OfAsync(session, subject.VolunteerId, subject.CommunityId, cancellation);
        var context = new IssueContext(community, CommunityCode.Of(community.Id), register.Aggregate, volunteer, person?.Digest ?? "", records);

        var issue = CertificateDecider.Issue(command, certificate.Aggregate, context, now, sealer.Seal);
        certificate.AppendOne(issue.Issued);
        register.AppendOne(issue.NumberTaken);
        return new Accepted(registerId, command.CertificateId);
    }
}
