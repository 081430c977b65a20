using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;

namespace TimeBank.Ledger.Organizations;

/// <summary>
/// Staff of a community (or a city admin) register its social organizations (社区社会组织), suspend them with a reason,
/// reinstate them and dissolve them with a reason, once. A name is the community's once: the organization's id is derived
/// from it (<see cref="SocialOrganizationName"/>), so a second registration of a name finds the first one's stream and is
/// refused with <see cref="RefusalCodes.SocialOrganizationNameTaken"/>. Whoever may not act in the organization's
/// community is answered as for a missing organization, as for merchants.
/// </summary>
public static class SocialOrganizationDecider
{
    /// <summary>Registers the organization; <paramref name="community"/> is the community named, as the host found it (null: none).</summary>
    public static SocialOrganizationRegistered Register(
        RegisterSocialOrganization command, SocialOrganization? state, Community? community, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Permission first: only those who may register here learn whether a name is taken.
        if (!command.Actor.MayActIn(command.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community (or a city admin) register its social organizations.");
        }

        if (community is null || community.Id != command.CommunityId)
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {command.CommunityId} was not found.");
        }

        var name = TextLimits.Required(command.Name, "name", TextLimits.Name, RefusalCodes.InvalidInput, "A social organization has a name.");
        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.SocialOrganizationNameTaken, state.IsActive || state.Status == OrganizationStatus.Suspended
                ? $"The community already has a social organization named \"{state.Name}\"."
                : $"The community had a social organization named \"{state.Name}\", since dissolved: a new one takes a name of its own.");
        }

        var contactRole = TextLimits.Required(
            command.ContactRole, "contactRole", TextLimits.Name, RefusalCodes.InvalidInput, "A social organization names the role of its contact (e.g. 会长), not a person.");
        RequireDefined(command.Kind);
        RequireDefined(command.Standing);
        return new SocialOrganizationRegistered(
            command.OrganizationId, command.CommunityId, name, command.Kind, command.Standing, contactRole, command.Actor.PersonId, now);
    }

    public static SocialOrganizationEvent[] Decide(SocialOrganizationCommand command, SocialOrganization? state, DateTimeOffset now) =>
        (command, state) switch
        {
            (RegisterSocialOrganization, _) => throw new InvalidOperationException(
                $"{nameof(RegisterSocialOrganization)} is decided by its own rule ({nameof(Register)}): it reads the community."),
            (_, null) => throw NotFound(command.OrganizationId),
            (_, _) when !command.Actor.MayActIn(state.CommunityId) => throw NotFound(command.OrganizationId),
            (SuspendSocialOrganization suspend, _) => [Suspend(suspend, state, now)],
            (ReinstateSocialOrganization reinstate, _) => [Reinstate(reinstate, state, now)],
            (DissolveSocialOrganization dissolve, _) => [Dissolve(dissolve, state, now)],
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static SocialOrganizationSuspended Suspend(SuspendSocialOrganization command, SocialOrganization organization, DateTimeOffset now)
    {
        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required to suspend a social organization.");
        Require(organization, OrganizationStatus.Active, "suspended");
        return new SocialOrganizationSuspended(organization.Id, organization.CommunityId, reason, command.Actor.PersonId, now);
    }

    private static SocialOrganizationReinstated Reinstate(ReinstateSocialOrganization command, SocialOrganization organization, DateTimeOffset now)
    {
        Require(organization, OrganizationStatus.Suspended, "reinstated");
        return new SocialOrganizationReinstated(organization.Id, organization.CommunityId, command.Actor.PersonId, now);
    }

    private static SocialOrganizationDissolved Dissolve(DissolveSocialOrganization command, SocialOrganization organization, DateTimeOffset now)
    {
        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required to dissolve a social organization.");
        if (organization.Status == OrganizationStatus.Dissolved)
        {
            throw InvalidState(organization, "dissolved");
        }

        return new SocialOrganizationDissolved(organization.Id, organization.CommunityId, reason, command.Actor.PersonId, now);
    }

    private static void Require(SocialOrganization organization, OrganizationStatus status, string change)
    {
        if (organization.Status != status)
        {
            throw InvalidState(organization, change);
        }
    }

    private static LedgerRefusal InvalidState(SocialOrganization organization, string change) => new(
        RefusalCodes.InvalidOrganizationState,
        $"A {organization.Status.ToString().ToLowerInvariant()} social organization cannot be {change}.");

    private static void RequireDefined<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, $"{value} is not a {typeof(TEnum).Name}.");
        }
    }

    /// <summary>The answer for a missing organization, and for one of a community the caller does not act in.</summary>
    private static LedgerRefusal NotFound(Guid organizationId) => new(RefusalCodes.NotFound, $"Social organization {organizationId} was not found.");
}
