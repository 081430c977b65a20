using System.Text;
using Marten;
using TimeBank.Api.Certificates;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Standings;

/// <summary>One board: an area, a period key and a measure.</summary>
public sealed record Board(Area Area, string Period, BoardMeasure Measure)
{
    /// <summary>Names the board in its cursors, so that a cursor of another board is refused.</summary>
    public string CursorKind => $"board:{Area.Key}|{Period}|{Measure}";
}

/// <summary>A line of a board as shown: rank, volunteer number, masked name (null once erased), minutes and points.</summary>
/// <param name="You">True for the volunteer asking (<c>myStanding</c>).</param>
public sealed record BoardLine(long Rank, Guid VolunteerId, string VolunteerNumber, string? MaskedName, long Minutes, long Points, bool You = false);

/// <summary>
/// Reads of the boards (ADR 0038). A page is one range of a partial index, in the board's order (score descending, then
/// volunteer number), after a keyset cursor (score, number). A rank is 1 + the public entries with a strictly higher
/// score: counted directly on a community's or street's board, summed from the radix histogram on a district's or the
/// city's, so that no request counts a million rows.
/// </summary>
public static class BoardReads
{
    /// <summary>Up to <paramref name="limit"/> public entries of the board after <paramref name="after"/> (score, number), in order.</summary>
    public static Task<IReadOnlyList<BoardEntry>> PageAsync(
        IQuerySession session, Board board, (long Score, string Number)? after, int limit, CancellationToken cancellation) =>
        RangeAsync(session, board, after is { } a ? (">", a.Score, a.Number) : null, ascending: true, limit, cancellation);

    /// <summary>Up to <paramref name="limit"/> public entries ahead of (score, number), nearest first.</summary>
    public static Task<IReadOnlyList<BoardEntry>> AheadAsync(
        IQuerySession session, Board board, long score, string number, int limit, CancellationToken cancellation) =>
        RangeAsync(session, board, ("<", score, number), ascending: false, limit, cancellation);

    private static async Task<IReadOnlyList<BoardEntry>> RangeAsync(
        IQuerySession session, Board board, (string Op, long Score, string Number)? bound, bool ascending, int limit, CancellationToken cancellation)
    {
        if (limit <= 0)
        {
            return [];
        }

        var key = BoardStorage.ScoreColumn(board.Measure);
        var (sql, parameters) = Where(board);
        sql.Append(CultureInfo($" and {key} < 0"));
        if (bound is { } b)
        {
            sql.Append(CultureInfo($" and ({key}, number) {b.Op} (?, ?)"));
            parameters.Add(-b.Score);
            parameters.Add(b.Number);
        }

        var direction = ascending ? "" : " desc";
        sql.Append(CultureInfo($" order by {key}{direction}, number{direction} limit ?"));
        parameters.Add(limit);
        return await session.QueryAsync<BoardEntry>(sql.ToString(), cancellation, [.. parameters]);
    }

    /// <summary>The ranks of these scores on the board: 1 + the public entries with a strictly higher score.</summary>
    public static async Task<IReadOnlyDictionary<long, long>> RanksAsync(
        IQuerySession session, Board board, IEnumerable<long> scores, CancellationToken cancellation)
    {
        var distinct = scores.Distinct().Order().ToArray();
        if (distinct.Length == 0)
        {
            return new Dictionary<long, long>();
        }

        if (!BoardHistogram.Keeps(board.Area.Level))
        {
            // A community's or street's board: its index counts the entries above each score.
            var (where, parameters) = Where(board);
            var key = BoardStorage.ScoreColumn(board.Measure);
            var table = session.DocumentStore.Options.Schema.For<BoardEntry>();
            parameters.Add(distinct);
            var sql = $"select (select count(*) from {table} {where} and {key} < -s.score) from unnest(?::bigint[]) with ordinality as s(score, n) order by s.n";
            var counts = await session.QueryAsync<long>(sql, cancellation, [.. parameters]);
            return distinct.Select((score, i) => (score, counts[i])).ToDictionary(x => x.score, x => 1 + x.Item2);
        }

        // A district's or the city's board: per score, the sum of the histogram's buckets above it (an index-only range
        // scan per level: the index holds the counts), all scores in one query.
        var histogram = session.DocumentStore.Options.Schema.For<BoardCount>();
        var sums = new List<string>();
        var values = new List<object>();
        for (var i = 0; i < distinct.Length; i++)
        {
            var conditions = new List<string>();
            foreach (var (level, above, below) in BoardHistogram.RangesAbove(distinct[i]))
            {
                conditions.Add(below is null ? "(scope = ? and bucket > ?)" : "(scope = ? and bucket > ? and bucket < ?)");
                values.Add(BoardHistogram.Scope(board.Area.Key, board.Period, board.Measure, level));
                values.Add(above);
                if (below is { } b)
                {
                    values.Add(b);
                }
            }

            sums.Add(FormattableString.Invariant($"({i}, (select coalesce(sum(entries), 0)::bigint from {histogram} where {string.Join(" or ", conditions)}))"));
        }

        var higher = await session.QueryAsync<long>($"select v from (values {string.Join(", ", sums)}) as t(i, v) order by i", cancellation, [.. values]);
        return distinct.Select((score, i) => (score, higher[i])).ToDictionary(x => x.score, x => 1 + x.Item2);
    }

    /// <summary>The entries as shown: masked names read through the vault in one go (null once erased).</summary>
    public static async Task<IReadOnlyList<BoardLine>> LinesAsync(
        IQuerySession session, PersonalDataVault vault, IReadOnlyList<(BoardEntry Entry, long Rank)> entries, Guid? you, CancellationToken cancellation)
    {
        var profiles = entries.Count == 0
            ? []
            : await session.LoadManyAsync<VolunteerProfile>(cancellation, entries.Select(e => e.Entry.VolunteerId).Distinct().ToArray());
        var names = await vault.ReadNamesAsync(session, [.. profiles], cancellation);
        return [.. entries.Select(e => new BoardLine(
            e.Rank, e.Entry.VolunteerId, e.Entry.Number,
            names.TryGetValue(e.Entry.VolunteerId, out var name) ? Masking.Name(name) : null,
            e.Entry.Minutes, e.Entry.Points, e.Entry.VolunteerId == you))];
    }

    /// <summary>
    /// Ranks for consecutive entries of a board from the start: the first entry of each run of equal scores is ranked by its
    /// position, the rest share its rank.
    /// </summary>
    public static List<(BoardEntry Entry, long Rank)> RankedFromStart(IReadOnlyList<BoardEntry> entries, BoardMeasure measure, long position = 0, (long Score, long Rank)? previous = null)
    {
        var ranked = new List<(BoardEntry, long)>(entries.Count);
        foreach (var entry in entries)
        {
            var score = entry.Score(measure);
            var rank = previous is { } p && p.Score == score ? p.Rank : position + 1;
            ranked.Add((entry, rank));
            previous = (score, rank);
            position++;
        }

        return ranked;
    }

    private static (StringBuilder Sql, List<object> Parameters) Where(Board board)
    {
        var sql = new StringBuilder("where period = ?");
        var parameters = new List<object> { board.Period };
        if (BoardStorage.AreaColumn(board.Area.Level) is { } column)
        {
            sql.Append(CultureInfo($" and {column} = ?"));
            parameters.Add(board.Area.Key);
        }

        sql.Append(" and is_public");
        return (sql, parameters);
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
