using System.Globalization;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Api.Standings;

/// <summary>
/// <c>GET /boards.csv?period=&amp;measure=&amp;communityId=|district=&amp;street=</c>: a public leaderboard as CSV (RFC 4180, UTF-8
/// with a byte-order mark), in board order: rank, volunteer number, masked name, minutes, points. Anyone signed in may
/// read it, as <c>leaderboard</c>; public entries only, never more than a board shows.
/// </summary>
public static class BoardCsv
{
    private const int Page = 1_000;

    private static readonly string[] Header = ["rank", "volunteer_number", "masked_name", "minutes", "points"];

    public static IEndpointRouteBuilder MapBoardCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/boards.csv", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        HttpContext http, string? period, string? measure, string? communityId, string? district, string? street,
        IQuerySession session, PersonalDataVault vault, TimeProvider clock)
    {
        if (!CsvExport.TryCaller(http, "a board", out _, out var problem))
        {
            return problem;
        }

        if (!Enum.TryParse<BoardMeasure>(measure, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted) || measure!.Any(char.IsDigit))
        {
            return HttpProblems.Of(RefusalCodes.InvalidInput, "measure is HOURS or POINTS.");
        }

        Board board;
        try
        {
            var reporting = ReportingPeriod.Parse(period ?? "", clock.GetUtcNow());
            var area = await AreaLookup.FindAsync(session, AreaInput.FromQuery(communityId, district, street), http.RequestAborted);
            board = new Board(area, reporting.Key, wanted);
        }
        catch (LedgerRefusal refusal)
        {
            return HttpProblems.Of(refusal.Code, refusal.Message);
        }

        var bytes = await CsvExport.WriteAsync(async csv =>
        {
            csv.WriteHeader(Header);
            (long Score, string Number)? after = null;
            (long Score, long Rank)? previous = null;
            long position = 0;
            while (true)
            {
                var page = await BoardReads.PageAsync(session, vault, board, after, Page, http.RequestAborted, previous is { } p ? (position, p) : null);
                foreach (var (_, line) in page)
                {
                    csv.WriteRecord(new[]
                    {
                        line.Rank.ToString(CultureInfo.InvariantCulture), line.VolunteerNumber, line.MaskedName ?? "",
                        line.Minutes.ToString(CultureInfo.InvariantCulture), line.Points.ToString(CultureInfo.InvariantCulture),
                    });
                }

                if (page.Count < Page)
                {
                    break;
                }

                position += page.Count;
                previous = (page[^1].Entry.Score(board.Measure), page[^1].Line.Rank);
                after = (page[^1].Entry.Score(board.Measure), page[^1].Entry.Number);
            }
        }, byteOrderMark: true);

        return CsvExport.File(http, bytes, $"board-{board.Period}-{board.Measure.ToString().ToLowerInvariant()}.csv");
    }
}
