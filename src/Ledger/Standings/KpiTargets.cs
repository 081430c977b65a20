using TimeBank.Ledger.Policies;

namespace TimeBank.Ledger.Standings;

/// <summary>The city plan's two targets per community (PRODUCT.md, "Community KPIs and leaderboards").</summary>
public static class KpiTargets
{
    /// <summary>The share of registered volunteers regularly active, in percent (null with nobody registered).</summary>
    public static decimal? ActiveRatioPercent(long active, long registered) =>
        registered <= 0 ? null : Math.Round(active * 100m / registered, 1, MidpointRounding.AwayFromZero);

    /// <summary>More than <see cref="LedgerPolicy.ActiveRatioTargetPercent"/> of registered volunteers are regularly active.</summary>
    public static bool ActiveRatioMet(long active, long registered, LedgerPolicy policy) =>
        registered > 0 && active * 100 > registered * policy.ActiveRatioTargetPercent;

    /// <summary>
    /// The organizations an area needs: <see cref="LedgerPolicy.SocialOrganizationTarget"/> for each of its
    /// <paramref name="communities"/>.
    /// </summary>
    public static long SocialOrganizationTarget(long communities, LedgerPolicy policy) => communities * policy.SocialOrganizationTarget;

    /// <summary>At least the target's active organizations (per community, summed over the area's communities).</summary>
    public static bool SocialOrganizationsMet(long organizations, long communities, LedgerPolicy policy) =>
        communities > 0 && organizations >= SocialOrganizationTarget(communities, policy);
}
