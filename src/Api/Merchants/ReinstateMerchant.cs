using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
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

public static class ReinstateMerchantField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ReinstateMerchantInputType, MerchantInput, MerchantPayloadType, Merchant>(
            "reinstateMerchant", "Staff of the merchant's community (or a city admin) reinstate a suspended merchant. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `INVALID_MERCHANT_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ReinstateMerchant(i.MerchantId, actor)),
            MerchantPayloadType.LoadAsync);
}

public sealed class ReinstateMerchantInputType() : MerchantInputType("ReinstateMerchantInput", "A suspended merchant to reinstate (`INVALID_MERCHANT_STATE` otherwise).");
