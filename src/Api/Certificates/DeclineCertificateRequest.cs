using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>Staff of the community decline a volunteer's request, with a reason. The ledger's <see cref="DeclineCertificateRequest"/>.</summary>
public static class DeclineCertificateRequestHandler
{
    public static async Task<Accepted> Handle(DeclineCertificateRequest command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        certificate.AppendMany(CertificateDecider.Decide(command, certificate.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CertificateId);
    }
}
