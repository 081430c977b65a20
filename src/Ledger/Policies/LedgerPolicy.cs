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

    /// <summary>
    /// Time credits a member may give to their direct relatives in one calendar year (China time), all gifts together;
    /// a gift past it is refused (ADR 0045). Donations to a community pool are not counted.
    /// </summary>
    public Minutes YearlyGiftCap { get; init; } = Minutes.FromHours(100);

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

    /// <summary>
    /// How long after its service should have ended a resident's need waits (to be accepted, confirmed or disputed)
    /// before it expires and its escrow goes back to the resident.
    /// </summary>
    public TimeSpan NeedExpiryGrace { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long after completion a redemption may be refunded.</summary>
    public TimeSpan RefundWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A volunteer is regularly active with verified service in at least this many of the last <see cref="ActiveWindowMonths"/> calendar months.</summary>
    public int ActiveMonthsRequired { get; init; } = 2;

    /// <summary>The calendar months (the current one included) that <see cref="ActiveMonthsRequired"/> looks at.</summary>
    public int ActiveWindowMonths { get; init; } = 3;

    /// <summary>The city plan's target: more than this share (in percent) of registered volunteers regularly active.</summary>
    public int ActiveRatioTargetPercent { get; init; } = 50;

    /// <summary>The city plan's target: at least this many active social organizations per community.</summary>
    public int SocialOrganizationTarget { get; init; } = 12;

    /// <summary>有队伍: a station's community has at least this many registered volunteers.</summary>
    public int StationTeamMinVolunteers { get; init; } = 30;

    /// <summary>有服务: at least this many projects of the community had verified service in the last quarter (three months, the current one included).</summary>
    public int StationServiceMinProjects { get; init; } = 1;

    /// <summary>有记录: at least this many records of the community were verified in the last quarter.</summary>
    public int StationRecordsMinVerified { get; init; } = 10;

    public int PointsPerHourFor(string category) =>
        PointsPerHourByCategory.TryGetValue(category, out var rate) ? rate : DefaultPointsPerHour;

    /// <summary>minutes × points per hour × coefficient, rounded down. The coefficient is in hundredths (100 = 1.0).</summary>
    public Points PointsFor(Minutes minutes, string category, int coefficientPercent) =>
        new(checked(minutes.Value * PointsPerHourFor(category) * coefficientPercent) / (60 * 100));

    /// <summary>The star level that cumulative verified service earns: 0 (none) to 5.</summary>
    public int StarLevelFor(Minutes serviceTotal) => StarThresholds.Count(threshold => serviceTotal >= threshold);
}
