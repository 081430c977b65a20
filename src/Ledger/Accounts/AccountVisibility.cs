using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// Who may see a volunteer's account: the volunteer, staff of the home community and city admins. To anyone else it
/// does not exist, whether they ask to read it or to act on it: the answer is the one a missing account gets.
/// </summary>
public static class AccountVisibility
{
    public static bool IsVisibleTo(this VolunteerAccount account, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.MayActIn(account.HomeCommunityId) || actor.PersonId == account.Id;
    }
}
