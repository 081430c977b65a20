namespace TimeBank.Ledger.Certificates;

public enum CertificateStatus
{
    Requested,
    Declined,
    Issued,
    Revoked,
}

/// <summary>A certificate as it stands after its events. <see cref="Content"/> and <see cref="Seal"/> exist once issued, and never change after.</summary>
public sealed record Certificate(
    Guid Id,
    Guid VolunteerId,
    Guid CommunityId,
    CertificatePeriod Period,
    CertificateStatus Status,
    CertificateContent? Content = null,
    CertificateSeal? Seal = null,
    DateTimeOffset? IssuedAt = null,
    CertificateRevoked? Revocation = null)
{
    public CertificateSubject Subject => new(VolunteerId, CommunityId, Period);

    public static Certificate FromRequest(CertificateRequested requested) =>
        new(requested.CertificateId, requested.VolunteerId, requested.CommunityId, requested.Period, CertificateStatus.Requested);

    public static Certificate FromIssue(CertificateIssued issued) =>
        new(issued.CertificateId, issued.VolunteerId, issued.CommunityId, issued.Content.Period, CertificateStatus.Issued,
            issued.Content, issued.Seal, issued.IssuedAt);

    public static Certificate? Evolve(Certificate? state, CertificateEvent @event) => (state, @event) switch
    {
        (null, CertificateRequested requested) => FromRequest(requested),
        (_, CertificateIssued issued) => FromIssue(issued),
        (null, _) => null,
        (_, CertificateRequested) => state,
        (_, CertificateRequestDeclined) => state with { Status = CertificateStatus.Declined },
        (_, CertificateRevoked revoked) => state with { Status = CertificateStatus.Revoked, Revocation = revoked },
        _ => throw new UnknownEventException($"{nameof(Certificate)}.{nameof(Evolve)}", @event),
    };
}
