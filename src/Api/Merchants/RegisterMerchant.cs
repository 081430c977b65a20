using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using Domain = TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>Staff of a community (or a city admin) take a merchant on; it redeems nothing until approved.</summary>
public sealed record RegisterMerchant(Guid CommandId, Actor Actor, Guid MerchantId, Guid CommunityId, string Name) : ILedgerCommand;

public static class RegisterMerchantHandler
{
    public static Task<CommandOutcome> Handle(RegisterMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        session.DecideOnStreamAsync<Merchant>(command, command.MerchantId, clock, (state, now) =>
            MerchantDecider.Decide(
            new Domain.RegisterMerchant(command.MerchantId, command.CommunityId, command.Name, command.Actor), state, now), cancellation);
}
