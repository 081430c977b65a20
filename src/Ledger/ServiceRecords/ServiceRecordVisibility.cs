using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.ServiceRecords;

/// <summary>
/// Who may see a service record: its volunteer, staff of its community and city admins. To anyone else it does not exist,
/// whether they ask to read it or to act on it: the answer is the one a missing record gets.
/// </summary>
public static class ServiceRecordVisibility
{
    public static bool IsVisibleTo(this ServiceRecord record, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.MayActIn(record.CommunityId) || actor.PersonId == record.VolunteerId;
    }
}
