using GraphQL.Types;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.GraphQL.Types;

// The love bank at the till: what its mutations (Accounts/Redemptions) answer.

/// <summary>The live code as the volunteer's app shows it.</summary>
public sealed record RedemptionCodeView(Guid VolunteerId, string Code, DateTimeOffset ExpiresAt, string QrCodeSvg);

public sealed class RedemptionCodeType : ObjectGraphType<RedemptionCodeView>
{
    public RedemptionCodeType()
    {
        Name = "RedemptionCode";
        Description = "A one-time code to show at a till: single use, bound to the volunteer, valid until expiresAt.";
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer the code is bound to.").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<StringGraphType>>("code").Description("The digits to type at the till.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("expiresAt").Description("When the code stops working if unused.").Resolve(c => c.Source.ExpiresAt);
        Field<NonNullGraphType<StringGraphType>>("qrCodeSvg").Description("The code as a QR code (an SVG document), for a till's scanner.")
            .Resolve(c => c.Source.QrCodeSvg);
    }
}

public sealed class HoldStatusType : EnumerationGraphType<HoldStatus>
{
    public HoldStatusType()
    {
        Name = "HoldStatus";
        Description = "Held → Completed, Voided or Expired, exactly once; a completed hold may be refunded.";
        Values["HELD"]!.Description = "Points held, awaiting completion or void; expires after 15 minutes by default.";
        Values["COMPLETED"]!.Description = "The sale went through: the points went to the merchant.";
        Values["VOIDED"]!.Description = "The cashier let the hold go: the points are the volunteer's again.";
        Values["EXPIRED"]!.Description = "Neither completed nor voided in time: the points are the volunteer's again.";
    }
}

public sealed class HoldType : ObjectGraphType<Hold>
{
    public HoldType()
    {
        Name = "Hold";
        Description = "Points held for a merchant, like a card authorisation.";
        Field<NonNullGraphType<UuidIdGraphType>>("holdId").Description("The hold's id: completeHold, voidHold and refundRedemption take it.").Resolve(c => c.Source.HoldId);
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Description("The merchant the points are held for.").Resolve(c => c.Source.MerchantId);
        Field<NonNullGraphType<HoldStatusType>>("status").Description("Where the hold stands.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<LongGraphType>>("amount").Description("Points held (or redeemed, once completed).").Resolve(c => c.Source.Amount);
        Field<NonNullGraphType<LongGraphType>>("refunded").Description("Points given back so far.").Resolve(c => c.Source.Refunded);
        Field<NonNullGraphType<LongGraphType>>("refundable").Description("Points that may still be given back.").Resolve(c => c.Source.Refundable);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("heldAt").Description("When the points were held.").Resolve(c => c.Source.HeldAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("expiresAt").Description("Released unless completed or voided before.")
            .Resolve(c => c.Source.ExpiresAt);
        Field<UtcDateTimeOffsetGraphType>("completedAt").Description("When the sale was completed; null unless completed.").Resolve(c => c.Source.CompletedAt);
    }
}
