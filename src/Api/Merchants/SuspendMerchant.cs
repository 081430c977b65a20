using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using Domain = TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// Staff of the merchant's community (or a city admin) suspend an approved merchant, with a reason: it no longer holds
/// or completes, but may still void and refund.
/// </summary>
public sealed record SuspendMerchant(Guid CommandId, Actor Actor, Guid MerchantId, string Reason) : ILedgerCommand;

public static class SuspendMerchantHandler
{
    public static Task<CommandOutcome> Handle(SuspendMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<Merchant>(command, command.MerchantId, clock, (state, now) =>
            MerchantDecider.Decide(new Domain.SuspendMerchant(command.MerchantId, command.Reason, command.Actor), state, now), cancellation);
}
