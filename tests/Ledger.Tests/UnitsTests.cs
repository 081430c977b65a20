using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests;

/// <summary>Minutes and points: exact arithmetic, comparisons at their boundaries, and how they read.</summary>
public sealed class UnitsTests
{
    [Fact]
    public void An_hour_is_sixty_minutes()
    {
        Assert.Equal(new Minutes(0), Minutes.FromHours(0));
        Assert.Equal(new Minutes(60), Minutes.FromHours(1));
        Assert.Equal(new Minutes(90_000), Minutes.FromHours(1500));
    }

    [Fact]
    public void Zero_is_nothing()
    {
        Assert.Equal(0, Minutes.Zero.Value);
        Assert.Equal(0, Points.Zero.Value);
    }

    [Fact]
    public void Minutes_add_and_subtract_exactly()
    {
        Assert.Equal(new Minutes(125), new Minutes(90) + new Minutes(35));
        Assert.Equal(new Minutes(55), new Minutes(90) - new Minutes(35));
        Assert.Equal(new Minutes(-35), new Minutes(0) - new Minutes(35));
    }

    [Fact]
    public void Points_add_and_subtract_exactly()
    {
        Assert.Equal(new Points(52), new Points(22) + new Points(30));
        Assert.Equal(new Points(8), new Points(30) - new Points(22));
        Assert.Equal(new Points(-8), new Points(22) - new Points(30));
    }

    [Theory]
    [InlineData(59, 60)]
    [InlineData(60, 60)]
    [InlineData(61, 60)]
    public void Minutes_compare_by_value(long a, long b)
    {
        Minutes x = new(a), y = new(b);

        Assert.Equal(a < b, x < y);
        Assert.Equal(a > b, x > y);
        Assert.Equal(a <= b, x <= y);
        Assert.Equal(a >= b, x >= y);
        Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(x.CompareTo(y)));
    }

    [Theory]
    [InlineData(21, 22)]
    [InlineData(22, 22)]
    [InlineData(23, 22)]
    public void Points_compare_by_value(long a, long b)
    {
        Points x = new(a), y = new(b);

        Assert.Equal(a < b, x < y);
        Assert.Equal(a > b, x > y);
        Assert.Equal(a <= b, x <= y);
        Assert.Equal(a >= b, x >= y);
        Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(x.CompareTo(y)));
    }

    [Fact]
    public void Minutes_sort_by_value() =>
        Assert.Equal([new Minutes(-5), new Minutes(0), new Minutes(90)], new[] { new Minutes(90), new Minutes(-5), new Minutes(0) }.Order());

    [Fact]
    public void Points_sort_by_value() =>
        Assert.Equal([new Points(-5), new Points(0), new Points(30)], new[] { new Points(30), new Points(-5), new Points(0) }.Order());

    [Fact]
    public void The_smaller_and_the_larger_of_two_amounts()
    {
        Assert.Equal(new Minutes(30), Minutes.Min(new Minutes(30), new Minutes(45)));
        Assert.Equal(new Minutes(30), Minutes.Min(new Minutes(45), new Minutes(30)));
        Assert.Equal(new Minutes(45), Minutes.Max(new Minutes(30), new Minutes(45)));
        Assert.Equal(new Minutes(45), Minutes.Max(new Minutes(45), new Minutes(30)));
        Assert.Equal(new Points(22), Points.Min(new Points(22), new Points(30)));
        Assert.Equal(new Points(22), Points.Min(new Points(30), new Points(22)));
    }

    [Theory]
    [InlineData(0, "0h00m")]
    [InlineData(5, "0h05m")]
    [InlineData(60, "1h00m")]
    [InlineData(90, "1h30m")]
    [InlineData(1501, "25h01m")]
    public void Minutes_read_as_hours_and_minutes(long minutes, string text) =>
        Assert.Equal(text, new Minutes(minutes).ToString());

    [Theory]
    [InlineData(0, "0 pts")]
    [InlineData(52, "52 pts")]
    [InlineData(-8, "-8 pts")]
    public void Points_read_as_a_number_of_points(long points, string text) =>
        Assert.Equal(text, new Points(points).ToString());
}
