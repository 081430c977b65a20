using System.Text;
using Marten;
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
    /// <summary>
    /// Up to <paramref name="limit"/> public entries of the board after <paramref name="after"/> (score, number), in order,
    /// with their names, in one statement. Ranked by position from the start when <paramref name="after"/> is null or
    /// when the reader read every page before it (<paramref name="continuing"/>: the entries before the page and the last
    /// one's score and rank), otherwise by counting (community, street) or summing the histogram (district, city) for
    /// each distinct score of the page.
    /// </summary>
    public static async Task<IReadOnlyList<(BoardEntry Entry, BoardLine Line)>> PageAsync(
        IQuerySession session, PersonalDataVault vault, Board board, (long Score, string Number)? after, int limit,
        CancellationToken cancellation, (long Position, (long Score, long Rank) Previous)? continuing = null)
    {
        if (limit <= 0)
        {
            return [];
        }

        var key = BoardStorage.ScoreColumn(board.Measure);
        var table = session.DocumentStore.Options.Schema.For<BoardEntry>();
        var sql = new StringBuilder();
        var parameters = new List<object>();
        sql.Append(Invariant($"with page as (select data, {key} as score_key, number, (data ->> 'VolunteerId')::uuid as volunteer_id from {table} "));
        Where(board, sql, parameters);
        if (after is { } a)
        {
            sql.Append(Invariant($" and ({key}, number) > (?, ?)"));
            parameters.Add(-a.Score);
            parameters.Add(a.Number);
        }

        sql.Append(Invariant($" order by {key}, number limit ?)"));
        parameters.Add(limit);
        var ranked = after is not null && continuing is null;
        if (ranked)
        {
            sql.Append(", ranks as (select s.score_key, ");
            RankOf(session, board, "s.score_key", sql, parameters);
            sql.Append(" as rank from (select distinct score_key from page) s)");
        }

        var (sealedName, wrappedKey) = PersonalDataVault.NameColumns(session, "page.volunteer_id");
        sql.Append(Invariant($" select jsonb_build_object('Part', 0, 'Entry', page.data, 'Rank', {(ranked ? "ranks.rank" : "0")}, 'Name', {sealedName}, 'Key', {wrappedKey}) from page "));
        if (ranked)
        {
            sql.Append("join ranks using (score_key) ");
        }

        sql.Append("order by page.score_key, page.number");
        var rows = await session.QueryAsync<BoardRow>(sql.ToString(), cancellation, [.. parameters]);
        var entries = rows.Select(r => r.Entry!).ToList();
        var ranks = ranked
            ? [.. rows.Select(r => r.Rank)]
            : RankedFromStart(entries, board.Measure, continuing?.Position ?? 0, continuing?.Previous).Select(r => r.Rank).ToList();
        return [.. rows.Select((row, i) => (row.Entry!, Line(vault, row.Entry!, ranks[i], row, null)))];
    }

    /// <summary>
    /// Where the volunteer stands on the board, in one statement: their entry (a zero one when they have none, with
    /// <paramref name="number"/> and <paramref name="isPublic"/>), up to <paramref name="around"/> public entries ahead and
    /// behind (two ranges of the board's index, one each way), the rank of each of these scores and their names.
    /// </summary>
    /// <returns>The volunteer's own entry, its rank and the lines of the window in board order.</returns>
    public static async Task<(BoardEntry Own, long Rank, IReadOnlyList<BoardLine> Lines)> StandingAsync(
        IQuerySession session, PersonalDataVault vault, Board board, Guid volunteerId, string number, bool isPublic, int around, CancellationToken cancellation)
    {
        var key = BoardStorage.ScoreColumn(board.Measure);
        var table = session.DocumentStore.Options.Schema.For<BoardEntry>();
        var sql = new StringBuilder();
        var parameters = new List<object>();
        sql.Append(Invariant($"with own as (select data, {key} as score_key from {table} where id = ?), "));
        parameters.Add(BoardEntry.IdOf(volunteerId, board.Period));
        sql.Append("me as (select coalesce((select score_key from own), 0) as score_key, ?::text as number), ");
        parameters.Add(number);
        foreach (var (name, op, direction) in new[] { ("ahead", "<", " desc"), ("behind", ">", "") })
        {
            sql.Append(Invariant($"{name} as (select data, {key} as score_key, number, (data ->> 'VolunteerId')::uuid as volunteer_id from {table} "));
            Where(board, sql, parameters);
            sql.Append(Invariant($" and ({key}, number) {op} ((select score_key from me), (select number from me)) order by {key}{direction}, number{direction} limit ?), "));
            parameters.Add(around);
        }

        sql.Append("win as (select -1 as part, data, score_key, number, volunteer_id from ahead union all "
            + "select 0, (select data from own), score_key, number, ?::uuid from me union all "
            + "select 1, data, score_key, number, volunteer_id from behind), ");
        parameters.Add(volunteerId);
        // Materialized: each distinct score ranked once. Inlined, PostgreSQL joined it to the window first and ran the rank's
        // subqueries once per entry of the window (loops=5 for one score), 2-3 times the statement's cost (pgbench, ADR 0038).
        sql.Append("ranks as materialized (select s.score_key, ");
        RankOf(session, board, "s.score_key", sql, parameters);
        sql.Append(" as rank from (select distinct score_key from win) s) ");
        var (sealedName, wrappedKey) = PersonalDataVault.NameColumns(session, "win.volunteer_id");
        sql.Append(Invariant($"select jsonb_build_object('Part', win.part, 'Entry', win.data, 'Rank', ranks.rank, 'Name', {sealedName}, 'Key', {wrappedKey}) "));
        sql.Append("from win join ranks using (score_key) order by win.part, win.score_key, win.number");
        var rows = await session.QueryAsync<BoardRow>(sql.ToString(), cancellation, [.. parameters]);
        var mine = rows.Single(r => r.Part == 0);
        var own = mine.Entry ?? new BoardEntry(BoardEntry.IdOf(volunteerId, board.Period), volunteerId, number, board.Period, board.Area.Key, null, null, 0, 0, isPublic);
        return (own, mine.Rank, [.. rows.Select(r => Line(vault, r.Entry ?? own, r.Rank, r, volunteerId))]);
    }

    /// <summary>
    /// The rank of each of <paramref name="scores"/> on this database's board (1 + its public entries with a strictly higher
    /// score, by <see cref="RankOf"/>: counted or summed from the histogram, never a scan), in one statement, in input order.
    /// With a database per district, 1 + the sum of (rank − 1) over the districts is the city's rank (ADR 0047).
    /// </summary>
    public static async Task<IReadOnlyList<long>> RanksAsync(IQuerySession session, Board board, IReadOnlyList<long> scores, CancellationToken cancellation)
    {
        if (scores.Count == 0)
        {
            return [];
        }

        var sql = new StringBuilder("select ");
        var parameters = new List<object>();
        RankOf(session, board, "s.score_key", sql, parameters);
        sql.Append(" from unnest(?::bigint[]) with ordinality as s(score_key, at) order by s.at");
        parameters.Add(scores.Select(score => -score).ToArray());
        return [.. await session.QueryAsync<long>(sql.ToString(), cancellation, [.. parameters])];
    }

    /// <summary>
    /// Appends the rank of the score whose negated key is <paramref name="scoreKey"/> (an SQL expression): 1 + the public
    /// entries with a strictly higher score, counted through the board's index on a community's or street's board, summed
    /// from the histogram's buckets above it on a district's or the city's (an index-only range per level, ≤ ~190 rows).
    /// </summary>
    private static void RankOf(IQuerySession session, Board board, string scoreKey, StringBuilder sql, List<object> parameters)
    {
        if (!BoardHistogram.Keeps(board.Area.Level))
        {
            var key = BoardStorage.ScoreColumn(board.Measure);
            sql.Append(Invariant($"1 + (select count(*) from {session.DocumentStore.Options.Schema.For<BoardEntry>()} "));
            Where(board, sql, parameters);
            sql.Append(Invariant($" and {key} < {scoreKey})"));
            return;
        }

        // The buckets of BoardHistogram.RangesAbove, in SQL: per level, those strictly between the score's bucket at that
        // level and the end of its bucket at the next level (the top level: every bucket above).
        var histogram = session.DocumentStore.Options.Schema.For<BoardCount>();
        var score = $"(-{scoreKey})";
        sql.Append("1");
        for (var level = 0; level < BoardHistogram.Levels; level++)
        {
            sql.Append(Invariant($" + (select coalesce(sum(entries), 0) from {histogram} where scope = ? and bucket > ({score} >> {BoardHistogram.Shift * level})"));
            parameters.Add(BoardHistogram.Scope(board.Area.Key, board.Period, board.Measure, level));
            if (level < BoardHistogram.Levels - 1)
            {
                sql.Append(Invariant($" and bucket < ((({score} >> {BoardHistogram.Shift * (level + 1)}) + 1) << {BoardHistogram.Shift})"));
            }

            sql.Append(")::bigint");
        }
    }

    private static BoardLine Line(PersonalDataVault vault, BoardEntry entry, long rank, BoardRow row, Guid? you)
    {
        var name = vault.MaskedName(entry.VolunteerId, row.Key, row.Name, Masking.Name);
        return new BoardLine(rank, entry.VolunteerId, entry.Number, name, entry.Minutes, entry.Points, entry.VolunteerId == you);
    }

    /// <summary>A row of a board's read: the part of a standing's window (−1 ahead, 0 the volunteer, 1 behind), the entry (null: the volunteer has none), its rank, the sealed name and wrapped key.</summary>
    private sealed record BoardRow(int Part, BoardEntry? Entry, long Rank, byte[]? Name, byte[]? Key);

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

    /// <summary>Appends the board's public entries with a score above zero: the condition its partial index answers.</summary>
    private static void Where(Board board, StringBuilder sql, List<object> parameters)
    {
        sql.Append("where period = ?");
        parameters.Add(board.Period);
        if (BoardStorage.AreaColumn(board.Area.Level) is { } column)
        {
            sql.Append(Invariant($" and {column} = ?"));
            parameters.Add(board.Area.Key);
        }

        sql.Append(Invariant($" and is_public and {BoardStorage.ScoreColumn(board.Measure)} < 0"));
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
