using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Crediting;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using Wolverine;
using Domain = TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>Staff revoke a credited record with a reason; the account is compensated by a durable message.</summary>
public sealed record RevokeServiceRecord(Guid CommandId, Actor Actor, Guid RecordId, string Reason) : ILedgerCommand;

public static class RevokeServiceRecordHandler
{
    public static Task<CommandOutcome> Handle(
        RevokeServiceRecord command, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            var stream = await session.Events.FetchForWriting<ServiceRecord>(command.RecordId, cancellation);
            var events = ServiceRecordDecider.Decide(new Domain.RevokeServiceRecord(command.RecordId, command.Reason, command.Actor), stream.Aggregate, now);
            stream.AppendMany(events);
            foreach (var revoked in events.OfType<ServiceRecordRevoked>())
            {
                await bus.PublishAsync(new CompensateRevokedService(revoked.VolunteerId, revoked.RecordId, revoked.Reason, revoked.RevokedBy));
            }

            return CommandOutcome.Accept(command.CommandId, command.RecordId);
        }, cancellation);
}
