using System.Collections.Immutable;

namespace TimeBank.Ledger.Stations;

/// <summary>An attested have of a station: as of which day, by whom, when it was recorded.</summary>
public sealed record AttestedHave(StationHave Have, DateOnly AttestedOn, Guid AttestedBy, DateTimeOffset AttestedAt);

/// <summary>
/// A volunteer service station (志愿服务站) as it stands after its events: its community, its name, and the haves staff
/// attest (<see cref="ServiceStationRules.Attestable"/>: place, facilities, rules), each with the day it was attested
/// as of, until withdrawn. Team, service and records are computed from the ledger by the KPIs, not held here.
/// </summary>
public sealed record ServiceStation(
    Guid Id, Guid CommunityId, string Name, DateTimeOffset RegisteredAt, ImmutableList<AttestedHave> Attested)
{
    /// <summary>The attestation of <paramref name="have"/>, if it stands.</summary>
    public AttestedHave? AttestationOf(StationHave have) => Attested.FirstOrDefault(a => a.Have == have);

    public static ServiceStation FromRegistration(ServiceStationRegistered registered) =>
        new(registered.StationId, registered.CommunityId, registered.Name, registered.RegisteredAt, []);

    public static ServiceStation? Evolve(ServiceStation? state, ServiceStationEvent @event) => (state, @event) switch
    {
        (null, ServiceStationRegistered registered) => FromRegistration(registered),
        (null, _) => null,
        (_, ServiceStationRegistered) => state,
        (_, StationHaveAttested attested) => state with
        {
            Attested = [.. state.Attested.Where(a => a.Have != attested.Have)
                .Append(new AttestedHave(attested.Have, attested.AttestedOn, attested.AttestedBy, attested.AttestedAt))
                .OrderBy(a => a.Have)],
        },
        (_, StationHaveWithdrawn withdrawn) => state with { Attested = state.Attested.RemoveAll(a => a.Have == withdrawn.Have) },
        _ => throw new UnknownEventException($"{nameof(ServiceStation)}.{nameof(Evolve)}", @event),
    };
}
