using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// Staff of the issuing community revoke a certificate, with a reason and its category (what public verification shows).
/// The ledger's <see cref="RevokeCertificate"/>; its number stays taken.
/// </summary>
public static class RevokeCertificateHandler
{
    public static async Task<Accepted> Handle(RevokeCertificate command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        certificate.AppendMany(CertificateDecider.Decide(command, certificate.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CertificateId);
    }
}
