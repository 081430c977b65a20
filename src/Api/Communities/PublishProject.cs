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
        session.RunOnceAsync(command, clock, async now =>
        {
            var community = await session.LoadAsync<Community>(command.CommunityId, cancellation);
            var stream = await session.Events.FetchForWriting<Project>(command.ProjectId, cancellation);
            stream.AppendOne(CommunityDecider.Decide(
                new Domain.PublishProject(command.ProjectId, command.CommunityId, command.Name, command.Category,
                    command.PointsCoefficientPercent, command.EarnsTimeCredits, command.Place, command.Actor),
                stream.Aggregate, community, now));
            return CommandOutcome.Accept(command.CommandId, command.ProjectId);
        }, cancellation);
}
