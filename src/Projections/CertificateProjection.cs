using TimeBank.Ledger.Certificates;

namespace TimeBank.Projections;

/// <summary>A certificate as it stands (requested, issued with its sealed content, revoked): the register and verification read it. Inline.</summary>
public sealed class CertificateProjection() : AggregateProjection<Certificate, CertificateEvent>(Certificate.Evolve);

/// <summary>A community's register of numbers for a year: the last number taken. Inline, so that issuing reads (and locks) one row, not the year's events.</summary>
public sealed class CertificateRegisterProjection() : AggregateProjection<CertificateRegister, CertificateRegisterEvent>(CertificateRegister.Evolve);
