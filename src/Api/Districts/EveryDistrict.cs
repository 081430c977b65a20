using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// City-wide reads in districts mode (docs/adr/0047-a-database-per-district.md): the city's KPIs (<see cref="CityKpiReads"/>)
/// and boards (<see cref="CityBoardReads"/>) read every district's database and combine the answers; a public
/// certificate verification looks for the certificate in every district. A district that does not answer makes the whole
/// answer <see cref="RefusalCodes.DistrictUnavailable"/>, naming it: never a short one.
/// </summary>
public sealed class EveryDistrict(DistrictSettings districts, LedgerReads reads)
{
    /// <summary>One read on every configured district's read pool, in parallel, in <see cref="DistrictSettings.Ids"/> order.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>, naming the districts that did not answer.</exception>
    public async Task<IReadOnlyList<T>> ReadAsync<T>(Func<IQuerySession, Task<T>> read)
    {
        var (answers, silent) = await AskAsync(read);
        if (silent.Count > 0)
        {
            throw new LedgerRefusal(RefusalCodes.DistrictUnavailable,
                $"City-wide figures need every district, and the database of {Named(silent)} did not answer; "
                + "no partial sum is given. Ask again when it is back (/health/ready names each district).");
        }

        return answers;
    }

    /// <summary>
    /// The same read in every district, for something that lives in one of them: the answer that <paramref name="found"/>
    /// ranks highest (the first in <see cref="DistrictSettings.Ids"/> order among equals; 0 = not there). Found nowhere,
    /// the first district's answer (what "not found" reads like). A district that does not answer matters only then.
    /// </summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>: found nowhere, and a district did not answer.</exception>
    public async Task<T> FindAsync<T>(Func<IQuerySession, Task<T>> read, Func<T, int> found, string what)
    {
        ArgumentNullException.ThrowIfNull(found);
        var (answers, silent) = await AskAsync(read);
        var best = answers.Select((answer, order) => (Answer: answer, Rank: found(answer), Order: order))
            .Where(a => a.Rank > 0).OrderByDescending(a => a.Rank).ThenBy(a => a.Order).ToList();
        if (best.Count > 0)
        {
            return best[0].Answer;
        }

        return silent.Count == 0 ? answers[0]
            : throw new LedgerRefusal(RefusalCodes.DistrictUnavailable,
                $"{what} is in none of the districts that answered, and the database of {Named(silent)} did not answer: it may be there. "
                + "Ask again when it is back (/health/ready names each district).");
    }

    private async Task<(IReadOnlyList<T> Answers, IReadOnlyList<string> Silent)> AskAsync<T>(Func<IQuerySession, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
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

        return ([.. answers.Where(a => a.Answered).Select(a => a.Value)], [.. answers.Where(a => !a.Answered).Select(a => a.District)]);
    }

    private static string Named(IEnumerable<string> districts) => string.Join(", ", districts.Select(d => $"'{d}'"));
}
