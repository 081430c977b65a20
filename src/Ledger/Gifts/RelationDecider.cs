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

    /// <summary>
    /// Districts mode (ADR 0047): a relation whose members are homed in two districts is kept in both, each decision taken
    /// in one district and copied to the other through the durable queue. These are the events to append to this
    /// district's copy for an event <paramref name="decided"/> elsewhere: each once (a second delivery appends nothing), a
    /// confirmation or an end only to the recording it belongs to (recorded no later than it), and nothing over a relation
    /// ended here since. A recording meets an open one recorded otherwise here only when staff of both districts recorded
    /// the pair at once: the first in each district stands, and a confirmation that meets a copy ended here is dropped (ADR 0047 says so).
    /// </summary>
    /// <exception cref="RelationNotYetCopiedException">A confirmation or end arrived before the recording it belongs to.</exception>
    public static RelationEvent[] Copy(RelationEvent decided, Relation? state)
    {
        ArgumentNullException.ThrowIfNull(decided);
        return (decided, state) switch
        {
            (RelationRecorded r, null) => [r],
            (RelationRecorded r, { IsEnded: true }) when r.RecordedAt > state.RecordedAt => [r],
            (RelationRecorded, _) => [],
            (_, null) => throw new RelationNotYetCopiedException(decided.RelationId),
            (RelationConfirmed c, _) when c.ConfirmedAt < state.RecordedAt => [],
            (RelationConfirmed c, _) => state.IsEnded || state.HasConfirmed(c.ConfirmedBy) || !state.Concerns(c.ConfirmedBy) ? [] : [c],
            (RelationEnded e, _) => state.IsEnded || e.EndedAt < state.RecordedAt ? [] : [e],
            _ => throw new InvalidOperationException($"No rule copies {decided.GetType().Name}."),
        };
    }

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

/// <summary>A relation's confirmation or end, decided in another district, reached this one before its recording: it waits for it (retried).</summary>
public sealed class RelationNotYetCopiedException(Guid relationId)
    : Exception($"Relation {relationId} was confirmed or ended in another district before its recording reached this one; it waits for it.");
