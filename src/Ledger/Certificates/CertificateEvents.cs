namespace TimeBank.Ledger.Certificates;

/// <summary>Events of a certificate's stream (志愿服务证明): requested, issued (its content frozen and sealed), revoked.</summary>
public abstract record CertificateEvent(Guid CertificateId);

/// <summary>A volunteer asks the community that recorded their service to certify it over <paramref name="Period"/>.</summary>
[StoredAs("certificate_requested.v1")]
public sealed record CertificateRequested(
    Guid CertificateId, Guid VolunteerId, Guid CommunityId, CertificatePeriod Period, Guid RequestedBy, DateTimeOffset RequestedAt)
    : CertificateEvent(CertificateId);

/// <summary>Staff decline a request, with a reason the volunteer reads; nothing is numbered.</summary>
[StoredAs("certificate_request_declined.v1")]
public sealed record CertificateRequestDeclined(Guid CertificateId, string Reason, Guid DeclinedBy, DateTimeOffset DeclinedAt)
    : CertificateEvent(CertificateId);

/// <summary>
/// The certificate as issued: its content is frozen here (records revoked later stay in it, and verification says so)
/// and sealed (<see cref="CertificateSeal"/>). No personal data: the person is a salted digest in the content, and the
/// name and ID shown on the certificate are read from the volunteer's encrypted details (ADR 0008).
/// </summary>
[StoredAs("certificate_issued.v1")]
public sealed record CertificateIssued(
    Guid CertificateId, Guid VolunteerId, Guid CommunityId, int Year, int Sequence, CertificateContent Content, CertificateSeal Seal,
    Guid IssuedBy, DateTimeOffset IssuedAt)
    : CertificateEvent(CertificateId);

[StoredAs("certificate_revoked.v1")]
public sealed record CertificateRevoked(
    Guid CertificateId, RevocationCategory Category, string Reason, Guid RevokedBy, DateTimeOffset RevokedAt)
    : CertificateEvent(CertificateId);

/// <summary>Why a certificate was revoked, as the public verification shows it (the reason's text stays with the community).</summary>
public enum RevocationCategory
{
    /// <summary>Issued by mistake (wrong person, period or community).</summary>
    IssuedInError,

    /// <summary>The records behind it were corrected; a new certificate may be issued.</summary>
    RecordsCorrected,

    /// <summary>Obtained by false records.</summary>
    Fraud,

    Other,
}

/// <summary>Events of a community's certificate register for one year: the numbers taken, in order, without gaps.</summary>
public abstract record CertificateRegisterEvent(Guid RegisterId);

/// <summary>
/// Number <paramref name="Sequence"/> of <paramref name="Year"/> goes to <paramref name="CertificateId"/>: appended in the
/// transaction that issues the certificate, on a stream locked for it, so a number is never skipped nor given twice.
/// </summary>
[StoredAs("certificate_number_taken.v1")]
public sealed record CertificateNumberTaken(Guid RegisterId, Guid CommunityId, int Year, int Sequence, Guid CertificateId, DateTimeOffset TakenAt)
    : CertificateRegisterEvent(RegisterId);
