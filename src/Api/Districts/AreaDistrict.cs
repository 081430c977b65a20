using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Standings;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// The database an area's boards and KPIs are read in, in districts mode (docs/adr/0047-a-database-per-district.md): a
/// district's or a street's in that district's (the area names it); a community's in the request's own district when the
/// token names one, otherwise in the district that has the community (every district is asked, on each such request).
/// So a city admin whose token names no district reads any area. One database, the
/// city, or a district this deployment does not have: null, and the request's own session answers (its refusals as before).
/// </summary>
public sealed class AreaDistrict(DistrictSettings districts, LedgerReads reads, EveryDistrict everyDistrict, IHttpContextAccessor http)
{
    /// <summary>A session of the district the area is in (the caller disposes it), or null: the request's own session.</summary>
    /// <exception cref="LedgerRefusal">
    /// <see cref="RefusalCodes.AreaUnknown"/> for a community no district has; <see cref="RefusalCodes.DistrictUnavailable"/>
    /// when a district that might have it does not answer.
    /// </exception>
    public async Task<IQuerySession?> SessionOfAsync(AreaInput input, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!districts.IsOn)
        {
            return null;
        }

        if (input.CommunityId is not { } communityId)
        {
            var district = input.District?.Trim();
            return districts.IsConfigured(district) ? reads.QuerySession(district!) : null;
        }

        if (RequestDistrict.Of(http.HttpContext?.User) is not null || !string.IsNullOrWhiteSpace(input.District) || !string.IsNullOrWhiteSpace(input.Street))
        {
            return null;
        }

        var found = await everyDistrict.ReadAsync(session => AreaLookup.OfCommunityAsync(session, communityId, cancellation));
        return found.FirstOrDefault(area => area is not null)?.District is { } home && districts.IsConfigured(home)
            ? reads.QuerySession(home)
            : throw new LedgerRefusal(RefusalCodes.AreaUnknown, $"The city has no community {communityId}.");
    }
}
