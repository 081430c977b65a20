using System.Collections.Immutable;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Policies;

/// <summary>
/// The rules a city district (tenant) may set. Every member has the product's default; the domain receives
/// the policy as a value and never reads configuration itself.
/// </summary>
public sealed record LedgerPolicy
{
    public static LedgerPolicy Default { get; } = new();

    /// <summary>Cumulative verified service for 1★ to 5★ (national thresholds: 100/300/600/1000/1500 h).</summary>
    public ImmutableArray<Minutes> StarThresholds { get; init; } =
        [Minutes.FromHours(100), Minutes.FromHours(300), Minutes.FromHours(600), Minutes.FromHours(1000), Minutes.FromHours(1500)];

    /// <summary>Points per hour of service when a category has no rate of its own.</summary>
    public int DefaultPointsPerHour { get; init; } = 10;

    public ImmutableDictionary<string, int> PointsPerHourByCategory { get; init; } = ImmutableDictionary<string, int>.Empty;

    public int PointsExpiryMonths { get; init; } = 24;

    /// <summary>Time credits a volunteer may hold; earnings above go to the community pool.</summary>
    public Minutes TimeCreditCap { get; init; } = Minutes.FromHours(1500);

    public Minutes MaxRecordLength { get; init; } = Minutes.FromHours(12);

    public int PointsPerHourFor(string category) =>
        PointsPerHourByCategory.TryGetValue(category, out var rate) ? rate : DefaultPointsPerHour;

    /// <summary>minutes × points per hour × coefficient, rounded down. The coefficient is in hundredths (100 = 1.0).</summary>
    public Points PointsFor(Minutes minutes, string category, int coefficientPercent) =>
        new(checked(minutes.Value * PointsPerHourFor(category) * coefficientPercent) / (60 * 100));

    /// <summary>The star level that cumulative verified service earns: 0 (none) to 5.</summary>
    public int StarLevelFor(Minutes serviceTotal) => StarThresholds.Count(threshold => serviceTotal >= threshold);
}
