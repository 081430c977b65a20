using System.Globalization;

namespace TimeBank.Ledger.Standings;

public enum PeriodKind
{
    Month,
    Year,
    AllTime,
}

/// <summary>
/// What a leaderboard counts over: a calendar month, a calendar year (China time) or all time. Written "2026-11", "2026"
/// or "all" in documents, cursors and GraphQL.
/// </summary>
public readonly record struct ReportingPeriod(PeriodKind Kind, int Year, int Month)
{
    public static ReportingPeriod AllTime { get; } = new(PeriodKind.AllTime, 0, 0);

    public static ReportingPeriod MonthOf(CalendarMonth month) => new(PeriodKind.Month, month.Year, month.Number);

    public static ReportingPeriod YearOf(int year) => new(PeriodKind.Year, year, 0);

    /// <summary>The three periods an event at <paramref name="at"/> counts in: its month, its year, all time.</summary>
    public static IReadOnlyList<ReportingPeriod> Containing(DateTimeOffset at)
    {
        var month = CalendarMonth.Of(at);
        return [MonthOf(month), YearOf(month.Year), AllTime];
    }

    public string Key => Kind switch
    {
        PeriodKind.Month => new CalendarMonth(Year, Month).Key,
        PeriodKind.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        _ => "all",
    };

    public override string ToString() => Key;

    /// <summary>
    /// A period someone asked about: "yyyy-MM", "yyyy" or "all" (any case), not beginning after <paramref name="now"/>.
    /// Refused with <see cref="RefusalCodes.PeriodInvalid"/> or <see cref="RefusalCodes.PeriodInFuture"/>.
    /// </summary>
    public static ReportingPeriod Parse(string text, DateTimeOffset now)
    {
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
        {
            return AllTime;
        }

        if (text is { Length: 4 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000)
        {
            var thisYear = CalendarMonth.Of(now).Year;
            return year > thisYear
                ? throw new LedgerRefusal(RefusalCodes.PeriodInFuture, $"{year} has not begun yet (it is {thisYear} in China time).")
                : YearOf(year);
        }

        if (CalendarMonth.TryParse(text) is null)
        {
            throw new LedgerRefusal(RefusalCodes.PeriodInvalid,
                $"'{CalendarMonth.Shown(text)}' is not a period: write a month (2026-11), a year (2026) or all.");
        }

        return MonthOf(CalendarMonth.Parse(text, now));
    }
}
