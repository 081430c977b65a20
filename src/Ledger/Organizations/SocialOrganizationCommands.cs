using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Organizations;

public abstract record SocialOrganizationCommand(Guid OrganizationId, Actor Actor) : IActorCommand;

/// <summary>
/// Staff of a community (or a city admin) register a social organization in it. Its id is not chosen: it is the name's
/// in the community (<see cref="SocialOrganizationName.IdOf"/>).
/// </summary>
public sealed record RegisterSocialOrganization(
    Guid CommunityId, string Name, OrganizationKind Kind, OrganizationStanding Standing, string ContactRole, Actor Actor)
    : SocialOrganizationCommand(SocialOrganizationName.IdOf(CommunityId, Name ?? string.Empty), Actor);

/// <summary>Stops an active organization counting toward the target, with a reason, until it is reinstated.</summary>
public sealed record SuspendSocialOrganization(Guid OrganizationId, string Reason, Actor Actor) : SocialOrganizationCommand(OrganizationId, Actor);

/// <summary>A suspended organization is active again.</summary>
public sealed record ReinstateSocialOrganization(Guid OrganizationId, Actor Actor) : SocialOrganizationCommand(OrganizationId, Actor);

/// <summary>The end of an active or suspended organization, with a reason: final.</summary>
public sealed record DissolveSocialOrganization(Guid OrganizationId, string Reason, Actor Actor) : SocialOrganizationCommand(OrganizationId, Actor);
