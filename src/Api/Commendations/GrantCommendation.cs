using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

/// <summary>
/// Staff of a community (or a city admin, also in the city's name) commend a volunteer (嘉许). The ledger's
/// <see cref="GrantCommendation"/>: one round trip reads the volunteer's account and the commendation's stream.
/// </summary>
public static class GrantCommendationHandler
{
    public static async Task<Accepted> Handle(GrantCommendation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var volunteerLoad = batch.Load<VolunteerAccount>(command.VolunteerId);
        var commendationFetch = batch.Events.FetchForWriting<Commendation>(command.CommendationId);
        await batch.Execute(cancellation);
        var commendation = await commendationFetch;
        commendation.AppendOne(CommendationDecider.Grant(command, commendation.Aggregate, await volunteerLoad, clock.GetUtcNow()));
        return new Accepted(command.CommendationId);
    }
}
