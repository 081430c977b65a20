using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Gifts;

/// <summary>The rules of a relation between two members (ADR 0045).</summary>
public static class RelationDecider
{
    /// <param name="member">For <see cref="RecordRelation"/>: the member's account, loaded by the caller (null: not registered).</param>
    /// <param name="relative">For <see cref="RecordRelation"/>: the relative's account (null: not registered).</param>
    public static RelationEvent[] Decide(
        RelationCommand command, Relation? state, DateTimeOffset now, VolunteerAccount? member = null, VolunteerAccount? relative = null) =>
        (command, state) switch
        {
            (RecordRelation record, _) => [Record(record, state, member, relative, now)],
            (ConfirmRelation confirm, _) => Confirm(confirm, state, now),
            (EndRelation end, _) => End(end, state, now),
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static RelationRecorded Record(RecordRelation command, Relation? state, VolunteerAccount? member, VolunteerAccount? relative, DateTimeOffset now)
    {
        if (!command.Actor.IsStaffOrCityAdmin())
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Staff of either member's home community record a relation.");
        }

        // Permission before existence: staff of neither member's home community learn nothing about either id.
        if (!(member is not null && command.Actor.MayActIn(member.HomeCommunityId)) && !(relative is not null && command.Actor.MayActIn(relative.HomeCommunityId)))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of either member's home community record their relation.");
        }

        if (member is null || relative is null || member.Id != command.MemberId || relative.Id != command.RelativeId)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, "Both members of a relation are registered volunteers of the city.");
        }

        if (command.MemberId == command.RelativeId)
        {
            throw new LedgerRefusal(RefusalCodes.RelationToSelf, "A member is not their own relative.");
        }

        if (!Enum.IsDefined(command.Kind))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, "A direct relation is spouse, parent, child, grandparent or grandchild.");
        }

        if (state is { IsEnded: false })
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, "The two members' relation is already recorded; end it first to record it anew.");
        }

        return new RelationRecorded(
            command.RelationId, member.Id, relative.Id, command.Kind, member.HomeCommunityId, relative.HomeCommunityId, command.Actor.PersonId, now);
    }

    private static RelationEvent[] Confirm(ConfirmRelation command, Relation? state, DateTimeOffset now)
    {
        // Each member confirms their own side, and nobody else's: not the other member, not staff.
        if (command.Actor.Role != ActorRole.Volunteer || command.Actor.PersonId != command.MemberId)
        {
            throw new LedgerRefusal(RefusalCodes.RelationNotOwnSide, "Each member confirms a relation for themself only.");
        }

        if (state is null || state.IsEnded || !state.Concerns(command.MemberId))
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"No open relation {command.RelationId} of this member.");
        }

        return state.HasConfirmed(command.MemberId) ? [] : [new RelationConfirmed(state.Id, command.MemberId, now)];
    }

    private static RelationEvent[] End(EndRelation command, Relation? state, DateTimeOffset now)
    {
        var actor = command.Actor;
        var mayEnd = state is not null && (
            (actor.Role == ActorRole.Volunteer && state.Concerns(actor.PersonId))
            || actor.MayActIn(state.MemberHomeCommunityId) || actor.MayActIn(state.RelativeHomeCommunityId));
        if (state is null || !mayEnd)
        {
            // Whether a relation exists is none of an outsider's business: the same answer as a missing one.
            throw new LedgerRefusal(RefusalCodes.NotFound, $"No relation {command.RelationId} that the caller may end.");
        }

        return state.IsEnded ? [] : [new RelationEnded(state.Id, actor.PersonId, now)];
    }

    private static bool IsStaffOrCityAdmin(this Actor actor) => actor.Role is ActorRole.Staff or ActorRole.CityAdmin;
}
