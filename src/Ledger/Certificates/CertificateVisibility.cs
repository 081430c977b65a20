using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Certificates;

/// <summary>
/// Who may see a certificate in the register: its volunteer, staff of the issuing community and city admins. To anyone
/// else it does not exist (the public will verify by number and code, which shows less).
/// </summary>
public static class CertificateVisibility
{
    public static bool IsVisibleTo(this Certificate certificate, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.MayActIn(certificate.CommunityId) || actor.PersonId == certificate.VolunteerId;
    }
}
