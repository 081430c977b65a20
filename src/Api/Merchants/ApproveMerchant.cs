using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
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

public static class ApproveMerchantField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ApproveMerchantInputType, MerchantInput, MerchantPayloadType, Merchant>(
            "approveMerchant", "Staff of the merchant's community (or a city admin) approve a pending merchant. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `INVALID_MERCHANT_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ApproveMerchant(i.MerchantId, actor)),
            MerchantPayloadType.LoadAsync);
}

public sealed class ApproveMerchantInputType() : MerchantInputType("ApproveMerchantInput", "A pending merchant to approve (`INVALID_MERCHANT_STATE` otherwise).");
