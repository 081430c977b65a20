namespace TimeBank.Ledger.Organizations;

/// <summary>Events of a community social organization's stream (社区社会组织). No personal data: a contact is a role.</summary>
public abstract record SocialOrganizationEvent(Guid OrganizationId);

/// <summary>The kinds the city's plan counts (公益慈善类, 生活服务类, 文体活动类, 专业调处类, other).</summary>
public enum OrganizationKind
{
    CharityAndPublicWelfare,
    LivingServices,
    CultureAndSports,
    Mediation,
    Other,
}

/// <summary>Registered with the civil affairs bureau (登记) or filed with the street (备案).</summary>
public enum OrganizationStanding
{
    Registered,
    Filed,
}

[StoredAs("social_organization_registered.v1")]
public sealed record SocialOrganizationRegistered(
    Guid OrganizationId,
    Guid CommunityId,
    string Name,
    OrganizationKind Kind,
    OrganizationStanding Standing,
    string ContactRole,
    Guid RegisteredBy,
    DateTimeOffset RegisteredAt) : SocialOrganizationEvent(OrganizationId);

/// <summary>Stops counting toward the community's target until reinstated.</summary>
[StoredAs("social_organization_suspended.v1")]
public sealed record SocialOrganizationSuspended(Guid OrganizationId, Guid CommunityId, string Reason, Guid SuspendedBy, DateTimeOffset SuspendedAt)
    : SocialOrganizationEvent(OrganizationId);

[StoredAs("social_organization_reinstated.v1")]
public sealed record SocialOrganizationReinstated(Guid OrganizationId, Guid CommunityId, Guid ReinstatedBy, DateTimeOffset ReinstatedAt)
    : SocialOrganizationEvent(OrganizationId);

/// <summary>The end of the organization: final, it never counts again.</summary>
[StoredAs("social_organization_dissolved.v1")]
public sealed record SocialOrganizationDissolved(Guid OrganizationId, Guid CommunityId, string Reason, Guid DissolvedBy, DateTimeOffset DissolvedAt)
    : SocialOrganizationEvent(OrganizationId);
