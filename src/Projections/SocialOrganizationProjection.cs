using TimeBank.Ledger.Organizations;

namespace TimeBank.Projections;

/// <summary>A community social organization as it stands (active, suspended or dissolved): listed by community. Inline.</summary>
public sealed class SocialOrganizationProjection() : AggregateProjection<SocialOrganization, SocialOrganizationEvent>(SocialOrganization.Evolve);
