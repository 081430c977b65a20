using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Certificates;

/// <summary>
/// Who may see a certificate in the register: its volunteer, staff of the issuing community and city admins. To anyone
/// else it does not exist (the public verifies by number and code, which shows less: see <see cref="CertificateVerification"/>).
/// </summary>
public static class CertificateVisibility
{
    public static bool IsVisibleTo(this Certificate certificate, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == ActorRole.CityAdmin || actor.PersonId == certificate.VolunteerId || actor.IsStaffOf(certificate.CommunityId);
    }

    /// <summary>Who may issue, decline and revoke a community's certificates: its staff and city admins.</summary>
    public static bool MayCertifyFor(this Actor actor, Guid communityId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == ActorRole.CityAdmin || actor.IsStaffOf(communityId);
    }
}
