using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>
/// How many cases each ledger property runs: 2000 by default, or <c>TIMEBANK_PROPERTY_CASES</c> (e.g. 100000 for the long run).
/// </summary>
public static class PropertyCases
{
    public const int Default = 2000;

    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("TIMEBANK_PROPERTY_CASES"), out var cases) && cases > 0 ? cases : Default;
}

/// <summary>An FsCheck property over random ledger histories, with the case count from <see cref="PropertyCases"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LedgerPropertyAttribute : PropertyAttribute
{
    public LedgerPropertyAttribute()
    {
        MaxTest = PropertyCases.Count;
        Arbitrary = [typeof(LedgerArbitraries)];
        QuietOnSuccess = true;
    }
}

/// <summary>Random histories of commands: mostly submissions and verifications, with revocations, time passing,
/// expiry, contests and amendments; redemption codes, holds, completions, voids, hold expiries, refunds and merchant
/// suspensions; repeats of earlier command ids and commands that must be refused.</summary>
public static class LedgerArbitraries
{
    private const int MaxSteps = 90;

    public static Arbitrary<History> History() => Arb.From(HistoryGen, Shrink);

    private static Gen<History> HistoryGen =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(MaxSteps, 5 + size))
            .SelectMany(length => Gen.ArrayOf(StepGen, length))
            .Select(steps => new History([.. steps])));

    private static Gen<Step> StepGen => Gen.Frequency(
        (30, Step(StepKind.Submit,
            who: Gen.Frequency((12, Gen.Choose(0, 3)), (1, Gen.Constant(4))),
            what: Gen.Frequency((12, Gen.Choose(0, 3)), (1, Gen.Constant(4))),
            when: Gen.Frequency((1, Gen.Choose(-3, 0)), (6, Gen.Choose(1, 72)), (6, Gen.Choose(73, 24 * 30))),
            size: Gen.Frequency((1, Gen.Choose(-5, 0)), (12, Gen.Choose(15, 720)), (1, Gen.Choose(721, 800))),
            extra: Gen.Frequency((1, Gen.Constant(0)), (12, Gen.Choose(50, 100)), (1, Gen.Choose(101, 110))))),
        (25, Step(StepKind.Verify, Reviewer, Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (5, Step(StepKind.Reject, Reviewer, Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (8, Step(StepKind.Revoke, Reviewer, Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (5, Step(StepKind.Contest, Gen.Choose(0, 4), Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (5, Step(StepKind.Amend, Reviewer, Gen.Choose(0, 1000), Gen.Choose(0, 200), Gen.Choose(10, 730), Gen.Choose(40, 105))),
        (6, Step(StepKind.Expire, Gen.Frequency((12, Gen.Choose(0, 3)), (1, Gen.Constant(4))), Gen.Constant(0), Gen.Constant(0),
            Gen.Frequency((1, Gen.Choose(0, 30)), (2, Gen.Choose(300, 900))), Gen.Constant(0))),
        (4, Step(StepKind.Wait, Gen.Constant(0), Gen.Constant(0), Gen.Constant(0), Gen.Choose(1, 400), Gen.Constant(0))),
        (8, Step(StepKind.Repeat, Gen.Constant(0), Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Constant(0))),
        (3, Step(StepKind.Stray, Gen.Choose(0, 4), Gen.Choose(0, 2), Gen.Constant(0), Gen.Constant(0), Gen.Constant(0))),
        (3, Step(StepKind.IssueCode, Volunteer, Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (14, Step(StepKind.Hold, Volunteer, Gen.Frequency((6, Gen.Choose(0, 1)), (1, Gen.Constant(2))), Gen.Choose(0, 5),
            Gen.Frequency((1, Gen.Choose(-3, 0)), (14, Gen.Choose(1, 100)), (1, Gen.Choose(101, 120))), Gen.Choose(0, 99))),
        (5, Step(StepKind.Complete, Gen.Constant(0), Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (3, Step(StepKind.Void, Gen.Constant(0), Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (4, Step(StepKind.ExpireHold, Gen.Constant(0), Gen.Choose(0, 1000), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (8, Step(StepKind.Refund, Gen.Constant(0), Gen.Choose(0, 1000), Gen.Constant(0),
            Gen.Frequency((1, Gen.Choose(-1, 0)), (12, Gen.Choose(1, 100)), (1, Gen.Choose(101, 110))), Gen.Choose(0, 99))),
        (2, Step(StepKind.Merchant, Gen.Choose(0, 5), Gen.Choose(0, 2), Gen.Constant(0), Gen.Constant(0), Gen.Choose(0, 99))),
        (3, Step(StepKind.Pause, Gen.Constant(0), Gen.Constant(0), Gen.Constant(0), Gen.Choose(1, 20), Gen.Constant(0))));

    /// <summary>Mostly a registered volunteer, now and then the stranger.</summary>
    private static Gen<int> Volunteer => Gen.Frequency((12, Gen.Choose(0, 3)), (1, Gen.Constant(4)));

    /// <summary>0–5 the right staff for the record; 6–9 someone the rules turn away (or Ana as staff, who may be right).</summary>
    private static Gen<int> Reviewer => Gen.Frequency((6, Gen.Choose(0, 5)), (1, Gen.Choose(6, 9)));

    private static Gen<Step> Step(StepKind kind, Gen<int> who, Gen<int> what, Gen<int> when, Gen<int> size, Gen<int> extra) =>
        from w in who
        from t in what
        from n in when
        from s in size
        from e in extra
        select new Step(kind, w, t, n, s, e);

    /// <summary>Shorter histories first (halves, then one step less), so a failure shrinks to the few steps that matter.</summary>
    private static IEnumerable<History> Shrink(History history)
    {
        var steps = history.Steps;
        if (steps.Length == 0)
        {
            yield break;
        }

        if (steps.Length > 1)
        {
            yield return new History(steps[..(steps.Length / 2)]);
            yield return new History(steps[(steps.Length / 2)..]);
        }

        for (var i = steps.Length - 1; i >= 0; i--)
        {
            yield return new History(steps.RemoveAt(i));
        }
    }
}
