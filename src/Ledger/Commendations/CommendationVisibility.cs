using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Commendations;

/// <summary>
/// Who may see a commendation: its volunteer, staff of the granting community and city admins. To anyone else it does
/// not exist, whether they ask to read it or to withdraw it: the answer is the one a missing commendation gets. (Reads
/// of a volunteer's commendations also show them to whoever may read the volunteer's account: <see cref="ReadAccess"/>.)
/// </summary>
public static class CommendationVisibility
{
    public static bool IsVisibleTo(this Commendation commendation, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(commendation);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.PersonId == commendation.VolunteerId || MayGrant(actor, commendation.CommunityId);
    }

    /// <summary>
    /// Who may grant (and withdraw) in the name of <paramref name="communityId"/>: its staff or a city admin; in the city's
    /// name (no community), a city admin only.
    /// </summary>
    public static bool MayGrant(Actor actor, Guid? communityId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return communityId is { } community ? actor.MayActIn(community) : actor.Role == ActorRole.CityAdmin;
    }
}
