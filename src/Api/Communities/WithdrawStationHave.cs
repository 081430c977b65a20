using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Stations;

namespace TimeBank.Api.Communities;

/// <summary>
/// Staff of the station's community withdraw an attested have, with a reason. The ledger's <see cref="WithdrawStationHave"/>, decided on the station's stream; staff of another
/// community are answered as for a missing station and change nothing.
/// </summary>
public static class WithdrawStationHaveHandler
{
    public static async Task<Accepted> Handle(WithdrawStationHave command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var station = await session.Events.FetchForWriting<ServiceStation>(command.StationId, cancellation);
        station.AppendMany(ServiceStationDecider.Decide(command, station.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.StationId);
    }
}

public static class WithdrawStationHaveField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<WithdrawStationHaveInputType, WithdrawStationHaveInput, ServiceStationPayloadType, ServiceStation>(
            "withdrawStationHave", "Staff of the station's community (or a city admin) withdraw an attested have, with a reason (the place was lost, "
                + "the rules lapsed). Refusals: `NOT_FOUND` (also for a station of another community), `STATION_HAVE_NOT_ATTESTABLE`, "
                + "`STATION_HAVE_NOT_ATTESTED`, `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new WithdrawStationHave(i.StationId, i.Have, i.Reason, actor)),
            ServiceStationPayloadType.LoadAsync);
}

public sealed class WithdrawStationHaveInput
{
    public Guid CommandId { get; init; }
    public Guid StationId { get; init; }
    public StationHave Have { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class WithdrawStationHaveInputType : InputObjectGraphType<WithdrawStationHaveInput>
{
    public WithdrawStationHaveInputType()
    {
        Name = "WithdrawStationHaveInput";
        Description = "An attested have of a station to withdraw, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("stationId").Description("The station's UUID; `NOT_FOUND` if the caller does not act in its community.");
        Field<NonNullGraphType<StationHaveType>>("have").Description("The attested have: PLACE, FACILITIES or RULES (`STATION_HAVE_NOT_ATTESTED` if it is not attested).");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}
