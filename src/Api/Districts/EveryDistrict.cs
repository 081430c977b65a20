using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// City-wide reads in districts mode (docs/adr/0047-a-database-per-district.md): the city's KPIs (<see cref="CityKpiReads"/>)
/// and boards (<see cref="CityBoardReads"/>) read every district's database and combine the answers; a public
/// certificate verification looks for the certificate in every district. A district that does not answer makes the whole
/// answer <see cref="RefusalCodes.DistrictUnavailable"/>, naming it: never a short one. A volunteer's own lists (their
/// certificates, their slots) are gathered from every district too (<see cref="GatherAsync"/>), and a district that does
/// not answer is named beside what the others hold (<see cref="NotAnswered"/>).
/// </summary>
public sealed class EveryDistrict(DistrictSettings districts, LedgerReads reads)
{
    /// <summary>Districts mode: there is more than the request's own database to ask.</summary>
    public bool IsOn => districts.IsOn;

    /// <summary>One read on every configured district's read pool, in parallel, in <see cref="DistrictSettings.Ids"/> order.</summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>, naming the districts that did not answer.</exception>
    public async Task<IReadOnlyList<T>> ReadAsync<T>(Func<IQuerySession, Task<T>> read)
    {
        var (answers, silent) = await AskAsync((_, session) => read(session));
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
    public Task<T> FindAsync<T>(Func<IQuerySession, Task<T>> read, Func<T, int> found, string what) =>
        FindAsync((_, session) => read(session), found, what);

    private async Task<T> FindAsync<T>(Func<string, IQuerySession, Task<T>> read, Func<T, int> found, string what)
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

    /// <summary>
    /// A document that lives in one district, by its id: read in <paramref name="here"/> (the request's own district; nothing
    /// else is asked when it is there, nor in single-database mode), else in every district. <c>Elsewhere</c> names the
    /// district that has it when that is not <paramref name="here"/>'s; both null when no district has it.
    /// </summary>
    /// <exception cref="LedgerRefusal"><see cref="RefusalCodes.DistrictUnavailable"/>: found nowhere, and a district did not answer.</exception>
    public async Task<(T? Document, string? Elsewhere)> LoadAsync<T>(IQuerySession here, Guid id, string what, CancellationToken cancellation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(here);
        var local = await here.LoadAsync<T>(id, cancellation);
        if (local is not null || !districts.IsOn)
        {
            return (local, null);
        }

        // Not here: a district that has it is another one (a read session's TenantId does not name its district).
        var found = await FindAsync(async (district, at) => (District: district, Document: await at.LoadAsync<T>(id, cancellation)), a => a.Document is null ? 0 : 1, what);
        return found.Document is null ? (null, null) : (found.Document, found.District);
    }

    /// <summary>
    /// The district that keeps the document when it is not <paramref name="here"/>'s (<see cref="LoadAsync{T}"/>): where a
    /// command on it runs. Null when here has it or no district does, and in single-database mode, where nothing is asked.
    /// </summary>
    public async Task<string?> ElsewhereAsync<T>(IQuerySession here, Guid id, string what, CancellationToken cancellation)
        where T : class =>
        districts.IsOn ? (await LoadAsync<T>(here, id, what, cancellation)).Elsewhere : null;

    /// <summary>
    /// One read in every district, for what belongs to one person and may be in any of them (their certificates, their
    /// slots): what the districts that answered hold, and the districts that did not (<see cref="NotAnswered"/> names them).
    /// </summary>
    public Task<(IReadOnlyList<T> Answers, IReadOnlyList<string> Silent)> GatherAsync<T>(Func<IQuerySession, Task<T>> read) => AskAsync((_, session) => read(session));

    /// <summary>What a gathered answer says of the districts that did not answer: what they hold is not in it.</summary>
    public static LedgerRefusal NotAnswered(IReadOnlyList<string> silent, string what) => new(RefusalCodes.DistrictUnavailable,
        $"The database of {Named(silent)} did not answer: {what} held there are not in this answer, those of every other district are. "
        + "Ask again when it is back (/health/ready names each district).");

    private async Task<(IReadOnlyList<T> Answers, IReadOnlyList<string> Silent)> AskAsync<T>(Func<string, IQuerySession, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var answers = await Task.WhenAll(districts.Ids.Select(async district =>
        {
            try
            {
                await using var session = reads.QuerySession(district);
                return (District: district, Answered: true, Value: await read(district, session));
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
