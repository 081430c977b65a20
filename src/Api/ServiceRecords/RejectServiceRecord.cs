using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using Domain = TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

public sealed record RejectServiceRecord(Guid CommandId, Actor Actor, Guid RecordId, string Reason) : ILedgerCommand;

public static class RejectServiceRecordHandler
{
    public static Task<CommandOutcome> Handle(RejectServiceRecord command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<ServiceRecord>(command, command.RecordId, clock, (state, now) =>
            ServiceRecordDecider.Decide(new Domain.RejectServiceRecord(command.RecordId, command.Reason, command.Actor), state, now), cancellation);
}
