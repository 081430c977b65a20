using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using Domain = TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

public sealed record PublishProject(
    Guid CommandId, Actor Actor, Guid ProjectId, Guid CommunityId, string Name, string Category, int PointsCoefficientPercent,
    bool EarnsTimeCredits, string Place) : ILedgerCommand;

public static class PublishProjectHandler
{
    public static Task<CommandOutcome> Handle(PublishProject command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, batch =>
        {
            var communityLoad = batch.Load<Community>(command.CommunityId);
            var streamFetch = batch.Events.FetchForWriting<Project>(command.ProjectId);
            return async now =>
            {
                var stream = await streamFetch;
                stream.AppendOne(CommunityDecider.Decide(
                    new Domain.PublishProject(command.ProjectId, command.CommunityId, command.Name, command.Category,
                        command.PointsCoefficientPercent, command.EarnsTimeCredits, command.Place, command.Actor),
                    stream.Aggregate, await communityLoad, now));
                return CommandOutcome.Accept(command.CommandId, command.ProjectId);
            };
        }, cancellation);
}
