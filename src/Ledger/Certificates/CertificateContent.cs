namespace TimeBank.Ledger.Certificates;

public enum CertificateKind
{
    /// <summary>Verified service over a period (志愿服务记录证明).</summary>
    Service,

    /// <summary>A star level awarded (志愿服务星级证明): the level and the volunteer's total hours at issue, no records table.</summary>
    Star,
}

/// <summary>The days a certificate covers, both included, counted in China time (<see cref="Units.ChinaTime"/>).</summary>
public sealed record CertificatePeriod(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly day) => From <= day && day <= To;
}

/// <summary>One service record as the certificate states it (project, date, content, hours), frozen at issue.</summary>
public sealed record CertifiedRecord(Guid RecordId, string Project, DateOnly Day, string Content, long Minutes);

/// <summary>Who answers for the certificate: the issuing organization's person in charge, the handling officer (经办人) and a contact (an office phone or address, not a person's own).</summary>
public sealed record CertificateSignatories(string PersonInCharge, string HandlingOfficer, string Contact);

/// <summary>
/// What a certificate says, in the national format (民发〔2015〕149号), less the person's name and ID: those are
/// represented by <paramref name="PersonDigest"/>, a salted digest the host computes from the volunteer's details, so a
/// verifier holding the paper can check the name on it, and erasing the person leaves the totals verifiable. This is what
/// is canonicalized and signed.
/// </summary>
public sealed record CertificateContent(
    CertificateKind Kind,
    string Number,
    Guid CertificateId,
    Guid CommunityId,
    string VolunteerNumber,
    string PersonDigest,
    CertificatePeriod Period,
    IReadOnlyList<CertifiedRecord> Records,
    long TotalMinutes,
    int StarLevel,
    string Organization,
    CertificateSignatories Signatories,
    DateOnly IssuedOn,
    string Notes);

/// <summary>
/// The seal the host puts on the content at issue: the signature of its canonical form (with the key that made it, so
/// old certificates verify after a key rotation) and the short code a person types to verify it online.
/// </summary>
public sealed record CertificateSeal(string KeyId, string Signature, string VerificationCode);
