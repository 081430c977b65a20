using TimeBank.Ledger.Standings;
using TimeBank.Projections.Standings;

namespace TimeBank.Projections.Tests.Standings;

/// <summary>Two districts' KPI roll-ups added into the city's (ADR 0047): counts add, the active ratio comes from the sums.</summary>
public sealed class KpiSumTests
{
    private static readonly CalendarMonth Dec = new(2026, 12);

    // North: 4 registered, 3 active (75 %). South: 16 registered, 1 active (6.25 %).
    private static readonly KpiFigures North = new(Dec, 2, 4, 3, 5, 1, 1, [1, 2, 0, 0, 0], 90, 9, 6, 2);
    private static readonly KpiFigures South = new(Dec, 3, 16, 1, 30, 2, 0, [4, 0, 1, 0, 1], 45, 4, 3, 1);

    [Fact]
    public void Every_count_is_added_levels_and_flows_alike()
    {
        var city = KpiFigures.Add(North, South);

        Assert.Equal(new KpiFigures(Dec, 5, 20, 4, 35, 3, 1, [5, 2, 1, 0, 1], 135, 13, 9, 3), city);
        Assert.Equal(city, KpiFigures.Add(South, North));
    }

    [Fact]
    public void The_active_ratio_of_the_city_is_recomputed_from_the_summed_counts_not_averaged()
    {
        var city = KpiFigures.Add(North, South);

        // 4 of 20 = 20.0 %; the mean of 75 % and 6.25 % would be 40.6 %.
        Assert.Equal(20.0m, KpiTargets.ActiveRatioPercent(city.Active, city.Registered));
        Assert.NotEqual((KpiTargets.ActiveRatioPercent(3, 4) + KpiTargets.ActiveRatioPercent(1, 16)) / 2, KpiTargets.ActiveRatioPercent(city.Active, city.Registered));
    }

    [Fact]
    public void An_empty_district_adds_nothing()
    {
        Assert.Equal(North, KpiFigures.Add(North, KpiFigures.Empty(Dec)));
    }

    [Fact]
    public void Figures_of_different_months_are_refused()
    {
        Assert.Throws<ArgumentException>(() => KpiFigures.Add(North, KpiFigures.Empty(new CalendarMonth(2026, 11))));
    }
}
