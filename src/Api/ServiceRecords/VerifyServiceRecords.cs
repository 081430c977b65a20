using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Crediting;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using Wolverine;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// Staff verify one or many records of one activity in one command: all or none. Each verified record's credit
/// travels to the volunteer's account as a durable message.
/// </summary>
public sealed record VerifyServiceRecords(Guid CommandId, Actor Actor, IReadOnlyList<Guid> RecordIds) : ILedgerCommand;

public static class VerifyServiceRecordsHandler
{
    public static Task<CommandOutcome> Handle(
        VerifyServiceRecords command, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        session.RunOnceAsync(command, clock, async now =>
        {
            var ids = VerificationBatch.RecordsOf(command.RecordIds);

            // Every record's stream in one round trip (each keeps its own expected version), then one commit for all.
            var streams = await session.Events.FetchManyForWriting<ServiceRecord>(ids, cancellation);
            var credits = new List<CreditVerifiedService>(ids.Count);
            foreach (var stream in streams)
            {
                stream.AppendMany(VerificationBatch.Verify(stream.Id, stream.Aggregate, command.Actor, now));
                credits.Add(CreditVerifiedService.For(stream.Aggregate!));
            }

            // Only once every record passed: a refusal above sends nothing.
            foreach (var credit in credits)
            {
                await bus.PublishAsync(credit);
            }

            return CommandOutcome.Accept(command.CommandId, ids);
        }, cancellation);
}
