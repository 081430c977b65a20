using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
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

public static class SuspendMerchantField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SuspendMerchantInputType, SuspendMerchantInput, MerchantPayloadType, Merchant>(
            "suspendMerchant", "Staff of the merchant's community (or a city admin) suspend an approved merchant, with a reason: "
                + "it no longer holds or completes redemptions, but may still void and refund. "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `INVALID_MERCHANT_STATE`.",
            (actor, i) => Idempotent.Of(i.CommandId, new SuspendMerchant(i.MerchantId, i.Reason, actor)),
            MerchantPayloadType.LoadAsync);
}

public sealed class SuspendMerchantInput
{
    public Guid CommandId { get; init; }
    public Guid MerchantId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class SuspendMerchantInputType : InputObjectGraphType<SuspendMerchantInput>
{
    public SuspendMerchantInputType()
    {
        Name = "SuspendMerchantInput";
        Description = "An approved merchant to suspend, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Description("The merchant's UUID or global id; `NOT_FOUND` if the caller may not see it.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why it is suspended; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}
