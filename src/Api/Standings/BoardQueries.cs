using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.PersonalData;
using TimeBank.Api.Standings;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.GraphQL;

/// <summary>Leaderboards (public to anyone signed in) and where a volunteer stands (ADR 0038).</summary>
public sealed partial class LedgerQuery
{
    private const int MaxAround = 10;

    partial void AddBoardQueries()
    {
        Field<NonNullGraphType<LeaderboardConnectionType>>("leaderboard")
            .Description("A public leaderboard: the volunteers of an area by service minutes or points earned in a month, a year or all time, "
                + "the most first, ties by volunteer number. Volunteers off the public boards are left out. Anyone signed in may read it. "
                + $"`first` is 1 to {Paging.MaxPageSize}. Refusals: `PERIOD_INVALID`, `PERIOD_IN_FUTURE`, `AREA_UNKNOWN`, `INVALID_INPUT`. "
                + "The same board as CSV: `/boards.csv?period=&measure=&communityId=|district=&street=`. "
                + "With a database per district, the city's board is every district's, merged; `DISTRICT_UNAVAILABLE`, naming the district, when one does not answer; "
                + "a district's, a street's or a community's board is read in its district's database, also for a token that names no district.")
            .Argument<NonNullGraphType<AreaInputType>>("area", "The community, street, district or (all empty) the city.")
            .Argument<NonNullGraphType<StringGraphType>>("period", "A month (2026-11), a year (2026) or `all`, in China time; not in the future.")
            .Argument<NonNullGraphType<BoardMeasureType>>("measure", "Minutes served or points earned.")
            .Argument<IntGraphType>("first", $"How many entries, 1 to {Paging.MaxPageSize}.", argument => argument.DefaultValue = Paging.DefaultPageSize)
            .Argument<StringGraphType>("after", "The endCursor of the previous page; absent for the first page.")
            .ResolveAsync(ResolveLeaderboardAsync);

        Field<BoardStandingType>("myStanding")
            .Description("Where the signed-in volunteer stands on the board of their home area at a level: their rank (also when off the public "
                + "boards) and the public entries around them. Volunteers only (`FORBIDDEN`). Refusals: `PERIOD_INVALID`, `PERIOD_IN_FUTURE`, `INVALID_INPUT`. "
                + "With a database per district, a city rank counts every district's entries above; the entries around are the home district's "
                + "(with city ranks); `DISTRICT_UNAVAILABLE`, naming the district, when one does not answer.")
            .Argument<NonNullGraphType<AreaLevelType>>("level", "Community, street, district or city: the volunteer's home area at that level.")
            .Argument<NonNullGraphType<StringGraphType>>("period", "A month (2026-11), a year (2026) or `all`, in China time; not in the future.")
            .Argument<NonNullGraphType<BoardMeasureType>>("measure", "Minutes served or points earned.")
            .Argument<IntGraphType>("around", $"How many public entries to show ahead of and behind the volunteer, 0 to {MaxAround}.", argument => argument.DefaultValue = 2)
            .ResolveAsync(ResolveMyStandingAsync);
    }

    private static async Task<object?> ResolveLeaderboardAsync(IResolveFieldContext context)
    {
        context.RequireActor();
        var first = context.GetArgument("first", Paging.DefaultPageSize);
        if (first is < 1 or > Paging.MaxPageSize)
        {
            throw SchemaErrors.InvalidInput($"'first' must be between 1 and {Paging.MaxPageSize}; got {first}.");
        }

        var city = context.Service<Districts.CityBoardReads>();
        var input = context.GetArgument<AreaInput>("area");
        // Districts mode: the city's board is every district's, merged (ADR 0047); no district's session is asked for. A
        // district's, a street's or a community's board is read in its district's database, whatever district the token names.
        await using var named = await SchemaErrors.UnlessRefusedAsync(() => context.Service<Districts.AreaDistrict>().SessionOfAsync(input, context.CancellationToken));
        var session = city.IsOn && Districts.CityKpiReads.NamesTheCity(input) ? null : named ?? context.Service<IQuerySession>();
        var board = await SchemaErrors.UnlessRefusedAsync(() => BoardOfAsync(context, session));
        var after = Paging.After(context, board.CursorKind) is { } cursor ? ParseCursor(cursor) : ((long Score, string Number)?)null;
        var entries = session is null
            ? await SchemaErrors.UnlessRefusedAsync(() => city.PageAsync(context.Service<PersonalDataVault>(), board, after, first + 1, context.CancellationToken))
            : after is null ? await context.Service<BoardFirstPages>().PageAsync(session, context.Service<PersonalDataVault>(), board, first + 1, context.CancellationToken)
            : await BoardReads.PageAsync(session, context.Service<PersonalDataVault>(), board, after, first + 1, context.CancellationToken);
        var scores = entries.ToDictionary(e => e.Line.VolunteerId, e => e.Entry.Score(board.Measure));
        return Paging.PageOf([.. entries.Select(e => e.Line)],
            first, line => Paging.Cursor(board.CursorKind, Cursor(scores.GetValueOrDefault(line.VolunteerId), line.VolunteerNumber)), after is not null);
    }

    private static async Task<object?> ResolveMyStandingAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        if (actor.Role != ActorRole.Volunteer)
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only a volunteer has a standing on the boards.");
        }

        var around = context.GetArgument("around", 2);
        if (around is < 0 or > MaxAround)
        {
            throw SchemaErrors.InvalidInput($"'around' must be between 0 and {MaxAround}; got {around}.");
        }

        // "My rank" reads on connections that keep one generic plan per statement (LedgerReads.BoardSession): planning its
        // one statement for its parameters cost PostgreSQL more than running it. A board's page stays on the request's
        // session: its generic plan bought nothing measurable (docs/benchmarks.md, 2026-12-07).
        await using var session = context.Service<LedgerReads>().BoardSession(context.Service<Districts.RequestDistrict>().Current);
        var period = await SchemaErrors.UnlessRefusedAsync(() => Task.FromResult(ReportingPeriod.Parse(context.GetArgument<string>("period"), context.Service<TimeProvider>().GetUtcNow())));
        var account = await session.LoadAsync<VolunteerAccount>(actor.PersonId, context.CancellationToken)
            ?? throw SchemaErrors.Of(RefusalCodes.VolunteerNotFound, "The signed-in volunteer has no account.");
        var home = await AreaLookup.OfCommunityAsync(session, account.HomeCommunityId, context.CancellationToken)
            ?? throw SchemaErrors.Of(RefusalCodes.AreaUnknown, "The volunteer's home community is not registered.");
        var level = context.GetArgument<AreaLevel>("level");
        var board = new Board(Area.Of(home.CommunityId!.Value, home.District!, home.Street!)[(int)level], period.Key, context.GetArgument<BoardMeasure>("measure"));
        var (own, rank, lines) = await BoardReads.StandingAsync(session, context.Service<PersonalDataVault>(), board, account.Id, account.VolunteerNumber,
            account.OnPublicBoards, around, context.CancellationToken);
        var city = context.Service<Districts.CityBoardReads>();
        if (city.IsOn && level == AreaLevel.City)
        {
            // Districts mode: the window is the home district's; every rank in it counts every district's entries above (ADR 0047).
            var ownScore = own.Score(board.Measure);
            var ranks = await SchemaErrors.UnlessRefusedAsync(() => city.RanksAsync(board,
                [.. lines.Select(line => Score(line, board.Measure)).Append(ownScore).Distinct()], context.CancellationToken));
            rank = ranks[ownScore];
            lines = [.. lines.Select(line => line with { Rank = ranks[Score(line, board.Measure)] })];
        }

        return new BoardStanding(board.Area, rank, account.OnPublicBoards, own.Minutes, own.Points, lines);
    }

    /// <summary>The board the arguments name; refused with the period's or the area's code.</summary>
    /// <param name="session">Null: the city across districts.</param>
    private static async Task<Board> BoardOfAsync(IResolveFieldContext context, IQuerySession? session)
    {
        var period = ReportingPeriod.Parse(context.GetArgument<string>("period"), context.Service<TimeProvider>().GetUtcNow());
        var area = session is null ? Area.City : await AreaLookup.FindAsync(session, context.GetArgument<AreaInput>("area"), context.CancellationToken);
        return new Board(area, period.Key, context.GetArgument<BoardMeasure>("measure"));
    }

    private static long Score(BoardLine line, BoardMeasure measure) => measure == BoardMeasure.Hours ? line.Minutes : line.Points;

    private static string Cursor(long score, string number) => string.Create(CultureInfo.InvariantCulture, $"{score}|{number}");

    private static (long Score, string Number) ParseCursor(string cursor)
    {
        var cut = cursor.IndexOf('|', StringComparison.Ordinal);
        return cut > 0 && long.TryParse(cursor.AsSpan(0, cut), NumberStyles.None, CultureInfo.InvariantCulture, out var score)
            ? (score, cursor[(cut + 1)..])
            : throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.");
    }
}
