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
        session.RunOnceAsync(command, clock, async now =>
        {
            var stream = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
            stream.AppendMany(MerchantDecider.Decide(
                new Domain.RegisterMerchant(command.MerchantId, command.CommunityId, command.Name, command.Actor), stream.Aggregate, now));
            return CommandOutcome.Accept(command.CommandId, command.MerchantId);
        }, cancellation);
}
