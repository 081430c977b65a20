using System.Globalization;
using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// <c>GET /communities/{communityId}/records.csv?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: a community's verified service
/// records whose service started on the days <c>from</c> to <c>to</c> (both included, China time, at most
/// <see cref="MaxDays"/> days) as CSV, oldest service first (UTF-8 with a byte-order mark, so that spreadsheet programs
/// read Chinese text). For staff of the community and city admins, with their bearer token (<see cref="CsvExport"/>).
/// A row names the volunteer by number only: no names, phone or ID numbers, and neither the free-text content nor the
/// person in charge, which may name people.
/// </summary>
public static class CommunityRecordsCsv
{
    public const int MaxDays = 366;

    private const int Page = 1_000;

    /// <summary>The header row's columns.</summary>
    public static readonly string[] Columns =
        ["date", "started_at", "ended_at", "volunteer_number", "project", "category", "place", "minutes", "hours"];

    public static IEndpointRouteBuilder MapCommunityRecordsCsv(this IEndpointRouteBuilder app)
    {
        app.MapGet("/communities/{communityId}/records.csv", ServeAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Why the period cannot be exported, or <see langword="null"/> when it can.</summary>
    public static string? ProblemWith(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).";
        }

        var days = to.DayNumber - from.DayNumber + 1;
        return days > MaxDays ? $"An export covers at most {MaxDays} days; {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is {days} days." : null;
    }

    private static async Task<IResult> ServeAsync(HttpContext http, string communityId, string? from, string? to, IQuerySession session)
    {
        if (!CsvExport.TryCommunityReader(http, communityId, "the community's records", out var id, out var refused))
        {
            return refused;
        }

        var fromProblem = CsvExport.DateArgument(from, "from", "a day in China time", out var first);
        var toProblem = CsvExport.DateArgument(to, "to", "a day in China time", out var last);
        if ((fromProblem ?? toProblem ?? ProblemWith(first, last)) is { } problem)
        {
            return HttpProblems.Of(RefusalCodes.InvalidInput, problem);
        }

        // The period's instants, in UTC as PostgreSQL takes them.
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        var bytes = await CsvExport.WriteAsync(async csv =>
        {
            csv.WriteHeader(Columns);
            for (var skip = 0; ; skip += Page)
            {
                var records = await session.Query<ServiceRecord>()
                    .Where(r => r.CommunityId == id && (r.Status == RecordStatus.Verified || r.Status == RecordStatus.Credited)
                        && r.StartedAt >= start && r.StartedAt < end)
                    .OrderBy(r => r.StartedAt).ThenBy(r => r.Id)
                    .Skip(skip).Take(Page)
                    .ToListAsync(http.RequestAborted);
                var accounts = (await session.LoadManyAsync<VolunteerAccount>(http.RequestAborted, records.Select(r => r.VolunteerId).Distinct()))
                    .ToDictionary(a => a.Id, a => a.VolunteerNumber);
                foreach (var record in records)
                {
                    csv.WriteRecord(Row(record, accounts.GetValueOrDefault(record.VolunteerId, "")));
                }

                if (records.Count < Page)
                {
                    break;
                }
            }
        }, byteOrderMark: true);

        return CsvExport.File(http, bytes, $"records-{id}-{first:yyyyMMdd}-{last:yyyyMMdd}.csv");
    }

    /// <summary>One verified record as its CSV fields; times in China time with their offset.</summary>
    public static string[] Row(ServiceRecord record, string volunteerNumber)
    {
        ArgumentNullException.ThrowIfNull(record);
        var minutes = record.MinutesServed.Value;
        return
        [
            ChinaTime.DayOf(record.StartedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Instant(record.StartedAt), Instant(record.EndedAt), volunteerNumber, record.ProjectName, record.Category, record.Place,
            minutes.ToString(CultureInfo.InvariantCulture), (minutes / 60m).ToString("0.##", CultureInfo.InvariantCulture),
        ];
    }

    private static string Instant(DateTimeOffset at) => at.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
