namespace TimeBank.Projections.Standings;

/// <summary>
/// The radix histogram of a large board's public scores: for every area key, period and measure, a count per bucket at
/// four levels (the score itself, and the score shifted right by 6, 12 and 18 bits). The number of scores above s is
/// the sum over at most 63 buckets at each of the three lower levels (those above s within its next-level bucket) and
/// the buckets above s at the top level: ~150 rows at most, however many volunteers the board has (ADR 0038).
/// </summary>
public static class BoardHistogram
{
    public const int Levels = 4;
    public const int Shift = 6;

    /// <summary>The areas whose boards keep a histogram; smaller boards count their entries directly.</summary>
    public static bool Keeps(Ledger.Standings.AreaLevel level) => level >= Ledger.Standings.AreaLevel.District;

    public static string Scope(string areaKey, string period, BoardMeasure measure, int level) =>
        $"{areaKey}|{period}|{(measure == BoardMeasure.Hours ? "hours" : "points")}|{level}";

    public static string IdOf(string scope, long bucket) => $"{scope}|{bucket}";

    /// <summary>The bucket of <paramref name="score"/> at <paramref name="level"/>.</summary>
    public static long Bucket(long score, int level) => score >> (Shift * level);

    /// <summary>
    /// The buckets whose counts add up to the number of scores strictly above <paramref name="score"/> (which is ≥ 0):
    /// per level, the buckets strictly between <c>Above</c> and <c>Below</c> (<c>Below</c> null: no upper end).
    /// </summary>
    public static IEnumerable<(int Level, long Above, long? Below)> RangesAbove(long score)
    {
        for (var level = 0; level < Levels; level++)
        {
            yield return (level, Bucket(score, level), level == Levels - 1 ? null : (Bucket(score, level + 1) + 1) << Shift);
        }
    }
}
