using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Policies;

/// <summary>The star a volunteer works towards: its level, the verified service it takes, and how much is left to serve.</summary>
public sealed record NextStar(int Level, Minutes Threshold, Minutes ToGo)
{
    /// <summary>
    /// The next star that <paramref name="serviceTotal"/> of cumulative verified service leads to under
    /// <paramref name="policy"/>; null at the top level (5★).
    /// </summary>
    public static NextStar? After(Minutes serviceTotal, LedgerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var level = policy.StarLevelFor(serviceTotal);
        if (level >= policy.StarThresholds.Length)
        {
            return null;
        }

        var threshold = policy.StarThresholds[level];
        return new NextStar(level + 1, threshold, threshold - serviceTotal);
    }
}
