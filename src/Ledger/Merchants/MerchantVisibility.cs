using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Merchants;

/// <summary>
/// Who may see a merchant: staff of its community, city admins and its own cashiers. To anyone else it does not exist,
/// whether they ask to read it, its statements, or to act on it: the answer is the one a missing merchant gets.
/// </summary>
public static class MerchantVisibility
{
    public static bool IsVisibleTo(this Merchant merchant, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.MayActIn(merchant.CommunityId) || actor.ActsFor(merchant.Id);
    }
}
