using System.Globalization;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Standings;

/// <summary>A calendar month of the city's clock (<see cref="ChinaTime"/>): what KPIs and monthly boards are counted in.</summary>
public readonly record struct CalendarMonth(int Year, int Number) : IComparable<CalendarMonth>
{
    /// <summary>The month <paramref name="at"/> falls in, in China time.</summary>
    public static CalendarMonth Of(DateTimeOffset at)
    {
        var day = ChinaTime.DayOf(at);
        return new(day.Year, day.Month);
    }

    /// <summary>The month <paramref name="months"/> later (earlier when negative).</summary>
    public CalendarMonth Plus(int months)
    {
        var index = Year * 12 + (Number - 1) + months;
        return new(index / 12, index % 12 + 1);
    }

    /// <summary>How many months after <paramref name="other"/> this one is (negative when before).</summary>
    public int MonthsAfter(CalendarMonth other) => (Year * 12 + Number) - (other.Year * 12 + other.Number);

    /// <summary>The first day of the month.</summary>
    public DateOnly FirstDay => new(Year, Number, 1);

    /// <summary>The last day of the month.</summary>
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    /// <summary>"2026-11": the month's key in documents, cursors and GraphQL.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Number:D2}");

    public override string ToString() => Key;

    public int CompareTo(CalendarMonth other) => MonthsAfter(other);

    public static bool operator <(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CalendarMonth left, CalendarMonth right) => left.CompareTo(right) >= 0;

    /// <summary>Reads "yyyy-MM" (a real month, year 2000–9999); null for anything else.</summary>
    public static CalendarMonth? TryParse(string? text) =>
        text is { Length: 7 } && text[4] == '-'
        && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
        && year is >= 2000 and <= 9999 && month is >= 1 and <= 12
            ? new CalendarMonth(year, month)
            : null;

    /// <summary>
    /// A month someone asked about: "yyyy-MM", not after the month of <paramref name="now"/>. Refused with
    /// <see cref="RefusalCodes.PeriodInvalid"/> or <see cref="RefusalCodes.PeriodInFuture"/>.
    /// </summary>
    public static CalendarMonth Parse(string text, DateTimeOffset now)
    {
        var month = TryParse(text) ?? throw new LedgerRefusal(RefusalCodes.PeriodInvalid,
            $"'{Shown(text)}' is not a month: write it as yyyy-MM, for example 2026-11.");
        return month > Of(now)
            ? throw new LedgerRefusal(RefusalCodes.PeriodInFuture, $"{month} has not begun yet (it is {Of(now)} in China time).")
            : month;
    }

    internal static string Shown(string? text) => text is null ? "" : text.Length <= 20 ? text : text[..20] + "…";
}
