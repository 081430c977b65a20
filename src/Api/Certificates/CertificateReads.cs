using Marten;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>A volunteer's certificates as a caller may see them (<see cref="CertificateVisibility"/>): those not (yet) issued first, then the latest issued first.</summary>
public static class CertificateReads
{
    public static async Task<IReadOnlyList<Certificate>> OfVolunteerAsync(IQuerySession session, Guid volunteerId, Actor actor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        var certificates = await session.Query<Certificate>().Where(c => c.VolunteerId == volunteerId).ToListAsync(cancellation);
        return [.. certificates.Where(c => c.IsVisibleTo(actor)).OrderByDescending(c => c.IssuedAt ?? DateTimeOffset.MaxValue).ThenBy(c => c.Id)];
    }
}
