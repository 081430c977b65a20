using GraphQL.Types;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Standings;

public sealed class BoardMeasureType : EnumerationGraphType<BoardMeasure>
{
    public BoardMeasureType()
    {
        Name = "BoardMeasure";
        Description = "What a leaderboard ranks by.";
        Values.Single(v => Equals(v.Value, BoardMeasure.Hours)).Description = "Verified service, in minutes (revoked records taken back).";
        Values.Single(v => Equals(v.Value, BoardMeasure.Points)).Description = "Points earned by verified service (not the balance: spending does not lower it; revocations do).";
    }
}

public sealed class LeaderboardEntryType : ObjectGraphType<BoardLine>
{
    public LeaderboardEntryType()
    {
        Name = "LeaderboardEntry";
        Description = "A volunteer's line on a leaderboard: never more than their number and masked name.";
        Field<NonNullGraphType<LongGraphType>>("rank")
            .Description("1 + the public entries with a strictly higher score: equal scores share a rank (competition ranking).").Resolve(c => c.Source.Rank);
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber").Description("The volunteer number (志愿者编号); ties are listed in its order.")
            .Resolve(c => c.Source.VolunteerNumber);
        Field<StringGraphType>("maskedName").Description("The family name, the rest hidden (张**); null once the person's data was erased.")
            .Resolve(c => c.Source.MaskedName);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("Verified service minutes in the period.").Resolve(c => c.Source.Minutes);
        Field<NonNullGraphType<LongGraphType>>("points").Description("Points earned in the period.").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<BooleanGraphType>>("you").Description("True for the volunteer asking (in `myStanding`).").Resolve(c => c.Source.You);
    }
}

public sealed class LeaderboardEdgeType() : EdgeGraphType<LeaderboardEntryType, BoardLine>("Leaderboard");

public sealed class LeaderboardConnectionType() : ConnectionGraphType<LeaderboardEdgeType, BoardLine>("Leaderboard");

/// <summary>Where a volunteer stands on the board of their home area at one level.</summary>
public sealed record BoardStanding(Area Area, long Rank, bool OnPublicBoards, long Minutes, long Points, IReadOnlyList<BoardLine> Entries);

public sealed class BoardStandingType : ObjectGraphType<BoardStanding>
{
    public BoardStandingType()
    {
        Name = "BoardStanding";
        Description = "Where the signed-in volunteer stands on the board of their home community, street, district or city.";
        Field<NonNullGraphType<AreaLevelType>>("level").Description("The level of the board.").Resolve(c => c.Source.Area.Level);
        Field<NonNullGraphType<StringGraphType>>("areaKey")
            .Description("The area: `city`, `district:<name>`, `street:<district>/<street>` or `community:<uuid without dashes>`.").Resolve(c => c.Source.Area.Key);
        Field<UuidIdGraphType>("communityId").Description("The home community, for a community's board.").Resolve(c => c.Source.Area.CommunityId);
        Field<StringGraphType>("district").Description("The district (null for the city).").Resolve(c => c.Source.Area.District);
        Field<StringGraphType>("street").Description("The street (for a street's or community's board).").Resolve(c => c.Source.Area.Street);
        Field<NonNullGraphType<LongGraphType>>("rank")
            .Description("1 + the public entries with a strictly higher score; also for a volunteer off the public boards, who is counted in nobody's rank.")
            .Resolve(c => c.Source.Rank);
        Field<NonNullGraphType<BooleanGraphType>>("onPublicBoards").Description("Whether the volunteer is shown on the public boards.").Resolve(c => c.Source.OnPublicBoards);
        Field<NonNullGraphType<LongGraphType>>("minutes").Description("The volunteer's verified minutes in the period.").Resolve(c => c.Source.Minutes);
        Field<NonNullGraphType<LongGraphType>>("points").Description("The volunteer's points earned in the period.").Resolve(c => c.Source.Points);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LeaderboardEntryType>>>>("entries")
            .Description("Up to `around` public entries ahead of the volunteer, the volunteer's own line (`you`), then up to `around` behind, in board order.")
            .Resolve(c => c.Source.Entries);
    }
}
