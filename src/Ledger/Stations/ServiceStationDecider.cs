using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Stations;

/// <summary>What staff may attest of a station's six haves (六有).</summary>
public static class ServiceStationRules
{
    /// <summary>Place, facilities and rules (有场地、有设施、有制度): what staff see and attest. The other three are computed from the ledger.</summary>
    public static IReadOnlySet<StationHave> Attestable { get; } = new HashSet<StationHave> { StationHave.Place, StationHave.Facilities, StationHave.Rules };
}

/// <summary>
/// Staff of a community (or a city admin) register its volunteer service stations (志愿服务站), attest a station's place,
/// facilities and rules as of a day (not after today, China time; attesting again moves the day), and withdraw an
/// attested have with a reason. Team, service and records cannot be attested
/// (<see cref="RefusalCodes.StationHaveNotAttestable"/>). Whoever may not act in the station's community is answered as
/// for a missing station, as for merchants and records: nothing of another community's station is learnt or changed.
/// </summary>
public static class ServiceStationDecider
{
    /// <summary>Registers the station; <paramref name="community"/> is the community named, as the host found it (null: none).</summary>
    public static ServiceStationRegistered Register(RegisterServiceStation command, ServiceStation? state, Community? community, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Permission first: only those who may register here learn whether an id is taken.
        if (!command.Actor.MayActIn(command.CommunityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community (or a city admin) register its service stations.");
        }

        if (community is null || community.Id != command.CommunityId)
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {command.CommunityId} was not found.");
        }

        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Service station {command.StationId} already exists.");
        }

        var name = TextLimits.Required(command.Name, "name", TextLimits.Name, RefusalCodes.InvalidInput, "A service station has a name.");
        return new ServiceStationRegistered(command.StationId, command.CommunityId, name, command.Actor.PersonId, now);
    }

    public static ServiceStationEvent[] Decide(ServiceStationCommand command, ServiceStation? state, DateTimeOffset now) =>
        (command, state) switch
        {
            (RegisterServiceStation, _) => throw new InvalidOperationException(
                $"{nameof(RegisterServiceStation)} is decided by its own rule ({nameof(Register)}): it reads the community."),
            (_, null) => throw NotFound(command.StationId),
            (_, _) when !command.Actor.MayActIn(state.CommunityId) => throw NotFound(command.StationId),
            (AttestStationHave attest, _) => [Attest(attest, state, now)],
            (WithdrawStationHave withdraw, _) => [Withdraw(withdraw, state, now)],
            _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name}."),
        };

    private static StationHaveAttested Attest(AttestStationHave command, ServiceStation station, DateTimeOffset now)
    {
        RequireAttestable(command.Have);
        var today = ChinaTime.DayOf(now);
        if (command.AttestedOn > today)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput,
                $"The attestation is as of {command.AttestedOn:yyyy-MM-dd}, after today ({today:yyyy-MM-dd}, China time): only what is there already is attested.");
        }

        return new StationHaveAttested(station.Id, station.CommunityId, command.Have, command.AttestedOn, command.Actor.PersonId, now);
    }

    private static StationHaveWithdrawn Withdraw(WithdrawStationHave command, ServiceStation station, DateTimeOffset now)
    {
        RequireAttestable(command.Have);
        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required to withdraw an attested have.");
        if (station.AttestationOf(command.Have) is null)
        {
            throw new LedgerRefusal(RefusalCodes.StationHaveNotAttested, $"The station's {Word(command.Have)} is not attested: there is nothing to withdraw.");
        }

        return new StationHaveWithdrawn(station.Id, station.CommunityId, command.Have, reason, command.Actor.PersonId, now);
    }

    private static void RequireAttestable(StationHave have)
    {
        if (!ServiceStationRules.Attestable.Contains(have))
        {
            throw new LedgerRefusal(RefusalCodes.StationHaveNotAttestable, Enum.IsDefined(have)
                ? $"A station's {Word(have)} is computed from the ledger, not attested: staff attest its place, facilities and rules."
                : $"{have} is not one of a station's haves.");
        }
    }

    private static string Word(StationHave have) => have.ToString().ToLowerInvariant();

    /// <summary>The answer for a missing station, and for one of a community the caller does not act in.</summary>
    private static LedgerRefusal NotFound(Guid stationId) => new(RefusalCodes.NotFound, $"Service station {stationId} was not found.");
}
