using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Certificates;

/// <summary>
/// A volunteer requests a certificate of their verified service over a period from a community that recorded it. The
/// ledger's <see cref="RequestCertificate"/>, decided on the certificate's new stream with the volunteer's records in
/// that community: a period with nothing to certify is refused at once. Where the community's policy issues requests
/// by itself (<see cref="Ledger.Policies.LedgerPolicy.AutoIssueCertificates"/>), the request sends, in its transaction,
/// the durable message that issues it (<see cref="AutoIssueCertificate"/>).
/// </summary>
public static class RequestCertificateHandler
{
    public static async Task<(Accepted, AutoIssueCertificate?)> Handle(
        RequestCertificate command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var records = await CertifiableRecords.OfAsync(session, command.Actor.PersonId, command.CommunityId, cancellation);
        certificate.AppendOne(CertificateDecider.Request(command, certificate.Aggregate, records, clock.GetUtcNow()));
        var policy = await policies.ForCommunityAsync(session, command.CommunityId, cancellation);
        return (new Accepted(command.CertificateId),
            policy.AutoIssueCertificates is { } signatories ? new AutoIssueCertificate(command.CertificateId, command.CommunityId, signatories) : null);
    }
}

/// <summary>The records a certificate may state: a volunteer's, in one community (the decider picks the period's).</summary>
public static class CertifiableRecords
{
    public static async Task<IReadOnlyList<ServiceRecord>> OfAsync(IQuerySession session, Guid volunteerId, Guid communityId, CancellationToken cancellation) =>
        await session.Query<ServiceRecord>()
            .Where(r => r.CommunityId == communityId && r.VolunteerId == volunteerId)
            .ToListAsync(cancellation);
}
