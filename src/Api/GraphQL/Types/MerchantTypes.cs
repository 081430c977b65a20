using GraphQL.Types;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Api.Merchants;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.GraphQL.Types;

public sealed class MerchantType : ObjectGraphType<Merchant>
{
    public MerchantType()
    {
        Name = "Merchant";
        Description = "A love-bank merchant (爱心商家 / 爱心超市) of a community, where volunteers redeem points.";
        this.ImplementNode(GlobalId.Merchant, merchant => merchant.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Description("The merchant's UUID, as mutations, statements and tokens take it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("The community that registered the merchant.")
            .Resolve(c => Navigation.Community(c, c.Source.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<MerchantStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("registeredAt").Resolve(c => c.Source.RegisteredAt);
    }
}

public sealed class MerchantStatusType : EnumerationGraphType<MerchantStatus>
{
    public MerchantStatusType()
    {
        Name = "MerchantStatus";
        Description = "Pending → Approved ⇄ Suspended. Only an approved merchant holds and completes redemptions.";
    }
}

public sealed class MerchantEdgeType() : EdgeGraphType<MerchantType, Merchant>("Merchant");

public sealed class MerchantConnectionType() : ConnectionGraphType<MerchantEdgeType, Merchant>("Merchant");

public sealed class SettlementStatementType : ObjectGraphType<SettlementStatement>
{
    public SettlementStatementType()
    {
        Name = "SettlementStatement";
        Description = "What a merchant redeemed and refunded in a period of UTC days, both ends included. Built asynchronously "
            + "from the events: a completed redemption or a refund shows here a moment after it happened.";
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Resolve(c => c.Source.MerchantId);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Resolve(c => c.Source.To);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SettlementStatementDayType>>>>("days")
            .Description("A row per day with a redemption or a refund, oldest first; quiet days have no row.")
            .Resolve(c => c.Source.Days);
        Field<NonNullGraphType<LongGraphType>>("redeemed").Description("Points of the redemptions completed in the period.").Resolve(c => c.Source.Redeemed);
        Field<NonNullGraphType<LongGraphType>>("refunded").Description("Points refunded in the period.").Resolve(c => c.Source.Refunded);
        Field<NonNullGraphType<LongGraphType>>("net").Description("Redeemed less refunded: what the merchant settles for the period.").Resolve(c => c.Source.Net);
        Field<NonNullGraphType<IntGraphType>>("redemptions").Resolve(c => c.Source.Redemptions);
        Field<NonNullGraphType<IntGraphType>>("refunds").Resolve(c => c.Source.Refunds);
    }
}

public sealed class SettlementStatementDayType : ObjectGraphType<SettlementStatementDay>
{
    public SettlementStatementDayType()
    {
        Name = "SettlementStatementDay";
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Description("The UTC day.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<LongGraphType>>("redeemed").Resolve(c => c.Source.Redeemed);
        Field<NonNullGraphType<LongGraphType>>("refunded").Resolve(c => c.Source.Refunded);
        Field<NonNullGraphType<LongGraphType>>("net").Resolve(c => c.Source.Net);
        Field<NonNullGraphType<IntGraphType>>("redemptions").Resolve(c => c.Source.Redemptions);
        Field<NonNullGraphType<IntGraphType>>("refunds").Resolve(c => c.Source.Refunds);
    }
}

public sealed class RegisterMerchantInput
{
    public Guid CommandId { get; init; }
    public Guid? MerchantId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
}

public sealed class RegisterMerchantInputType : InputObjectGraphType<RegisterMerchantInput>
{
    public RegisterMerchantInputType()
    {
        Name = "RegisterMerchantInput";
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<UuidIdGraphType>("merchantId").Description("Defaults to the command id.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId");
        Field<NonNullGraphType<StringGraphType>>("name");
    }
}

/// <summary>Approve and reinstate: a merchant.</summary>
public sealed class MerchantInput
{
    public Guid CommandId { get; init; }
    public Guid MerchantId { get; init; }
}

public abstract class MerchantInputType : InputObjectGraphType<MerchantInput>
{
    protected MerchantInputType(string name)
    {
        Name = name;
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId");
    }
}

public sealed class ApproveMerchantInputType() : MerchantInputType("ApproveMerchantInput");

public sealed class ReinstateMerchantInputType() : MerchantInputType("ReinstateMerchantInput");

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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId");
        Field<NonNullGraphType<StringGraphType>>("reason");
    }
}

public sealed class MerchantPayloadType()
    : PayloadGraphType<MerchantType, Merchant>("MerchantPayload", "merchant", "The merchant as it stands now.");
