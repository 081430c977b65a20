using TimeBank.Api.Hosting;
using TimeBank.Api.PersonalData;
using TimeBank.Api.Standings;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Districts;

/// <summary>
/// The city's boards across districts (districts mode, docs/adr/0047-a-database-per-district.md): each district's board
/// projection ranks only the volunteers homed there, so a city page is each district's city-board page after the same
/// cursor, merged in the board's order (score descending, then volunteer number, ordinal: the databases' C collation) and
/// cut; a rank is 1 + the entries above the score summed over the districts (each district's <see cref="BoardReads.RanksAsync"/>:
/// its count or histogram, no scan). A district that does not answer refuses the whole answer with
/// <see cref="Ledger.RefusalCodes.DistrictUnavailable"/>, naming it (<see cref="EveryDistrict.ReadAsync"/>).
/// </summary>
public sealed class CityBoardReads(DistrictSettings districts, EveryDistrict everyDistrict, BoardFirstPages firstPages)
{
    public bool IsOn => districts.IsOn;

    /// <summary>Up to <paramref name="limit"/> public entries of the city's board after <paramref name="after"/>, from every district, with city ranks.</summary>
    /// <param name="continuing">The reader read every page before this one (a whole export): the entries before it and the last one's score and rank; ranked by position then, as <see cref="BoardReads.PageAsync"/> does.</param>
    public async Task<IReadOnlyList<(BoardEntry Entry, BoardLine Line)>> PageAsync(
        PersonalDataVault vault, Board board, (long Score, string Number)? after, int limit, CancellationToken cancellation,
        (long Position, (long Score, long Rank) Previous)? continuing = null)
    {
        var pages = await everyDistrict.ReadAsync(session => after is null && continuing is null
            ? firstPages.PageAsync(session, vault, board, limit, cancellation)
            : BoardReads.PageAsync(session, vault, board, after, limit, cancellation));
        var merged = pages.SelectMany(page => page)
            .OrderByDescending(e => e.Entry.Score(board.Measure)).ThenBy(e => e.Entry.Number, StringComparer.Ordinal)
            .Take(limit).ToList();
        if (after is null || continuing is not null)
        {
            // The first page, or the next of a reader who read them all: ranked by position, as a single board's is.
            var fromStart = BoardReads.RankedFromStart([.. merged.Select(e => e.Entry)], board.Measure, continuing?.Position ?? 0, continuing?.Previous);
            return [.. merged.Select((e, i) => (e.Entry, e.Line with { Rank = fromStart[i].Rank }))];
        }

        var ranks = await RanksAsync(board, [.. merged.Select(e => e.Entry.Score(board.Measure)).Distinct()], cancellation);
        return [.. merged.Select(e => (e.Entry, e.Line with { Rank = ranks[e.Entry.Score(board.Measure)] }))];
    }

    /// <summary>The city rank of each score: 1 + the sum over every district of its public entries with a strictly higher score.</summary>
    public async Task<IReadOnlyDictionary<long, long>> RanksAsync(Board board, IReadOnlyList<long> scores, CancellationToken cancellation)
    {
        var perDistrict = await everyDistrict.ReadAsync(session => BoardReads.RanksAsync(session, board, scores, cancellation));
        return scores.Select((score, i) => (score, rank: 1 + perDistrict.Sum(ranks => ranks[i] - 1))).ToDictionary(s => s.score, s => s.rank);
    }
}
