using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Policies;

namespace TimeBank.Ledger.Needs;

/// <summary>
/// What a command on a need comes to: the need's own events, and the events of the resident's and the volunteer's
/// accounts that move its time credits. Appended together, in one transaction (ADR 0044).
/// </summary>
public sealed record NeedDecision(IReadOnlyList<NeedEvent> Need, IReadOnlyList<VolunteerAccountEvent> Resident, IReadOnlyList<VolunteerAccountEvent> Volunteer)
{
    public static NeedDecision Nothing { get; } = new([], [], []);

    public bool IsEmpty => Need.Count == 0 && Resident.Count == 0 && Volunteer.Count == 0;
}

/// <summary>The rules of a resident's need: its life, who may do what, and where its escrow goes.</summary>
public static class NeedDecider
{
    /// <summary>Skills a need may ask for.</summary>
    public const int MaxSkills = 10;

    /// <summary>The accounts a decision reads besides the need: the resident's and the (accepting) volunteer's.</summary>
    public static (Guid? Resident, Guid? Volunteer) AccountsConcerned(NeedCommand command, Need? need) => command switch
    {
        PostNeed post => (post.ResidentId, null),
        AcceptNeed accept => (null, accept.Actor.PersonId),
        DisputeNeed => (null, null),
        _ => (need?.ResidentId, need?.VolunteerId),
    };

    /// <param name="community">For <see cref="PostNeed"/>: the community it is posted in; null when it does not exist.</param>
    /// <param name="resident">The need's resident's account (for a post: the poster's), as <see cref="AccountsConcerned"/> names it.</param>
    /// <param name="volunteer">The accepting volunteer's account, as <see cref="AccountsConcerned"/> names it.</param>
    public static NeedDecision Decide(
        NeedCommand command, Need? need, VolunteerAccount? resident, VolunteerAccount? volunteer, LedgerPolicy policy, DateTimeOffset now, Community? community = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(policy);
        return (command, need) switch
        {
            (PostNeed post, null) => Post(post, community, resident, policy, now),
            (PostNeed post, _) => throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Need {post.NeedId} already exists."),
            (ExpireNeed, null) => NeedDecision.Nothing,
            (_, null) => throw new LedgerRefusal(RefusalCodes.NotFound, $"Need {command.NeedId} does not exist."),
            (AcceptNeed accept, _) => Accept(accept, need, volunteer, now),
            (ConfirmNeed confirm, _) => Confirm(confirm, need, resident, volunteer, policy, now),
            (CancelNeed cancel, _) => Cancel(cancel, need, resident, now),
            (DisputeNeed dispute, _) => Dispute(dispute, need, now),
            (DecideNeedDispute decide, _) => DecideDispute(decide, need, resident, volunteer, policy, now),
            (ExpireNeed, _) => Expire(need, resident, now),
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };
    }

    private static NeedDecision Post(PostNeed command, Community? community, VolunteerAccount? resident, LedgerPolicy policy, DateTimeOffset now)
    {
        var forThemself = command.Actor is { Role: ActorRole.Volunteer } && command.Actor.PersonId == command.ResidentId;
        if (!forThemself && !command.Actor.MayActIn(command.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "A resident posts their own need; staff of the need's community may post it for them.");
        }

        if (community is null)
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {command.CommunityId} does not exist.");
        }

        if (resident is null)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, $"Resident {command.ResidentId} is not registered.");
        }

        var what = TextLimits.Required(command.What, "What", TextLimits.Reason, RefusalCodes.InvalidInput, "Say what the need is.");
        var place = TextLimits.Required(command.Place, "Place", TextLimits.Place, RefusalCodes.InvalidInput, "Say where the service is needed.");
        if (command.Minutes <= 0 || command.Minutes > policy.MaxRecordLength.Value)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"A need lasts 1 to {policy.MaxRecordLength.Value} minutes; got {command.Minutes}.");
        }

        if (command.StartsAt.AddMinutes(command.Minutes) <= now)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.InvalidInput, $"A need's service must end after now; it starts at {command.StartsAt}.");
        }

        var skills = (command.Skills ?? []).Select(skill => TextLimits.Within(skill, "A skill", TextLimits.Name))
            .Where(skill => skill.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (skills.Length > MaxSkills)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, $"A need asks for at most {MaxSkills} skills; got {skills.Length}.");
        }

        var escrowed = VolunteerAccountDecider.Escrow(resident, command.NeedId, command.CommunityId, command.Minutes, now);
        var expiresAt = command.StartsAt.AddMinutes(command.Minutes) + policy.NeedExpiryGrace;
        var posted = new NeedPosted(
            command.NeedId, command.ResidentId, command.CommunityId, what, place, command.StartsAt, command.Minutes, skills, command.Actor.PersonId, expiresAt, now);
        return new NeedDecision([posted], [escrowed], []);
    }

    private static NeedDecision Accept(AcceptNeed command, Need need, VolunteerAccount? volunteer, DateTimeOffset now)
    {
        if (command.Actor.Role != ActorRole.Volunteer)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "A volunteer accepts a need, for themself.");
        }

        if (command.Actor.PersonId == need.ResidentId)
        {
            throw new LedgerRefusal(RefusalCodes.OwnNeed, "A resident cannot accept their own need.");
        }

        if (need.Status == NeedStatus.Accepted && need.VolunteerId == command.Actor.PersonId)
        {
            return NeedDecision.Nothing;
        }

        if (need.Status != NeedStatus.Open || now >= need.ExpiresAt)
        {
            throw new LedgerRefusal(RefusalCodes.NeedNotOpen, $"The need is no longer open ({StatusWord(need, now)}).");
        }

        if (volunteer is null)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, $"Volunteer {command.Actor.PersonId} is not registered.");
        }

        return new NeedDecision([new NeedAccepted(need.Id, volunteer.Id, now)], [], []);
    }

    private static NeedDecision Confirm(
        ConfirmNeed command, Need need, VolunteerAccount? resident, VolunteerAccount? volunteer, LedgerPolicy policy, DateTimeOffset now)
    {
        var onBehalf = ActsForResident(command.Actor, need);
        switch (need.Status)
        {
            case NeedStatus.Confirmed:
                return NeedDecision.Nothing;
            case NeedStatus.Open:
                throw new LedgerRefusal(RefusalCodes.NeedNotAccepted, "Nobody has accepted the need yet: there is nothing to confirm.");
            case NeedStatus.Decided or NeedStatus.Cancelled or NeedStatus.Expired:
                throw Ended(need);
        }

        var transferId = Need.TransferOf(need.Id);
        var volunteerId = need.VolunteerId!.Value;
        var residentAccount = resident ?? throw new InvalidOperationException($"The account of need {need.Id}'s resident is missing.");
        var volunteerAccount = volunteer ?? throw new InvalidOperationException($"The account of need {need.Id}'s volunteer is missing.");
        return new NeedDecision(
            [new NeedConfirmed(need.Id, volunteerId, need.Minutes, transferId, command.Actor.PersonId, onBehalf, now)],
            VolunteerAccountDecider.PayEscrow(residentAccount, need.Id, transferId, volunteerId, need.Minutes, now),
            VolunteerAccountDecider.ReceiveNeedPayment(volunteerAccount, need.Id, transferId, need.ResidentId, need.Minutes, policy, now));
    }

    private static NeedDecision Cancel(CancelNeed command, Need need, VolunteerAccount? resident, DateTimeOffset now)
    {
        var onBehalf = ActsForResident(command.Actor, need);
        return need.Status switch
        {
            NeedStatus.Cancelled => NeedDecision.Nothing,
            NeedStatus.Open => new NeedDecision(
                [new NeedCancelled(need.Id, command.Actor.PersonId, onBehalf, now)],
                VolunteerAccountDecider.ReleaseEscrow(resident ?? throw new InvalidOperationException($"The account of need {need.Id}'s resident is missing."), need.Id, now),
                []),
            NeedStatus.Accepted or NeedStatus.Disputed =>
                throw new LedgerRefusal(RefusalCodes.NeedNotOpen, "A volunteer has accepted the need: it can no longer be cancelled, only confirmed or disputed."),
            _ => throw Ended(need),
        };
    }

    private static NeedDecision Dispute(DisputeNeed command, Need need, DateTimeOffset now)
    {
        if (!(command.Actor.Role == ActorRole.Volunteer && command.Actor.PersonId == need.VolunteerId))
        {
            ActsForResident(command.Actor, need);
        }

        var reason = TextLimits.Required(command.Reason, "The reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "Say why the need is disputed.");
        return need.Status switch
        {
            NeedStatus.Disputed => NeedDecision.Nothing,
            NeedStatus.Accepted => new NeedDecision([new NeedDisputed(need.Id, command.Actor.PersonId, reason, now)], [], []),
            NeedStatus.Open => throw new LedgerRefusal(RefusalCodes.NeedNotAccepted, "Nobody has accepted the need yet: there is nothing to dispute; cancel it instead."),
            _ => throw Ended(need),
        };
    }

    private static NeedDecision DecideDispute(
        DecideNeedDispute command, Need need, VolunteerAccount? resident, VolunteerAccount? volunteer, LedgerPolicy policy, DateTimeOffset now)
    {
        if (!command.Actor.MayActIn(need.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the need's community decide its dispute.");
        }

        if (command.Actor.PersonId == need.ResidentId || command.Actor.PersonId == need.VolunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Staff do not decide a dispute they are a party to.");
        }

        switch (need.Status)
        {
            case NeedStatus.Open or NeedStatus.Accepted:
                throw new LedgerRefusal(RefusalCodes.NeedNotDisputed, "The need is not in dispute: there is nothing to decide.");
            case not NeedStatus.Disputed:
                throw Ended(need);
        }

        if (command.ToVolunteer < 0 || command.ToResident < 0 || command.ToVolunteer + command.ToResident != need.Minutes)
        {
            throw new LedgerRefusal(
                RefusalCodes.SplitDoesNotAddUp,
                $"The escrow of {need.Minutes} minutes is split whole: {command.ToVolunteer} to the volunteer and {command.ToResident} to the resident do not add up to it.");
        }

        var reason = TextLimits.Required(command.Reason, "The reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "Say why the dispute is decided so.");
        var transferId = Need.TransferOf(need.Id);
        var volunteerId = need.VolunteerId!.Value;
        var residentAccount = resident ?? throw new InvalidOperationException($"The account of need {need.Id}'s resident is missing.");
        var volunteerAccount = volunteer ?? throw new InvalidOperationException($"The account of need {need.Id}'s volunteer is missing.");
        return new NeedDecision(
            [new NeedDisputeDecided(need.Id, volunteerId, command.ToVolunteer, command.ToResident, transferId, command.Actor.PersonId, reason, now)],
            command.ToVolunteer == 0
                ? VolunteerAccountDecider.ReleaseEscrow(residentAccount, need.Id, now)
                : VolunteerAccountDecider.PayEscrow(residentAccount, need.Id, transferId, volunteerId, command.ToVolunteer, now),
            VolunteerAccountDecider.ReceiveNeedPayment(volunteerAccount, need.Id, transferId, need.ResidentId, command.ToVolunteer, policy, now));
    }

    /// <summary>Open or unconfirmed past its expiry: the escrow goes back. A disputed need waits for staff; an ended one changes nothing.</summary>
    private static NeedDecision Expire(Need need, VolunteerAccount? resident, DateTimeOffset now) =>
        need.Status is NeedStatus.Open or NeedStatus.Accepted && now >= need.ExpiresAt
            ? new NeedDecision(
                [new NeedExpired(need.Id, now)],
                VolunteerAccountDecider.ReleaseEscrow(resident ?? throw new InvalidOperationException($"The account of need {need.Id}'s resident is missing."), need.Id, now),
                [])
            : NeedDecision.Nothing;

    /// <summary>The resident themself (false), or staff of the need's community acting for them (true); anyone else is refused.</summary>
    private static bool ActsForResident(Actor actor, Need need) =>
        actor.PersonId == need.VolunteerId
            ? throw new LedgerRefusal(RefusalCodes.NotPartyToNeed, "The need's volunteer does not act for its resident.")
        : actor.Role == ActorRole.Volunteer && actor.PersonId == need.ResidentId ? false
        : actor.MayActIn(need.CommunityId) ? true
        : throw new LedgerRefusal(RefusalCodes.NotPartyToNeed, "Only the need's resident, or staff of its community for them, may do this.");

    private static LedgerRefusal Ended(Need need) =>
        new(RefusalCodes.NeedEnded, $"The need has ended ({need.Status.ToString().ToLowerInvariant()}).");

    private static string StatusWord(Need need, DateTimeOffset now) =>
        need.Status == NeedStatus.Open && now >= need.ExpiresAt ? "expired" : need.Status.ToString().ToLowerInvariant();
}
