using System.Collections.Immutable;

namespace TimeBank.Projections.Standings;

/// <summary>What a leaderboard ranks by: verified service minutes, or points earned (not the balance).</summary>
public enum BoardMeasure
{
    Hours,
    Points,
}

/// <summary>
/// One volunteer's line on the boards of one period (<c>Id</c> = volunteer + period key): their minutes and points earned
/// in it, the areas their home community counts in, and whether they are on the public boards. The scores are also kept
/// negated (<see cref="MinutesKey"/>, <see cref="PointsKey"/>) so that one ascending index lists a board in its order:
/// the most first, then by volunteer number.
/// </summary>
public sealed record BoardEntry(
    string Id,
    Guid VolunteerId,
    string Number,
    string Period,
    string Community,
    string? Street,
    string? District,
    long Minutes,
    long Points,
    bool IsPublic) : ICityDocument
{
    /// <summary>−<see cref="Minutes"/>: the hours board's order, ascending.</summary>
    public long MinutesKey { get; init; } = -Minutes;

    /// <summary>−<see cref="Points"/>: the points board's order, ascending.</summary>
    public long PointsKey { get; init; } = -Points;

    public static string IdOf(Guid volunteerId, string period) => $"{volunteerId:N}|{period}";

    public long Score(BoardMeasure measure) => measure == BoardMeasure.Hours ? Minutes : Points;

    /// <summary>The entry with these totals (its order keys follow).</summary>
    public BoardEntry WithTotals(long minutes, long points) => this with { Minutes = minutes, Points = points, MinutesKey = -minutes, PointsKey = -points };

    /// <summary>The key of the area at <paramref name="level"/> this entry counts in; null when its community's street and district are unknown.</summary>
    public string? AreaKey(Ledger.Standings.AreaLevel level) => level switch
    {
        Ledger.Standings.AreaLevel.Community => Community,
        Ledger.Standings.AreaLevel.Street => Street,
        Ledger.Standings.AreaLevel.District => District,
        _ => Ledger.Standings.Area.City.Key,
    };
}

/// <summary>
/// How many public entries of a board have a score in one bucket (a radix histogram of a district's or the city's board,
/// <see cref="BoardHistogram"/>): a rank is a sum over a few of these instead of a count over the board's rows.
/// </summary>
/// <param name="Scope">Area key, period, measure and level: "city|2026|hours|1".</param>
/// <param name="Bucket">The score shifted right by 6 bits per level.</param>
public sealed record BoardCount(string Id, string Scope, long Bucket, long Entries) : ICityDocument;

/// <summary>What the board fold knows of a volunteer: number, home, whether public, and which period each live credit went into.</summary>
/// <param name="Periods">The period keys the volunteer has entries in.</param>
public sealed record BoardVolunteer(
    string Id,
    Guid VolunteerId,
    string Number,
    Guid HomeCommunityId,
    bool IsPublic,
    ImmutableDictionary<Guid, BoardCredit> Credits,
    ImmutableList<string> Periods) : ICityDocument
{
    public static string IdOf(Guid volunteerId) => volunteerId.ToString("N");
}

/// <summary>A credit not revoked: the month it counts in and what it added, so that its revocation takes back the same.</summary>
public sealed record BoardCredit(string Month, long Minutes, long Points);

/// <summary>What the board fold knows of a community: the street and district it lies in.</summary>
public sealed record BoardCommunity(string Id, Guid CommunityId, string District, string Street) : ICityDocument
{
    public static string IdOf(Guid communityId) => communityId.ToString("N");
}
