using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Certificates;

public abstract record CertificateCommand(Guid CertificateId, Actor Actor) : IActorCommand;

/// <summary>A volunteer asks a community that recorded their service to certify it ("whoever records certifies", 谁记录谁证明).</summary>
public sealed record RequestCertificate(Guid CertificateId, Guid CommunityId, CertificatePeriod Period, Actor Actor)
    : CertificateCommand(CertificateId, Actor);

/// <summary>
/// Staff of the community (or a city admin) issue a certificate: a requested one (<paramref name="Subject"/> absent, or
/// the request's own), or directly for a volunteer (<paramref name="Subject"/> names who, where and when).
/// </summary>
public sealed record IssueCertificate(Guid CertificateId, CertificateSubject? Subject, CertificateSignatories Signatories, string Notes, Actor Actor)
    : CertificateCommand(CertificateId, Actor);

/// <summary>
/// Staff of a community that recorded verified service of the volunteer (or a city admin) certify a star level the
/// volunteer has reached (1 to 5): numbered from the same register and sealed like a service certificate.
/// </summary>
public sealed record IssueStarCertificate(
    Guid CertificateId, Guid VolunteerId, Guid CommunityId, int StarLevel, CertificateSignatories Signatories, string Notes, Actor Actor)
    : CertificateCommand(CertificateId, Actor);

/// <summary>Whose service, recorded by which community, over which days.</summary>
public sealed record CertificateSubject(Guid VolunteerId, Guid CommunityId, CertificatePeriod Period);

public sealed record DeclineCertificateRequest(Guid CertificateId, string Reason, Actor Actor) : CertificateCommand(CertificateId, Actor);

public sealed record RevokeCertificate(Guid CertificateId, RevocationCategory Category, string Reason, Actor Actor)
    : CertificateCommand(CertificateId, Actor);
