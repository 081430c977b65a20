namespace TimeBank.Ledger.Stations;

/// <summary>Events of a volunteer service station's stream (志愿服务站).</summary>
public abstract record ServiceStationEvent(Guid StationId);

/// <summary>
/// The six haves (六有). <see cref="Team"/>, <see cref="Service"/> and <see cref="Records"/> are computed from the ledger
/// (thresholds in the policy); <see cref="Place"/>, <see cref="Facilities"/> and <see cref="Rules"/> are attested by staff.
/// </summary>
public enum StationHave
{
    /// <summary>有队伍: enough registered volunteers in the community.</summary>
    Team,

    /// <summary>有场地: attested.</summary>
    Place,

    /// <summary>有设施: attested.</summary>
    Facilities,

    /// <summary>有制度: attested.</summary>
    Rules,

    /// <summary>有服务: projects run in the last quarter.</summary>
    Service,

    /// <summary>有记录: records verified in the last quarter.</summary>
    Records,
}

[StoredAs("service_station_registered.v1")]
public sealed record ServiceStationRegistered(Guid StationId, Guid CommunityId, string Name, Guid RegisteredBy, DateTimeOffset RegisteredAt)
    : ServiceStationEvent(StationId);

/// <summary>Staff attest one of the haves they can see (place, facilities, rules) as of a day.</summary>
[StoredAs("station_have_attested.v1")]
public sealed record StationHaveAttested(
    Guid StationId, Guid CommunityId, StationHave Have, DateOnly AttestedOn, Guid AttestedBy, DateTimeOffset AttestedAt)
    : ServiceStationEvent(StationId);

/// <summary>An attested have is no longer there (the place was lost, the rules lapsed).</summary>
[StoredAs("station_have_withdrawn.v1")]
public sealed record StationHaveWithdrawn(
    Guid StationId, Guid CommunityId, StationHave Have, string Reason, Guid WithdrawnBy, DateTimeOffset WithdrawnAt)
    : ServiceStationEvent(StationId);
