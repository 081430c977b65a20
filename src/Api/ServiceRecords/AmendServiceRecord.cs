using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using Domain = TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>The community corrects a record: a new event; the original stays in the stream.</summary>
public sealed record AmendServiceRecord(
    Guid CommandId, Actor Actor, Guid RecordId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long MinutesServed, string Content, string Note)
    : ILedgerCommand;

public static class AmendServiceRecordHandler
{
    public static Task<CommandOutcome> Handle(
        AmendServiceRecord command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, batch =>
        {
            var streamFetch = batch.Events.FetchForWriting<ServiceRecord>(command.RecordId);
            return async now =>
            {
                var stream = await streamFetch;
                var context = stream.Aggregate is { } record
                    ? await RecordContexts.LoadAsync(session, policies, record.ProjectId, record.VolunteerId, command.StartedAt, command.EndedAt, cancellation)
                    : RecordContext.None;
                stream.AppendMany(ServiceRecordDecider.Decide(
                    new Domain.AmendServiceRecord(command.RecordId, command.StartedAt, command.EndedAt, command.MinutesServed, command.Content, command.Note, command.Actor),
                    stream.Aggregate, now, context));
                return CommandOutcome.Accept(command.CommandId, command.RecordId);
            };
        }, cancellation);
}
