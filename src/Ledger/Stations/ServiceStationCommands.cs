using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Stations;

public abstract record ServiceStationCommand(Guid StationId, Actor Actor) : IActorCommand;

/// <summary>Staff of a community (or a city admin) register a volunteer service station (志愿服务站) in it.</summary>
public sealed record RegisterServiceStation(Guid StationId, Guid CommunityId, string Name, Actor Actor) : ServiceStationCommand(StationId, Actor);

/// <summary>Staff of the station's community attest that it has a place, facilities or rules, as of a day (not after today, China time).</summary>
public sealed record AttestStationHave(Guid StationId, StationHave Have, DateOnly AttestedOn, Actor Actor) : ServiceStationCommand(StationId, Actor);

/// <summary>Staff of the station's community withdraw an attested have, with a reason (the place was lost, the rules lapsed).</summary>
public sealed record WithdrawStationHave(Guid StationId, StationHave Have, string Reason, Actor Actor) : ServiceStationCommand(StationId, Actor);
