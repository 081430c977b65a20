using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Stations;

namespace TimeBank.Api.Communities;

/// <summary>
/// Staff of a community (or a city admin) register a volunteer service station (志愿服务站) in it. The ledger's
/// <see cref="RegisterServiceStation"/>: the community and the station's stream are read in one round trip.
/// </summary>
public static class RegisterServiceStationHandler
{
    public static async Task<Accepted> Handle(RegisterServiceStation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var communityLoad = batch.Load<Community>(command.CommunityId);
        var stationFetch = batch.Events.FetchForWriting<ServiceStation>(command.StationId);
        await batch.Execute(cancellation);
        var station = await stationFetch;
        station.AppendOne(ServiceStationDecider.Register(command, station.Aggregate, await communityLoad, clock.GetUtcNow()));
        return new Accepted(command.StationId);
    }
}

public static class RegisterServiceStationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RegisterServiceStationInputType, RegisterServiceStationInput, ServiceStationPayloadType, ServiceStation>(
            "registerServiceStation", "Staff of a community (or a city admin) register a volunteer service station (志愿服务站) in it. "
                + "Refusals: `NOT_STAFF_OF_COMMUNITY`, `NOT_FOUND` (no such community), `ALREADY_EXISTS`, `INVALID_INPUT` (a blank name), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterServiceStation(i.StationId ?? i.CommandId, i.CommunityId, i.Name, actor)),
            ServiceStationPayloadType.LoadAsync);
}

public sealed class RegisterServiceStationInput
{
    public Guid CommandId { get; init; }
    public Guid? StationId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
}

public sealed class RegisterServiceStationInputType : InputObjectGraphType<RegisterServiceStationInput>
{
    public RegisterServiceStationInputType()
    {
        Name = "RegisterServiceStationInput";
        Description = "A volunteer service station to register in a community.";
        this.CommandIdField();
        Field<UuidIdGraphType>("stationId").Description("The new station's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community (UUID or global id); the caller must be its staff or a city admin.");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The station's name; required (`INVALID_INPUT`), at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
    }
}
