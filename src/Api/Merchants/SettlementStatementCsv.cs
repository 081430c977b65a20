using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// <c>GET /merchants/{merchantId}/statements.csv?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: a merchant's settlement
/// statement as CSV (RFC 4180: a header row, CRLF line ends, UTF-8), for the merchant's bookkeeping. The same rows and
/// visibility as <c>settlementStatement</c> over GraphQL: a bearer token of one of the merchant's cashiers, staff of its
/// community or a city admin. A merchant the caller may not see is 404, exactly like one that does not exist.
/// </summary>
public static class SettlementStatementCsv
{
    public const string ContentType = CsvExport.ContentType;

    /// <summary>The header row's columns.</summary>
    public static readonly string[] Columns = ["date", "redeemed", "refunded", "net", "redemptions", "refunds"];

    public static IEndpointRouteBuilder MapSettlementStatementCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/merchants/{merchantId}/statements.csv", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string merchantId, string? from, string? to, IQuerySession session)
    {
        if (!CsvExport.TryCaller(http, "a statement", out var actor, out var unauthenticated))
        {
            return unauthenticated;
        }

        // Not a UUID: no merchant has that id, and the answer is the one any missing merchant gets.
        var merchant = Guid.TryParseExact(merchantId, "D", out var id) ? await session.LoadAsync<Merchant>(id, http.RequestAborted) : null;
        if (merchant is null || !merchant.IsVisibleTo(actor))
        {
            return HttpProblems.Of(RefusalCodes.NotFound, "No such merchant.");
        }

        var fromProblem = CsvExport.DateArgument(from, "from", "a UTC day", out var start);
        var toProblem = CsvExport.DateArgument(to, "to", "a UTC day", out var end);
        if ((fromProblem ?? toProblem ?? SettlementStatement.ProblemWith(start, end)) is { } problem)
        {
            return HttpProblems.Of(RefusalCodes.InvalidInput, problem);
        }

        var statement = await SettlementStatement.ReadAsync(session, merchant.Id, start, end, http.RequestServices.GetRequiredService<Districts.DistrictSettings>().IsOn, http.RequestAborted);
        return CsvExport.File(http, await WriteAsync(statement), $"settlement-{merchant.Id}-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");
    }

    /// <summary>
    /// The CSV, written as every export of the service is (<see cref="CsvExport"/>), without a byte-order mark: every field
    /// is an ISO date or an integer. A column is added only at the end, so that readers by position keep working.
    /// </summary>
    public static Task<byte[]> WriteAsync(SettlementStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return CsvExport.WriteAsync(csv =>
        {
            csv.WriteHeader(Columns);
            foreach (var day in statement.Days)
            {
                csv.WriteField(day.Date);
                csv.WriteField(day.Redeemed);
                csv.WriteField(day.Refunded);
                csv.WriteField(day.Net);
                csv.WriteField(day.Redemptions);
                csv.WriteField(day.Refunds);
                csv.EndRecord();
            }

            return Task.CompletedTask;
        }, byteOrderMark: false);
    }
}
