using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Certificates;

/// <summary>
/// A volunteer requests a certificate of their verified service over a period from a community that recorded it. The
/// ledger's <see cref="RequestCertificate"/>, decided on the certificate's new stream with the volunteer's records in
/// that community: a period with nothing to certify is refused at once.
/// </summary>
public static class RequestCertificateHandler
{
    public static async Task<Accepted> Handle(RequestCertificate command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var certificate = await session.Events.FetchForWriting<Certificate>(command.CertificateId, cancellation);
        var records = await CertifiableRecords.OfAsync(session, command.Actor.PersonId, command.CommunityId, cancellation);
        certificate.AppendOne(CertificateDecider.Request(command, certificate.Aggregate, records, clock.GetUtcNow()));
        return new Accepted(command.CertificateId);
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
