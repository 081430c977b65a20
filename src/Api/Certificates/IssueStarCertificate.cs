using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Staff of a community that recorded the volunteer's verified service (or a city admin) certify a star level the
/// volunteer has reached (志愿服务星级证明). The ledger's <see cref="IssueStarCertificate"/>, decided with what a service
/// certificate's issue reads (<see cref="IssueCertificateHandler.ReadContextAsync"/>): numbered from the same locked
/// register, sealed with the same key.
/// </summary>
public static class IssueStarCertificateHandler
{
    public static async Task<Accepted> Handle(
        IssueStarCertificate command, IDocumentSession session, PersonalDataCipher cipher, CertificateSealer sealer, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        CertificateDecider.RequireCertifier(command.Actor, command.CommunityId);

        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var (context, register) = await IssueCertificateHandler.ReadContextAsync(session, cipher, command.VolunteerId, command.CommunityId, now, cancellation);
        var issue = CertificateDecider.IssueStar(command, certificate.Aggregate, context, now, sealer.Seal);
        certificate.AppendOne(issue.Issued);
        register.AppendOne(issue.NumberTaken);
        return new Accepted(register.Id, command.CertificateId);
    }
}
