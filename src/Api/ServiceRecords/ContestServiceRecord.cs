using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using Domain = TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>A volunteer points out an error in their record; the community verifies and amends.</summary>
public sealed record ContestServiceRecord(Guid CommandId, Actor Actor, Guid RecordId, string Reason) : ILedgerCommand;

public static class ContestServiceRecordHandler
{
    public static Task<CommandOutcome> Handle(ContestServiceRecord command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<ServiceRecord>(command, command.RecordId, clock, (state, now) =>
            ServiceRecordDecider.Decide(new Domain.ContestServiceRecord(command.RecordId, command.Reason, command.Actor), state, now), cancellation);
}
