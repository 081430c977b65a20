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
        Description = "A request for a new one-time code, for the signed-in volunteer.";
        this.CommandIdField();
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
        Description = "A till's request to hold points with a volunteer's one-time code.";
        Field<NonNullGraphType<StringGraphType>>("code")
            .Description($"The one-time code the volunteer shows; spaces and dashes between digits are ignored. At most {TillRequest.MaxCodeLength} characters (`INVALID_INPUT`); unknown, used or expired: `REDEMPTION_CODE_INVALID`.");
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
    protected HoldCommandInputType(string name, string description)
    {
        Name = name;
        Description = description;
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("holdId").Description("The hold's id, as holdPoints answered it.");
    }
}

public sealed class CompleteHoldInputType() : HoldCommandInputType("CompleteHoldInput", "An open hold to complete (`HOLD_ALREADY_ENDED` once ended).");

public sealed class VoidHoldInputType() : HoldCommandInputType("VoidHoldInput", "An open hold to let go (`HOLD_ALREADY_ENDED` once ended).");

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

public sealed class RedemptionCodePayloadType()
    : PayloadGraphType<RedemptionCodeType, RedemptionCodeView>("RedemptionCodePayload", "redemptionCode",
        "The code this request issued; null once it is used or expired.", "What issueRedemptionCode answers.");

public sealed class HoldPayloadType()
    : PayloadGraphType<HoldType, Hold>("HoldPayload", "hold", "The hold as it stands now, to the cashier of its merchant.",
        "What holdPoints, completeHold, voidHold and refundRedemption answer.");
