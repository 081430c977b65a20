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
        session.RunOnceAsync(command, clock, async now =>
        {
            var stream = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
            stream.AppendMany(MerchantDecider.Decide(new Domain.ReinstateMerchant(command.MerchantId, command.Actor), stream.Aggregate, now));
            return CommandOutcome.Accept(command.CommandId, command.MerchantId);
        }, cancellation);
}
