using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// Staff of the merchant's community (or a city admin) approve a pending merchant: from now on it redeems points.
/// The ledger's <see cref="ApproveMerchant"/>, decided on the merchant's stream.
/// </summary>
public static class ApproveMerchantHandler
{
    public static async Task<Accepted> Handle(ApproveMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var merchant = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
        merchant.AppendMany(MerchantDecider.Decide(command, merchant.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.MerchantId);
    }
}
