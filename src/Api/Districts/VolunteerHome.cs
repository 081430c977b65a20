using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// A volunteer's own data (their account, their sealed personal data) read for a district where they served but are not
/// homed (ADR 0047): what this district does not hold is read in the home district the city directory names, on that
/// district's read pool, read-only. Single-database mode, a volunteer homed here, or one the city does not know: the local
/// session's answer, nothing else asked.
/// </summary>
public sealed class VolunteerHome(DistrictSettings districts, CityDirectory directory, LedgerReads reads)
{
    /// <summary>
    /// <paramref name="read"/> in <paramref name="here"/>; when it finds nothing there and the volunteer is homed in another
    /// configured district, the same read in the home district.
    /// </summary>
    /// <exception cref="LedgerRefusal">
    /// <see cref="RefusalCodes.DistrictUnavailable"/>, naming the home district, when its database does not answer: the
    /// caller writes nothing.
    /// </exception>
    public async Task<T?> ReadAsync<T>(IQuerySession here, Guid volunteerId, Func<IQuerySession, Task<T?>> read, CancellationToken cancellation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(here);
        ArgumentNullException.ThrowIfNull(read);
        var local = await read(here);
        if (local is not null
            || await CrossDistrictCredits.HomeElsewhereAsync(directory, volunteerId, null, here.TenantId, cancellation) is not { } home
            || !districts.IsConfigured(home))
        {
            return local;
        }

        try
        {
            if (!districts.IsAvailable(home))
            {
                throw Unavailable(volunteerId, home);
            }

            await using var session = reads.QuerySession(home);
            return await read(session);
        }
        catch (Exception e) when (DatabaseOutage.IsCause(e))
        {
            throw Unavailable(volunteerId, home);
        }
    }

    private static LedgerRefusal Unavailable(Guid volunteerId, string home) => new(RefusalCodes.DistrictUnavailable,
        $"Volunteer {volunteerId} is homed in district '{home}', whose database did not answer: their account and personal data are read there. "
        + "Nothing was written; try again when it is back (/health/ready names each district).");
}
