using TimeBank.Ledger.Accounts;

namespace TimeBank.Ledger.Tests;

public sealed class CodeGuessingLimitTests
{
    private static readonly DateTimeOffset MidMinute = new(2026, 6, 15, 12, 7, 42, 250, TimeSpan.Zero);

    [Fact]
    public void By_default_a_merchants_tills_may_send_five_wrong_codes_a_minute()
    {
        Assert.Equal(5, CodeGuessingLimit.DefaultFailuresPerMinute);
        Assert.Equal(5, CodeGuessingLimit.Default.FailuresPerMinute);
        Assert.Equal(CodeGuessingLimit.Default, new CodeGuessingLimit());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Below_the_limit_an_attempt_is_let_through(int failures) => CodeGuessingLimit.Default.Check(failures, MidMinute);

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void At_the_limit_every_attempt_is_refused_until_the_next_minute(int failures)
    {
        var refusal = Assert.Throws<LedgerRefusal>(() => CodeGuessingLimit.Default.Check(failures, MidMinute));

        Assert.Equal(RefusalCodes.TooManyCodeAttempts, refusal.Code);
        Assert.Equal("TOO_MANY_CODE_ATTEMPTS", refusal.Code);
        // In China time, and kept as an instant, so that an edge knowing the caller's offset shows it in that.
        Assert.Equal([new DateTimeOffset(2026, 6, 15, 12, 8, 0, TimeSpan.Zero)], refusal.Times);
        Assert.Equal("Too many wrong codes from this merchant's tills this minute; try again after 2026-06-15 20:08:00 +08:00 (in 18 s).", refusal.Message);
    }

    [Fact]
    public void The_limit_is_configurable()
    {
        new CodeGuessingLimit(2).Check(1, MidMinute);
        Assert.Throws<LedgerRefusal>(() => new CodeGuessingLimit(2).Check(2, MidMinute));
    }

    [Fact]
    public void Failures_are_counted_per_calendar_minute_in_utc()
    {
        Assert.Equal(new DateTimeOffset(2026, 6, 15, 12, 7, 0, TimeSpan.Zero), CodeGuessingLimit.MinuteOf(MidMinute));
        Assert.Equal(TimeSpan.Zero, CodeGuessingLimit.MinuteOf(MidMinute.ToOffset(TimeSpan.FromHours(8))).Offset);
        Assert.Equal(
            new DateTimeOffset(2026, 6, 15, 12, 7, 0, TimeSpan.Zero),
            CodeGuessingLimit.MinuteOf(new DateTimeOffset(2026, 6, 15, 20, 7, 59, 999, TimeSpan.FromHours(8))));
        var start = new DateTimeOffset(2026, 6, 15, 12, 8, 0, TimeSpan.Zero);
        Assert.Equal(start, CodeGuessingLimit.MinuteOf(start));
    }

    [Fact]
    public void A_throttled_till_retries_at_the_start_of_the_next_minute_rounded_up_to_whole_seconds()
    {
        var next = new DateTimeOffset(2026, 6, 15, 12, 8, 0, TimeSpan.Zero);
        Assert.Equal(next, CodeGuessingLimit.RetryAt(MidMinute));
        Assert.Equal(18, CodeGuessingLimit.RetryAfterSeconds(MidMinute));
        Assert.Equal(1, CodeGuessingLimit.RetryAfterSeconds(next.AddMilliseconds(-1)));
        Assert.Equal(60, CodeGuessingLimit.RetryAfterSeconds(next));
        Assert.Equal(next.AddMinutes(1), CodeGuessingLimit.RetryAt(next));
    }

    [Fact]
    public void Only_a_wrong_code_counts_against_the_merchant()
    {
        Assert.True(CodeGuessingLimit.IsWrongCode(RefusalCodes.RedemptionCodeInvalid));
        Assert.False(CodeGuessingLimit.IsWrongCode(RefusalCodes.InsufficientPoints));
        Assert.False(CodeGuessingLimit.IsWrongCode(RefusalCodes.TooManyCodeAttempts));
    }
}
