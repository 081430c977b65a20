using GraphQL;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// A volunteer's certificates as a caller may see them (<see cref="CertificateVisibility"/>): those not (yet) issued first,
/// then the latest issued first. Districts mode (ADR 0047): a certificate is kept where the community that issued it is,
/// so the volunteer's own list is gathered from every district, and a district that does not answer is named beside the
/// rest (<c>DISTRICT_UNAVAILABLE</c>); anyone else reads the request's district, as before.
/// </summary>
public static class CertificateReads
{
    public static async Task<IReadOnlyList<Certificate>> OfVolunteerAsync(IResolveFieldContext context, Guid volunteerId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var actor = context.RequireActor();
        var everyDistrict = context.Service<Districts.EveryDistrict>();
        if (!everyDistrict.IsOn || actor.PersonId != volunteerId)
        {
            return Visible(await OfVolunteerAsync(context.Service<IQuerySession>(), volunteerId, context.CancellationToken), actor);
        }

        var (answers, silent) = await everyDistrict.GatherAsync(session => OfVolunteerAsync(session, volunteerId, context.CancellationToken));
        if (silent.Count > 0)
        {
            SchemaErrors.Beside(context, Districts.EveryDistrict.NotAnswered(silent, "the certificates"));
        }

        return Visible([.. answers.SelectMany(certificates => certificates)], actor);
    }

    /// <summary>
    /// A certificate by its id, if the caller may see it: in the request's district, else (districts mode) in the district
    /// that keeps it (a volunteer's certificate issued where they served).
    /// </summary>
    /// <exception cref="Ledger.LedgerRefusal"><c>DISTRICT_UNAVAILABLE</c>: in no district that answered, and one did not.</exception>
    public static async Task<Certificate?> VisibleAsync(IQuerySession session, Districts.EveryDistrict everyDistrict, Guid certificateId, Actor actor, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(everyDistrict);
        var (certificate, _) = await everyDistrict.LoadAsync<Certificate>(session, certificateId, "The certificate", cancellation);
        return certificate is not null && certificate.IsVisibleTo(actor) ? certificate : null;
    }

    private static async Task<IReadOnlyList<Certificate>> OfVolunteerAsync(IQuerySession session, Guid volunteerId, CancellationToken cancellation) =>
        await session.Query<Certificate>().Where(c => c.VolunteerId == volunteerId).ToListAsync(cancellation);

    private static IReadOnlyList<Certificate> Visible(IEnumerable<Certificate> certificates, Actor actor) =>
        [.. certificates.Where(c => c.IsVisibleTo(actor)).OrderByDescending(c => c.IssuedAt ?? DateTimeOffset.MaxValue).ThenBy(c => c.Id)];
}
