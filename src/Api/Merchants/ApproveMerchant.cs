using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using Domain = TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>Staff of the merchant's community (or a city admin) approve a pending merchant: from now on it redeems points.</summary>
public sealed record ApproveMerchant(Guid CommandId, Actor Actor, Guid MerchantId) : ILedgerCommand;

public static class ApproveMerchantHandler
{
    public static Task<CommandOutcome> Handle(ApproveMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<Merchant>(command, command.MerchantId, clock, (state, now) =>
            MerchantDecider.Decide(new Domain.ApproveMerchant(command.MerchantId, command.Actor), state, now), cancellation);
}
