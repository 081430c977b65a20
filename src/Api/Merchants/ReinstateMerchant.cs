using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using Domain = TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>Staff of the merchant's community (or a city admin) reinstate a suspended merchant: it is approved again.</summary>
public sealed record ReinstateMerchant(Guid CommandId, Actor Actor, Guid MerchantId) : ILedgerCommand;

public static class ReinstateMerchantHandler
{
    public static Task<CommandOutcome> Handle(ReinstateMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<Merchant>(command, command.MerchantId, clock, (state, now) =>
            MerchantDecider.Decide(new Domain.ReinstateMerchant(command.MerchantId, command.Actor), state, now), cancellation);
}
