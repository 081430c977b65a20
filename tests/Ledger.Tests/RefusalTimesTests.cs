namespace TimeBank.Ledger.Tests;

/// <summary>A refusal names instants in China time, never bare UTC, and keeps them, so that an edge shows them in the caller's offset.</summary>
public sealed class RefusalTimesTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 1, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 6, 1, 16, 45, 5, TimeSpan.Zero);

    [Fact]
    public void A_refusal_writes_its_instants_in_China_time_with_the_offset_beside_them()
    {
        var refusal = LedgerRefusal.NamingTimes(RefusalCodes.RecordOverlaps, $"From {Start} to {End}, record {7}.");

        Assert.Equal("From 2026-06-01 09:30:00 +08:00 to 2026-06-02 00:45:05 +08:00, record 7.", refusal.Message);
        Assert.Equal([Start, End], refusal.Times);
        Assert.Equal(RefusalCodes.RecordOverlaps, refusal.Code);
    }

    [Fact]
    public void The_same_instant_given_in_another_offset_is_written_alike()
    {
        var inBerlin = Start.ToOffset(TimeSpan.FromHours(2));

        Assert.Equal("At 2026-06-01 09:30:00 +08:00.", LedgerRefusal.NamingTimes(RefusalCodes.RecordOverlaps, $"At {inBerlin}.").Message);
    }

    [Theory]
    [InlineData(0, "From 2026-06-01 01:30:00 +00:00 to 2026-06-01 16:45:05 +00:00, record 7.")]
    [InlineData(-300, "From 2026-05-31 20:30:00 -05:00 to 2026-06-01 11:45:05 -05:00, record 7.")]
    [InlineData(480, "From 2026-06-01 09:30:00 +08:00 to 2026-06-02 00:45:05 +08:00, record 7.")]
    [InlineData(570, "From 2026-06-01 11:00:00 +09:30 to 2026-06-02 02:15:05 +09:30, record 7.")]
    public void The_edge_shows_the_instants_in_the_callers_offset(int offsetMinutes, string shown)
    {
        var refusal = LedgerRefusal.NamingTimes(RefusalCodes.RecordOverlaps, $"From {Start} to {End}, record {7}.");

        Assert.Equal(shown, RefusalTimes.InOffset(refusal.Message, refusal.Times, TimeSpan.FromMinutes(offsetMinutes)));
    }

    [Fact]
    public void A_message_without_instants_stays_as_it_is() =>
        Assert.Equal("No time here +08:00.", RefusalTimes.InOffset("No time here +08:00.", [], TimeSpan.Zero));
}
