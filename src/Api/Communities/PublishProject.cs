using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

/// <summary>The ledger's <see cref="PublishProject"/>: the community and the project's stream are read in one round trip.</summary>
public static class PublishProjectHandler
{
    public static async Task<Accepted> Handle(PublishProject command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var communityLoad = batch.Load<Community>(command.CommunityId);
        var projectFetch = batch.Events.FetchForWriting<Project>(command.ProjectId);
        await batch.Execute(cancellation);
        var project = await projectFetch;
        project.AppendOne(CommunityDecider.Decide(command, project.Aggregate, await communityLoad, clock.GetUtcNow()));
        return new Accepted(command.ProjectId);
    }
}
