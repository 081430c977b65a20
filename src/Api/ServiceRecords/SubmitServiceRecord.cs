using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using Domain = TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>Staff record a volunteer's service in one of their community's projects (谁组织谁记录).</summary>
public sealed record SubmitServiceRecord(
    Guid CommandId,
    Actor Actor,
    Guid RecordId,
    Guid VolunteerId,
    Guid ProjectId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long MinutesServed,
    string Content,
    string? Place,
    Guid? RecipientId,
    int? QualityRating,
    string PersonInCharge) : ILedgerCommand;

public static class SubmitServiceRecordHandler
{
    public static Task<CommandOutcome> Handle(
        SubmitServiceRecord command, IDocumentSession session, PolicyBook policies, TimeProvider clock, CancellationToken cancellation) =>
        // One round trip reads the command's earlier outcome, what the record is checked against and the record's stream.
        session.RunOnceAsync(command, clock, batch =>
        {
            var context = RecordContexts.Read(batch, session, policies, command.ProjectId, command.VolunteerId, command.StartedAt, command.EndedAt, cancellation);
            var streamFetch = batch.Events.FetchForWriting<ServiceRecord>(command.RecordId);
            return async now =>
            {
                var stream = await streamFetch;
                stream.AppendMany(ServiceRecordDecider.Decide(
                    new Domain.SubmitServiceRecord(command.RecordId, command.VolunteerId, command.ProjectId, command.StartedAt, command.EndedAt,
                        command.MinutesServed, command.Content, command.Place, command.RecipientId, command.QualityRating, command.PersonInCharge,
                        command.Actor),
                    stream.Aggregate, now, await context()));
                return CommandOutcome.Accept(command.CommandId, command.RecordId);
            };
        }, cancellation);
}
