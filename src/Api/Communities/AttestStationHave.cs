using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Stations;

namespace TimeBank.Api.Communities;

/// <summary>
/// Staff of the station's community attest its place, facilities or rules as of a day. The ledger's <see cref="AttestStationHave"/>, decided on the station's stream; staff of another
/// community are answered as for a missing station and change nothing.
/// </summary>
public static class AttestStationHaveHandler
{
    public static async Task<Accepted> Handle(AttestStationHave command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var station = await session.Events.FetchForWriting<ServiceStation>(command.StationId, cancellation);
        station.AppendMany(ServiceStationDecider.Decide(command, station.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.StationId);
    }
}

public static class AttestStationHaveField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AttestStationHaveInputType, AttestStationHaveInput, ServiceStationPayloadType, ServiceStation>(
            "attestStationHave", "Staff of the station's community (or a city admin) attest that it has a place, facilities or rules (有场地、有设施、有制度), "
                + "as of a day; attesting again moves the day. Refusals: `NOT_FOUND` (also for a station of another community: nothing changes), "
                + "`STATION_HAVE_NOT_ATTESTABLE` (team, service and records are computed from the ledger), `INVALID_INPUT` (a day after today in China time).",
            (actor, i) => Idempotent.Of(i.CommandId, new AttestStationHave(i.StationId, i.Have, i.AttestedOn, actor)),
            ServiceStationPayloadType.LoadAsync);
}

public sealed class AttestStationHaveInput
{
    public Guid CommandId { get; init; }
    public Guid StationId { get; init; }
    public StationHave Have { get; init; }
    public DateOnly AttestedOn { get; init; }
}

public sealed class AttestStationHaveInputType : InputObjectGraphType<AttestStationHaveInput>
{
    public AttestStationHaveInputType()
    {
        Name = "AttestStationHaveInput";
        Description = "A have of a station to attest, as of a day.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("stationId").Description("The station's UUID; `NOT_FOUND` if the caller does not act in its community.");
        Field<NonNullGraphType<StationHaveType>>("have").Description("PLACE, FACILITIES or RULES; the others are computed (`STATION_HAVE_NOT_ATTESTABLE`).");
        Field<NonNullGraphType<DateOnlyGraphType>>("attestedOn").Description("The day it is attested as of, as YYYY-MM-DD; not after today in China time (`INVALID_INPUT`).");
    }
}
