namespace TimeBank.Ledger.Organizations;

/// <summary>Active → Suspended ⇄ Active; Active or Suspended → Dissolved (final). Only an active organization counts toward the target.</summary>
public enum OrganizationStatus
{
    Active,
    Suspended,
    Dissolved,
}

/// <summary>
/// A community social organization (社区社会组织) as it stands after its events: registered by staff of its community,
/// perhaps suspended (with <see cref="Reason"/>), reinstated or dissolved. Its id is its name in the community
/// (<see cref="SocialOrganizationName.IdOf"/>). No personal data: the contact is a role.
/// </summary>
public sealed record SocialOrganization(
    Guid Id,
    Guid CommunityId,
    string Name,
    OrganizationKind Kind,
    OrganizationStanding Standing,
    string ContactRole,
    OrganizationStatus Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset StatusChangedAt,
    string? Reason = null)
{
    /// <summary>Counts toward the community's target of social organizations.</summary>
    public bool IsActive => Status == OrganizationStatus.Active;

    public static SocialOrganization FromRegistration(SocialOrganizationRegistered registered) =>
        new(registered.OrganizationId, registered.CommunityId, registered.Name, registered.Kind, registered.Standing, registered.ContactRole,
            OrganizationStatus.Active, registered.RegisteredAt, registered.RegisteredAt);

    public static SocialOrganization? Evolve(SocialOrganization? state, SocialOrganizationEvent @event) => (state, @event) switch
    {
        (null, SocialOrganizationRegistered registered) => FromRegistration(registered),
        (null, _) => null,
        (_, SocialOrganizationRegistered) => state,
        (_, SocialOrganizationSuspended suspended) =>
            state with { Status = OrganizationStatus.Suspended, StatusChangedAt = suspended.SuspendedAt, Reason = suspended.Reason },
        (_, SocialOrganizationReinstated reinstated) =>
            state with { Status = OrganizationStatus.Active, StatusChangedAt = reinstated.ReinstatedAt, Reason = null },
        (_, SocialOrganizationDissolved dissolved) =>
            state with { Status = OrganizationStatus.Dissolved, StatusChangedAt = dissolved.DissolvedAt, Reason = dissolved.Reason },
        _ => throw new UnknownEventException($"{nameof(SocialOrganization)}.{nameof(Evolve)}", @event),
    };
}
