using System.Globalization;
using System.Text;
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
    public const string ContentType = "text/csv; charset=utf-8; header=present";
    public const string Header = "date,redeemed,refunded,net,redemptions,refunds";

    public static IEndpointRouteBuilder MapSettlementStatementCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/merchants/{merchantId}/statements.csv", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string merchantId, string? from, string? to, IQuerySession session)
    {
        if (ActorFromClaims.From(http.User) is not { } actor)
        {
            return HttpProblems.Of(SchemaErrors.Unauthenticated, "Sign in first: a statement needs a bearer token.");
        }

        // Not a UUID: no merchant has that id, and the answer is the one any missing merchant gets.
        var merchant = Guid.TryParseExact(merchantId, "D", out var id) ? await session.LoadAsync<Merchant>(id, http.RequestAborted) : null;
        if (merchant is null || !merchant.IsVisibleTo(actor))
        {
            return HttpProblems.Of(RefusalCodes.NotFound, "No such merchant.");
        }

        var fromProblem = DateArgument(from, "from", out var start);
        var toProblem = DateArgument(to, "to", out var end);
        if ((fromProblem ?? toProblem ?? SettlementStatement.ProblemWith(start, end)) is { } problem)
        {
            return HttpProblems.Of(RefusalCodes.InvalidInput, problem);
        }

        var statement = await SettlementStatement.ReadAsync(session, merchant.Id, start, end, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(
            Encoding.UTF8.GetBytes(Write(statement)), ContentType, $"settlement-{merchant.Id}-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");
    }

    /// <summary>
    /// The CSV text. Every field is an ISO date or an integer, so none needs quoting; a column is added only at the end,
    /// so that readers by position keep working.
    /// </summary>
    public static string Write(SettlementStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var day in statement.Days)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{day.Date:yyyy-MM-dd},{day.Redeemed},{day.Refunded},{day.Net},{day.Redemptions},{day.Refunds}\r\n");
        }

        return csv.ToString();
    }

    private static string? DateArgument(string? value, string name, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrEmpty(value))
        {
            return $"'{name}' is required: a date as YYYY-MM-DD (a UTC day).";
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            ? null
            : $"'{name}' must be a date as YYYY-MM-DD (a UTC day).";
    }
}
