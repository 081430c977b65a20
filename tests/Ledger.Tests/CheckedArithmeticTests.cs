using System.Collections.Immutable;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Tests.Specifications;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests;

/// <summary>Amounts that do not fit are an error, never a wrap into a wrong balance.</summary>
public sealed class CheckedArithmeticTests : AccountSpecification
{
    [Fact]
    public void Adding_minutes_beyond_the_largest_amount_overflows() =>
        Assert.Throws<OverflowException>(() => new Minutes(long.MaxValue) + new Minutes(1));

    [Fact]
    public void Subtracting_minutes_below_the_smallest_amount_overflows() =>
        Assert.Throws<OverflowException>(() => new Minutes(long.MinValue) - new Minutes(1));

    [Fact]
    public void Hours_too_many_to_count_in_minutes_overflow() =>
        Assert.Throws<OverflowException>(() => Minutes.FromHours((long.MaxValue / 60) + 1));

    [Fact]
    public void Adding_points_beyond_the_largest_amount_overflows() =>
        Assert.Throws<OverflowException>(() => new Points(long.MaxValue) + new Points(1));

    [Fact]
    public void Subtracting_points_below_the_smallest_amount_overflows() =>
        Assert.Throws<OverflowException>(() => new Points(long.MinValue) - new Points(1));

    [Fact]
    public void Points_for_a_huge_rate_and_coefficient_overflow()
    {
        var policy = LedgerPolicy.Default with { PointsPerHourByCategory = ImmutableDictionary<string, int>.Empty.Add("eldercare", int.MaxValue) };

        Assert.Throws<OverflowException>(() => policy.PointsFor(new Minutes(720), "eldercare", int.MaxValue));
    }

    [Fact]
    public void Points_for_huge_minutes_overflow() =>
        Assert.Throws<OverflowException>(() => LedgerPolicy.Default.PointsFor(new Minutes(long.MaxValue / 2), "eldercare", 100));

    [Fact]
    public void The_largest_amounts_that_fit_are_computed_exactly()
    {
        // 10 points per hour at coefficient 1.0: minutes × 1000 must fit, and the result is minutes / 6.
        const long largest = long.MaxValue / 6000;

        Assert.Equal(new Points(largest), LedgerPolicy.Default.PointsFor(new Minutes(largest * 6), "eldercare", 100));
    }

    [Fact]
    public void A_credit_that_would_overflow_the_service_total_is_refused_by_an_exception()
    {
        var account = Given(Registered()).Altered(a => a with { ServiceMinutes = long.MaxValue - 10 }).State;

        Assert.Throws<OverflowException>(() => VolunteerAccountDecider.Decide(Credit(Record(1), 60), account, Policy, City.Now));
    }

    [Fact]
    public void The_cap_keeps_time_credits_from_overflowing()
    {
        var policy = Policy with { TimeCreditCap = new Minutes(long.MaxValue) };
        var account = Given(Registered()).Altered(a => a with { TimeCredits = long.MaxValue - 10 }).State;

        var credited = Assert.IsType<ServiceCredited>(VolunteerAccountDecider.Decide(Credit(Record(1), 60), account, policy, City.Now)[0]);

        Assert.Equal((10, 50), (credited.TimeCredits, credited.TimeCreditsToPool));
    }

    [Fact]
    public void Applying_a_credit_that_overflows_the_time_credits_is_an_exception()
    {
        var account = Given(Registered()).Altered(a => a with { TimeCredits = long.MaxValue - 10 }).State;

        Assert.Throws<OverflowException>(() => VolunteerAccount.Evolve(account, Credited(Record(1), 60, City.Now)));
    }
}
