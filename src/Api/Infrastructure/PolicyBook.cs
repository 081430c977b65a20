using System.Collections.Concurrent;
using System.Collections.Immutable;
using Marten;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Infrastructure;

/// <summary>A district's overrides of the product's default policy (configuration section <c>Policies:Districts:NAME</c>).</summary>
public sealed class DistrictPolicyOptions
{
    public int[]? StarThresholdHours { get; set; }
    public int? DefaultPointsPerHour { get; set; }
    public Dictionary<string, int> PointsPerHourByCategory { get; set; } = [];
    public int? PointsExpiryMonths { get; set; }
    public int? TimeCreditCapHours { get; set; }

    /// <summary>Time credits a member may give to relatives in a calendar year, in hours (default 100; ADR 0045).</summary>
    public int? YearlyGiftCapHours { get; set; }

    /// <summary>How long a redemption code may be used, in seconds (default 120).</summary>
    public int? RedemptionCodeLifetimeSeconds { get; set; }

    /// <summary>How many redemption codes a volunteer may have live at once (default 5).</summary>
    public int? MaxLiveRedemptionCodes { get; set; }

    /// <summary>How long held points wait for the till, in seconds (default 900).</summary>
    public int? HoldLifetimeSeconds { get; set; }

    /// <summary>How long after its service should have ended a resident's need waits before it expires, in seconds (default 7 days).</summary>
    public int? NeedExpiryGraceSeconds { get; set; }

    /// <summary>Set: a certificate request is issued at once, signed by these (person in charge, handling officer, contact).</summary>
    public AutoIssueOptions? AutoIssueCertificates { get; set; }
}

public sealed class AutoIssueOptions
{
    public string PersonInCharge { get; set; } = "";
    public string HandlingOfficer { get; set; } = "";
    public string Contact { get; set; } = "";
}

public sealed class PolicyOptions
{
    public Dictionary<string, DistrictPolicyOptions> Districts { get; set; } = [];
}

/// <summary>The ledger policy of each city district (tenant): the product's defaults unless configured otherwise.</summary>
public sealed class PolicyBook(PolicyOptions options)
{
    /// <summary>More communities than a city has; past it, districts are simply loaded again.</summary>
    private const int MaxRememberedCommunities = 100_000;

    // A community's district is given when it is registered and never changes (CommunityRegistered is the only event
    // that carries it), so once read it is known for good: the credit and submission paths skip that round trip.
    private readonly ConcurrentDictionary<Guid, string> _districts = new();
    private readonly ConcurrentDictionary<string, LedgerPolicy> _policies = new(StringComparer.Ordinal);

    /// <summary>The policy of the district the community belongs to (the default for an unknown community).</summary>
    public async Task<LedgerPolicy> ForCommunityAsync(IQuerySession session, Guid? communityId, CancellationToken cancellation)
    {
        if (communityId is not { } id)
        {
            return LedgerPolicy.Default;
        }

        if (!_districts.TryGetValue(id, out var district))
        {
            if (await session.LoadAsync<Community>(id, cancellation) is not { } community)
            {
                return LedgerPolicy.Default;
            }

            district = community.District;
            if (_districts.Count < MaxRememberedCommunities)
            {
                _districts.TryAdd(id, district);
            }
        }

        return For(district);
    }

    public LedgerPolicy For(string district) => _policies.GetOrAdd(district, Build);

    /// <summary>Whether the district has a policy of its own in configuration (otherwise the product's defaults apply).</summary>
    public bool HasOwnPolicy(string district) => options.Districts.ContainsKey(district);

    private LedgerPolicy Build(string district)
    {
        if (!options.Districts.TryGetValue(district, out var o))
        {
            return LedgerPolicy.Default;
        }

        var policy = LedgerPolicy.Default;
        return policy with
        {
            StarThresholds = o.StarThresholdHours is { Length: 5 } hours ? [.. hours.Select(h => Minutes.FromHours(h))] : policy.StarThresholds,
            DefaultPointsPerHour = o.DefaultPointsPerHour ?? policy.DefaultPointsPerHour,
            PointsPerHourByCategory = o.PointsPerHourByCategory.Count > 0 ? o.PointsPerHourByCategory.ToImmutableDictionary() : policy.PointsPerHourByCategory,
            PointsExpiryMonths = o.PointsExpiryMonths ?? policy.PointsExpiryMonths,
            TimeCreditCap = o.TimeCreditCapHours is { } cap ? Minutes.FromHours(cap) : policy.TimeCreditCap,
            YearlyGiftCap = o.YearlyGiftCapHours is { } giftCap ? Minutes.FromHours(giftCap) : policy.YearlyGiftCap,
            RedemptionCodeLifetime = o.RedemptionCodeLifetimeSeconds is > 0 and var code ? TimeSpan.FromSeconds(code) : policy.RedemptionCodeLifetime,
            MaxLiveRedemptionCodes = o.MaxLiveRedemptionCodes is > 0 and var live ? live : policy.MaxLiveRedemptionCodes,
            HoldLifetime = o.HoldLifetimeSeconds is > 0 and var hold ? TimeSpan.FromSeconds(hold) : policy.HoldLifetime,
            NeedExpiryGrace = o.NeedExpiryGraceSeconds is >= 0 and var grace ? TimeSpan.FromSeconds(grace) : policy.NeedExpiryGrace,
            AutoIssueCertificates = o.AutoIssueCertificates is { } auto
                ? new Ledger.Certificates.CertificateSignatories(auto.PersonInCharge, auto.HandlingOfficer, auto.Contact)
                : policy.AutoIssueCertificates,
        };
    }
}
