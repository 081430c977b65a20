using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Merchants;

/// <summary>
/// Staff of the merchant's community (or a city admin) suspend an approved merchant, with a reason: it no longer holds
/// or completes, but may still void and refund.
/// The ledger's <see cref="SuspendMerchant"/>, decided on the merchant's stream.
/// </summary>
public static class SuspendMerchantHandler
{
    public static async Task<Accepted> Handle(SuspendMerchant command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var merchant = await session.Events.FetchForWriting<Merchant>(command.MerchantId, cancellation);
        merchant.AppendMany(MerchantDecider.Decide(command, merchant.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.MerchantId);
    }
}
