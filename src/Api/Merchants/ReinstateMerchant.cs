using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// Staff of the merchant's community (or a city admin) reinstate a suspended merchant: it is approved again.
/// The ledger's <see cref="ReinstateMerchant"/>, decided on the merchant's stream.
/// </summary>
public static class ReinstateMerchantHandler
{
    public static async Task<Accepted> Handle(ReinstateMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var merchant = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
        merchant.AppendMany(MerchantDecider.Decide(command, merchant.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.MerchantId);
    }
}
