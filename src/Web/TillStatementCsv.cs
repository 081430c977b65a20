using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TimeBank.Web;

/// <summary>
/// <c>GET /till/statement.csv?from=&amp;to=</c>: the signed-in cashier's settlement statement as CSV, for the page's
/// download link. The page session is a cookie and the API's own CSV (<c>/merchants/{id}/statements.csv</c>) stays
/// bearer-only (ADR 0040), so this route asks <c>settlementStatement</c> through the schema as the signed-in person, the
/// one authorization path, and writes the same columns and format as the API's CSV (ADR 0042).
/// </summary>
public static class TillStatementCsv
{
    public const string Path = "/till/statement.csv";

    /// <summary>The API's columns (Merchants/SettlementStatementCsv.cs), in its order: a test compares the two files.</summary>
    private static readonly string[] Columns = ["date", "redeemed", "refunded", "net", "redemptions", "refunds"];

    private const string StatementQuery = """
        query ($merchantId: ID!, $from: DateOnly!, $to: DateOnly!) {
          settlementStatement(merchantId: $merchantId, from: $from, to: $to) { days { date redeemed refunded net redemptions refunds } }
        }
        """;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, ServeAsync).RequireAuthorization(WebSession.PagesPolicy).ExcludeFromDescription();

    private static async Task<IResult> ServeAsync(HttpContext http, LedgerClient ledger, string? from, string? to)
    {
        var caller = await ledger.CallerAsync();
        if (!caller.SignedIn)
        {
            return Results.Redirect(WebSession.SignInPath + "?back=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
        }

        if (!IsDay(from) || !IsDay(to))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "'from' and 'to' must be dates as YYYY-MM-DD (UTC days).");
        }

        var me = await ledger.AskAsync("{ me { merchant { merchantId } } }");
        if (me["me"] is not { ValueKind: JsonValueKind.Object } who || who.GetProperty("merchant") is not { ValueKind: JsonValueKind.Object } merchant)
        {
            return Refused(me.Errors, StatusCodes.Status404NotFound, "Your sign-in names no merchant.");
        }

        var merchantId = merchant.GetProperty("merchantId").GetString()!;
        var answer = await ledger.AskAsync(StatementQuery, new { merchantId, from, to });
        if (answer["settlementStatement"] is not { ValueKind: JsonValueKind.Object } statement)
        {
            return Refused(answer.Errors, StatusCodes.Status500InternalServerError, "The statement could not be read.");
        }

        http.Response.Headers.CacheControl = "no-store";
        var name = $"settlement-{merchantId}-{from!.Replace("-", "", StringComparison.Ordinal)}-{to!.Replace("-", "", StringComparison.Ordinal)}.csv";
        return Results.File(await WriteAsync(statement), "text/csv; charset=utf-8; header=present", name);
    }

    /// <summary>RFC 4180 with CsvHelper, as the API writes it: a header row, CRLF line ends, UTF-8 without a byte-order mark.</summary>
    private static async Task<byte[]> WriteAsync(JsonElement statement)
    {
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = false, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            csv.WriteHeader(Columns);
            foreach (var day in statement.GetProperty("days").EnumerateArray())
            {
                csv.WriteField(DateOnly.ParseExact(day.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                foreach (var column in Columns.Skip(1))
                {
                    csv.WriteField(day.GetProperty(column).GetInt64());
                }

                csv.EndRecord();
            }
        }

        return buffer.ToArray();
    }

    private static IResult Refused(IReadOnlyList<LedgerError> errors, int otherwise, string message) => errors.FirstOrDefault()?.Code switch
    {
        "UNAUTHENTICATED" => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first."),
        "FORBIDDEN" => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: errors[0].Message),
        "NOT_FOUND" => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: errors[0].Message),
        "INVALID_INPUT" => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: errors[0].Message),
        "UNAVAILABLE" => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: errors[0].Message),
        _ => Results.Problem(statusCode: otherwise, title: message),
    };

    private static bool IsDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
