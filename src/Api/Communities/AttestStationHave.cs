using Marten;
using TimeBank.Api.Commands;
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
