using Marten;
using Weasel.Postgresql.Tables;

namespace TimeBank.Projections.Standings;

/// <summary>
/// The boards' tables (ADR 0038): <see cref="BoardEntry"/> columns for the period, the areas, the volunteer number, the
/// negated scores and whether public, and one partial index per area level and measure, (area, period, score key,
/// number) over the public entries: a board's page is a range of one index, in order, stopped by its LIMIT.
/// <see cref="BoardCount"/> has (scope, bucket) with the count included, so that a rank reads a few index entries.
/// Volunteer numbers sort bytewise: the cluster's collation is C.UTF-8 (or C), as ordinal comparison in .NET.
/// </summary>
public static class BoardStorage
{
    public const string ProjectionName = "BoardProjection";

    /// <summary>The column of <paramref name="level"/>'s area key; null for the city, which every entry counts in.</summary>
    public static string? AreaColumn(Ledger.Standings.AreaLevel level) => level switch
    {
        Ledger.Standings.AreaLevel.Community => "community",
        Ledger.Standings.AreaLevel.Street => "street",
        Ledger.Standings.AreaLevel.District => "district",
        _ => null,
    };

    /// <summary>The column a board is ordered by (ascending: the negated score).</summary>
    public static string ScoreColumn(BoardMeasure measure) => measure == BoardMeasure.Hours ? "minutes_key" : "points_key";

    public static StoreOptions AddBoards(this StoreOptions options)
    {
        options.AddCityFold(new BoardFold(), ProjectionName);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(BoardEntry))
            {
                foreach (var field in new[]
                         {
                             nameof(BoardEntry.Period), nameof(BoardEntry.Community), nameof(BoardEntry.Street), nameof(BoardEntry.District),
                             nameof(BoardEntry.Number), nameof(BoardEntry.MinutesKey), nameof(BoardEntry.PointsKey), nameof(BoardEntry.IsPublic),
                         })
                {
                    mapping.DuplicateField(field);
                }

                foreach (var level in Enum.GetValues<Ledger.Standings.AreaLevel>())
                {
                    foreach (var measure in Enum.GetValues<BoardMeasure>())
                    {
                        var area = AreaColumn(level);
                        mapping.Indexes.Add(new IndexDefinition($"mt_doc_boardentry_idx_{level.ToString().ToLowerInvariant()}_{measure.ToString().ToLowerInvariant()}")
                        {
                            Columns = area is null ? ["period", ScoreColumn(measure), "number"] : [area, "period", ScoreColumn(measure), "number"],
                            Predicate = "is_public",
                        });
                    }
                }
            }
            else if (mapping.DocumentType == typeof(BoardCount))
            {
                mapping.DuplicateField(nameof(BoardCount.Scope));
                mapping.DuplicateField(nameof(BoardCount.Bucket));
                mapping.DuplicateField(nameof(BoardCount.Entries));
                mapping.Indexes.Add(new IndexDefinition("mt_doc_boardcount_idx_scope_bucket") { Columns = ["scope", "bucket"], IncludeColumns = ["entries"] });
            }
        });
        return options;
    }
}
