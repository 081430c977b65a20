using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;

namespace TimeBank.Ledger.Gifts;

/// <summary>Who reads relations and pools (ADR 0045).</summary>
public static class GiftVisibility
{
    /// <summary>A relation: its two members, staff of either member's home community, city admins.</summary>
    public static bool IsVisibleTo(this Relation relation, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(actor);
        return relation.Concerns(actor.PersonId) && actor.Role == ActorRole.Volunteer
            || actor.MayActIn(relation.MemberHomeCommunityId) || actor.MayActIn(relation.RelativeHomeCommunityId);
    }

    /// <summary>
    /// A pool's donations and grants (who gave, who was granted, why): staff of its community, city admins and the admins
    /// of its district. Everyone else signed in sees its balance only.
    /// </summary>
    public static bool MayReadPoolMovements(Actor actor, Community community)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(community);
        return actor.MayActIn(community.Id)
            || actor.Role == ActorRole.DistrictAdmin && string.Equals(actor.District, community.District, StringComparison.Ordinal);
    }
}
