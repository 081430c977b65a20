using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CsvHelper;
using TimeBank.Api.GraphQL;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// How the service writes CSV, in one place: with CsvHelper (RFC 4180: a header row, CRLF line ends, UTF-8, fields
/// quoted when they need it), text that a spreadsheet would run as a formula escaped, and the preamble every export
/// shares: a bearer token (else 401), a community the caller acts in (staff of it or a city admin, else 403), dates as
/// YYYY-MM-DD (else a 400 problem naming the argument).
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>The caller, or the 401 problem for a request without a valid bearer token.</summary>
    public static bool TryCaller(HttpContext http, string what, [NotNullWhen(true)] out Actor? actor, [NotNullWhen(false)] out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(http);
        actor = ActorFromClaims.From(http.User);
        problem = actor is null ? HttpProblems.Of(SchemaErrors.Unauthenticated, $"Sign in first: {what} needs a bearer token.") : null;
        return actor is not null;
    }

    /// <summary>
    /// The community of the path, if the caller may export its <paramref name="what"/>: staff of the community and city
    /// admins. Otherwise the 401 or 403 problem (also for a community id that is not a UUID: no community has it).
    /// </summary>
    public static bool TryCommunityReader(HttpContext http, string communityId, string what, out Guid community, [NotNullWhen(false)] out IResult? problem)
    {
        community = Guid.Empty;
        if (!TryCaller(http, what, out var actor, out problem))
        {
            return false;
        }

        if (!Guid.TryParseExact(communityId, "D", out community) || !actor.MayActIn(community))
        {
            problem = HttpProblems.Of(RefusalCodes.Forbidden, $"Only staff of the community and city admins read {what}.");
            return false;
        }

        return true;
    }

    /// <summary>Why <paramref name="value"/>, the argument <paramref name="name"/>, is not a date (null if it is one); <paramref name="dayOf"/> says whose day ("a UTC day").</summary>
    public static string? DateArgument(string? value, string name, string dayOf, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrEmpty(value))
        {
            return $"'{name}' is required: a date as YYYY-MM-DD ({dayOf}).";
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            ? null
            : $"'{name}' must be a date as YYYY-MM-DD ({dayOf}).";
    }

    /// <summary>The CSV <paramref name="write"/> writes, as bytes: with a byte-order mark when spreadsheet programs must read Chinese text.</summary>
    public static async Task<byte[]> WriteAsync(Func<CsvWriter, Task> write, bool byteOrderMark)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, new CsvWriterOptions { WriteByteOrderMark = byteOrderMark, Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            await write(csv);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Writes a header and then every row of a keyset-paged read, a page of <paramref name="pageSize"/> at a time, until a
    /// page comes back short: <paramref name="page"/> reads the page after a cursor (null: the first), <paramref name="cursorOf"/>
    /// names the cursor of a page's last item.
    /// </summary>
    public static async Task WritePagesAsync<T>(
        CsvWriter csv, string[] header, int pageSize, Func<string?, Task<IReadOnlyList<T>>> page, Func<T, string> cursorOf, Func<T, string[]> row)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(cursorOf);
        ArgumentNullException.ThrowIfNull(row);
        csv.WriteHeader(header);
        string? after = null;
        while (true)
        {
            var items = await page(after);
            foreach (var item in items)
            {
                csv.WriteRecord(row(item));
            }

            if (items.Count < pageSize)
            {
                return;
            }

            after = cursorOf(items[^1]);
        }
    }

    /// <summary>A CSV file answer, never cached (it holds what only its reader may see).</summary>
    public static IResult File(HttpContext http, byte[] csv, string fileName)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(csv, ContentType, fileName);
    }
}
