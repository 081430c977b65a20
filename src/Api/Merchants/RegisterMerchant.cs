using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// Staff of a community (or a city admin) take a merchant on; it redeems nothing until approved.
/// The ledger's <see cref="RegisterMerchant"/>, decided on the merchant's stream.
/// </summary>
public static class RegisterMerchantHandler
{
    public static async Task<Accepted> Handle(RegisterMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var merchant = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
        merchant.AppendMany(MerchantDecider.Decide(command, merchant.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.MerchantId);
    }
}
