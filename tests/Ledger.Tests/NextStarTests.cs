using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests;

/// <summary>The star a volunteer works towards, and how much service it still takes.</summary>
public sealed class NextStarTests
{
    [Theory]
    [InlineData(0, 1, 6000)]
    [InlineData(5999, 1, 1)]
    [InlineData(6000, 2, 12000)]
    [InlineData(60 * 1499, 5, 60)]
    public void The_next_star_is_the_first_threshold_not_reached(long served, int level, long toGo)
    {
        var next = NextStar.After(new Minutes(served), LedgerPolicy.Default);

        Assert.Equal(new NextStar(level, LedgerPolicy.Default.StarThresholds[level - 1], new Minutes(toGo)), next);
    }

    [Fact]
    public void Five_stars_have_no_next_star() =>
        Assert.Null(NextStar.After(Minutes.FromHours(1500), LedgerPolicy.Default));

    /// <summary>
    /// For any service total and any district's thresholds: the next star is one above the level held, serving exactly
    /// what is left reaches it, a minute less does not.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property Serving_what_is_left_reaches_the_next_star_and_a_minute_less_does_not() =>
        Prop.ForAll(
            Gen.Choose(1, 3000).ArrayOf(5).Select(steps => steps.Aggregate(new List<long>(), (acc, step) => { acc.Add((acc.Count == 0 ? 0 : acc[^1]) + step); return acc; })).ToArbitrary(),
            Gen.Choose(0, 20000).ToArbitrary(),
            (thresholds, served) =>
            {
                var policy = LedgerPolicy.Default with { StarThresholds = [.. thresholds.Select(t => new Minutes(t))] };
                var total = new Minutes(served);
                var next = NextStar.After(total, policy);
                var held = policy.StarLevelFor(total);
                return next is null
                    ? held == 5
                    : next.Level == held + 1
                        && next.ToGo > Minutes.Zero
                        && policy.StarLevelFor(total + next.ToGo) == next.Level
                        && policy.StarLevelFor(total + next.ToGo - new Minutes(1)) == held;
            });
}
