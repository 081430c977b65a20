using GraphQL.Types;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.GraphQL.Types;

// The love bank at the till, for the web UI: the same commands as the till's HTTP API (Redemptions/TillEndpoints.cs).

public sealed class IssueRedemptionCodeInput
{
    public Guid CommandId { get; init; }
}

public sealed class IssueRedemptionCodeInputType : InputObjectGraphType<IssueRedemptionCodeInput>
{
    public IssueRedemptionCodeInputType()
    {
        Name = "IssueRedemptionCodeInput";
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
    }
}

/// <summary>A till request: the till's own idempotency key is the command id (per merchant), so there is no commandId.</summary>
public sealed class HoldPointsInput
{
    public string Code { get; init; } = string.Empty;
    public long Amount { get; init; }
    public Guid TillRequestId { get; init; }
}

public sealed class HoldPointsInputType : InputObjectGraphType<HoldPointsInput>
{
    public HoldPointsInputType()
    {
        Name = "HoldPointsInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The one-time code the volunteer shows.");
        Field<NonNullGraphType<LongGraphType>>("amount").Description("Points to hold; positive.");
        Field<NonNullGraphType<UuidIdGraphType>>("tillRequestId")
            .Description("The till's own idempotency key, unique per merchant: the same key again returns the first outcome.");
    }
}

public sealed class HoldCommandInput
{
    public Guid CommandId { get; init; }
    public Guid HoldId { get; init; }
}

public abstract class HoldCommandInputType : InputObjectGraphType<HoldCommandInput>
{
    protected HoldCommandInputType(string name)
    {
        Name = name;
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("holdId");
    }
}

public sealed class CompleteHoldInputType() : HoldCommandInputType("CompleteHoldInput");

public sealed class VoidHoldInputType() : HoldCommandInputType("VoidHoldInput");

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
        Field<NonNullGraphType<UuidIdGraphType>>("holdId");
        Field<NonNullGraphType<LongGraphType>>("amount").Description("Points to give back; at most what was redeemed and not yet refunded.");
        Field<NonNullGraphType<UuidIdGraphType>>("tillRequestId").Description("The till's own idempotency key, unique per merchant.");
    }
}

/// <summary>The live code as the volunteer's app shows it.</summary>
public sealed record RedemptionCodeView(Guid VolunteerId, string Code, DateTimeOffset ExpiresAt, string QrCodeSvg);

public sealed class RedemptionCodeType : ObjectGraphType<RedemptionCodeView>
{
    public RedemptionCodeType()
    {
        Name = "RedemptionCode";
        Description = "A one-time code to show at a till: single use, bound to the volunteer, valid until expiresAt.";
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<StringGraphType>>("code").Description("The digits to type at the till.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("expiresAt").Resolve(c => c.Source.ExpiresAt);
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
    }
}

public sealed class HoldType : ObjectGraphType<Hold>
{
    public HoldType()
    {
        Name = "Hold";
        Description = "Points held for a merchant, like a card authorisation.";
        Field<NonNullGraphType<UuidIdGraphType>>("holdId").Resolve(c => c.Source.HoldId);
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Resolve(c => c.Source.MerchantId);
        Field<NonNullGraphType<HoldStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<LongGraphType>>("amount").Resolve(c => c.Source.Amount);
        Field<NonNullGraphType<LongGraphType>>("refunded").Description("Points given back so far.").Resolve(c => c.Source.Refunded);
        Field<NonNullGraphType<LongGraphType>>("refundable").Description("Points that may still be given back.").Resolve(c => c.Source.Refundable);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("heldAt").Resolve(c => c.Source.HeldAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("expiresAt").Description("Released unless completed or voided before.")
            .Resolve(c => c.Source.ExpiresAt);
        Field<UtcDateTimeOffsetGraphType>("completedAt").Resolve(c => c.Source.CompletedAt);
    }
}

public sealed class RedemptionCodePayloadType()
    : PayloadGraphType<RedemptionCodeType, RedemptionCodeView>("RedemptionCodePayload", "redemptionCode",
        "The code this request issued; null once it is used or expired.");

public sealed class HoldPayloadType()
    : PayloadGraphType<HoldType, Hold>("HoldPayload", "hold", "The hold as it stands now, to the cashier of its merchant.");
