namespace TimeBank.Ledger.Units;

/// <summary>
/// The city's clock: China Standard Time, UTC+08:00 all year (no daylight saving). A day of service, a certificate's
/// period and its year are counted in it, whatever offset a client sends.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The day <paramref name="at"/> falls on in the city.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>The calendar year <paramref name="at"/> falls in, in the city.</summary>
    public static int YearOf(DateTimeOffset at) => at.ToOffset(Offset).Year;
}
