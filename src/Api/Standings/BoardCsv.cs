using System.Globalization;
using Marten;
using TimeBank.Api.Districts;
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
/// read it, as <c>leaderboard</c>; public entries only, never more than a board shows. With a database per district the
/// city's board is merged from every district (<see cref="CityBoardReads"/>), and refused whole with
/// <c>DISTRICT_UNAVAILABLE</c> when one does not answer.
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
        CityBoardReads city, AreaDistrict areas, PersonalDataVault vault, TimeProvider clock)
    {
        if (!CsvExport.TryCaller(http, "a board", out _, out var problem))
        {
            return problem;
        }

        if (!Enum.TryParse<BoardMeasure>(measure, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted) || measure!.Any(char.IsDigit))
        {
            return HttpProblems.Of(RefusalCodes.InvalidInput, "measure is HOURS or POINTS.");
        }

        try
        {
            var reporting = ReportingPeriod.Parse(period ?? "", clock.GetUtcNow());
            var input = AreaInput.FromQuery(communityId, district, street);
            // Districts mode (ADR 0047): the city's board is every district's, merged; another area's is read in its district's
            // database. The request's own session is resolved only when needed: a city admin's token may name no district.
            await using var named = await areas.SessionOfAsync(input, http.RequestAborted);
            var session = city.IsOn && CityKpiReads.NamesTheCity(input) ? null : named ?? http.RequestServices.GetRequiredService<IQuerySession>();
            var board = new Board(session is null ? Area.City : await AreaLookup.FindAsync(session, input, http.RequestAborted), reporting.Key, wanted);

            // The whole export is read before a byte is sent: a district that does not answer refuses it, never a short file.
            var bytes = await CsvExport.WriteAsync(async csv =>
            {
                csv.WriteHeader(Header);
                (long Score, string Number)? after = null;
                (long Score, long Rank)? previous = null;
                long position = 0;
                while (true)
                {
                    var continuing = previous is { } p ? (position, p) : ((long, (long, long))?)null;
                    var page = session is null
                        ? await city.PageAsync(vault, board, after, Page, http.RequestAborted, continuing)
                        : await BoardReads.PageAsync(session, vault, board, after, Page, http.RequestAborted, continuing);
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
        catch (LedgerRefusal refusal)
        {
            return HttpProblems.Of(refusal.Code, refusal.Message);
        }
    }
}
