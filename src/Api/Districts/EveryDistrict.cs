using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// City-wide reads in districts mode (docs/adr/0047-a-database-per-district.md): the city's KPIs (<see cref="CityKpiReads"/>)
/// and boards (<see cref="CityBoardReads"/>) read every district's database and combine the answers. A district that does
/// not answer makes the whole answer <see cref="RefusalCodes.DistrictUnavailable"/>, naming it: never a short one.
/// </summary>
public sealed class EveryDistrict(DistrictSettings districts, LedgerReads reads)
{
    /// <summary>One read on every configured district's read pool, in parallel, in <see cref="DistrictSettings.Ids"/> order.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>, naming the districts that did not answer.</exception>
    public async Task<IReadOnlyList<T>> ReadAsync<T>(Func<IQuerySession, Task<T>> read)
    {
        var answers = await Task.WhenAll(districts.Ids.Select(async district =>
        {
            try
            {
                await using var session = reads.QuerySession(district);
                return (District: district, Answered: true, Value: await read(session));
            }
            catch (Exception e) when (DatabaseOutage.IsCause(e))
            {
                return (District: district, Answered: false, Value: default(T)!);
            }
        }));

        var silent = answers.Where(a => !a.Answered).Select(a => a.District).ToList();
        if (silent.Count > 0)
        {
            throw new LedgerRefusal(RefusalCodes.DistrictUnavailable,
                $"City-wide figures need every district, and the database of {string.Join(", ", silent.Select(d => $"'{d}'"))} did not answer; "
                + "no partial sum is given. Ask again when it is back (/health/ready names each district).");
        }

        return [.. answers.Select(a => a.Value)];
    }
}
