using Marten;
using TimeBank.Api.Commands;
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
