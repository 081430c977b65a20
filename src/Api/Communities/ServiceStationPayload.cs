using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Stations;

namespace TimeBank.Api.Communities;

public sealed class ServiceStationPayloadType()
    : PayloadGraphType<ServiceStationType, ServiceStation>("ServiceStationPayload", "station",
        "The station as it stands now, if the caller may read it.", "What the service station mutations answer.")
{
    /// <summary>The station the command touched, if the caller may read it.</summary>
    public static async Task<ServiceStation?> LoadAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await MutationFields.LoadStreamAsync<ServiceStation>(session, outcome, cancellation) is { } station && ReadAccess.CanListCommunityBodies(actor, station.CommunityId)
            ? station
            : null;
}
