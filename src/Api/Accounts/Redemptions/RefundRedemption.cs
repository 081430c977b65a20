using GraphQL.Types;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

public static class RefundRedemptionField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.OnHold<RefundRedemptionInputType, RefundRedemptionInput, RefundPoints>(
            "refundRedemption", "The cashier of the hold's merchant gives back part or all of a completed redemption within the refund window (30 days). Refusals: `NOT_FOUND`, `INVALID_AMOUNT`, `HOLD_NOT_COMPLETED`, `REFUND_EXCEEDS_COMPLETED`, `REFUND_WINDOW_CLOSED`, `IDEMPOTENCY_KEY_REUSED`.",
            (actor, i) => TillRequests.Refund(actor, i.HoldId, i.Amount, i.TillRequestId));
}

public sealed class RefundRedemptionInput
{
    public Guid HoldId { get; init; }
    public long Amount { get; init; }
    public Guid TillRequestId { get; init; }
}

public sealed class RefundRedemptionInputType : InputObjectGraphType<RefundRedemptionInput>
{
    public RefundRedemptionInputType()
    {
        Name = "RefundRedemptionInput";
        Description = "Points to give back from a completed redemption, within 30 days (`REFUND_WINDOW_CLOSED`).";
        Field<NonNullGraphType<UuidIdGraphType>>("holdId").Description("The completed hold's id (`HOLD_NOT_COMPLETED` otherwise).");
        Field<NonNullGraphType<LongGraphType>>("amount").Description("Points to give back; at most what was redeemed and not yet refunded.");
        Field<NonNullGraphType<UuidIdGraphType>>("tillRequestId").Description("The till's own idempotency key, unique per merchant.");
    }
}
