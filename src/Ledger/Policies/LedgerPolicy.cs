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

    /// <summary>Digits of a one-time redemption code: short enough to type at a till.</summary>
    public int RedemptionCodeDigits { get; init; } = 8;

    /// <summary>How long a redemption code may be used after it is shown.</summary>
    public TimeSpan RedemptionCodeLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How many codes a volunteer may have live at once; asking for one more is refused (ADR 0010).</summary>
    public int MaxLiveRedemptionCodes { get; init; } = 5;

    /// <summary>How long held points wait for the till to complete or void before they are released.</summary>
    public TimeSpan HoldLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Who signs the certificates the district's communities issue by themselves as soon as a volunteer requests one
    /// (the request still has to have verified service to certify); none: staff issue each request.
    /// </summary>
    public Certificates.CertificateSignatories? AutoIssueCertificates { get; init; }

    /// <summary>How long after completion a redemption may be refunded.</summary>
    public TimeSpan RefundWindow { get; init; } = TimeSpan.FromDays(30);

    public int PointsPerHourFor(string category) =>
        PointsPerHourByCategory.TryGetValue(category, out var rate) ? rate : DefaultPointsPerHour;

    /// <summary>minutes × points per hour × coefficient, rounded down. The coefficient is in hundredths (100 = 1.0).</summary>
    public Points PointsFor(Minutes minutes, string category, int coefficientPercent) =>
        new(checked(minutes.Value * PointsPerHourFor(category) * coefficientPercent) / (60 * 100));

    /// <summary>The star level that cumulative verified service earns: 0 (none) to 5.</summary>
    public int StarLevelFor(Minutes serviceTotal) => StarThresholds.Count(threshold => serviceTotal >= threshold);
}
