using TimeBank.Ledger.Stations;

namespace TimeBank.Projections.Standings;

/// <summary>
/// What <see cref="KpiFold"/> keeps of a community (id: the community id, "N" format): where it lies, the projects with
/// verified service month by month (有服务), its social organizations and its service stations.
/// </summary>
public sealed class KpiCommunity : ICityDocument
{
    public string Id { get; set; } = "";

    public Guid CommunityId { get; set; }

    public string Name { get; set; } = "";

    public string District { get; set; } = "";

    public string Street { get; set; } = "";

    /// <summary>Month ("yyyy-MM") → project → verified records credited less those revoked that month.</summary>
    public Dictionary<string, Dictionary<Guid, int>> ProjectRecords { get; set; } = [];

    /// <summary>Organization → whether it counts (registered or reinstated, not suspended); dissolved ones are removed.</summary>
    public Dictionary<Guid, bool> Organizations { get; set; } = [];

    public Dictionary<Guid, KpiStation> Stations { get; set; } = [];
}

/// <summary>A service station: the month it was registered and its attested haves, as they changed month by month.</summary>
public sealed class KpiStation
{
    public string RegisteredIn { get; set; } = "";

    /// <summary>In the order they happened.</summary>
    public List<KpiHaveChange> Changes { get; set; } = [];
}

/// <summary>An attested have present (or not) from <see cref="Month"/> on.</summary>
public sealed record KpiHaveChange(StationHave Have, string Month, bool Present);

/// <summary>What <see cref="KpiFold"/> keeps of a volunteer (id: the volunteer id, "N" format).</summary>
public sealed class KpiVolunteer : ICityDocument
{
    public string Id { get; set; } = "";

    public Guid HomeCommunityId { get; set; }

    /// <summary>Month of credit ("yyyy-MM") → verified records credited that month and not revoked since.</summary>
    public Dictionary<string, int> ServedMonths { get; set; } = [];

    public int StarLevel { get; set; }
}

/// <summary>What <see cref="KpiFold"/> keeps of a service record (id: the record id, "N" format).</summary>
public sealed class KpiRecord : ICityDocument
{
    public string Id { get; set; } = "";

    public Guid ProjectId { get; set; }

    /// <summary>The month it was credited in, once credited.</summary>
    public string? CreditedIn { get; set; }
}
