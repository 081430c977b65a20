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
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of the community that registered the merchant.").Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("The community that registered the merchant.")
            .Resolve(c => Navigation.Community(c, c.Source.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("name").Description("The merchant's name, as registered.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<MerchantStatusType>>("status").Description("Whether it may redeem now.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("registeredAt").Description("When it was registered.").Resolve(c => c.Source.RegisteredAt);
        this.AddHolds();
    }
}

public sealed class MerchantStatusType : EnumerationGraphType<MerchantStatus>
{
    public MerchantStatusType()
    {
        Name = "MerchantStatus";
        Description = "Pending → Approved ⇄ Suspended. Only an approved merchant holds and completes redemptions.";
        Values["PENDING"]!.Description = "Registered, not yet approved: redeems nothing.";
        Values["APPROVED"]!.Description = "Approved by staff: holds and completes redemptions.";
        Values["SUSPENDED"]!.Description = "Suspended with a reason: holds and completes nothing, still voids and refunds.";
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
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Description("The merchant's UUID.").Resolve(c => c.Source.MerchantId);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("The first UTC day of the period.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("The last UTC day of the period (included).").Resolve(c => c.Source.To);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SettlementStatementDayType>>>>("days")
            .Description("A row per day with a redemption or a refund, oldest first; quiet days have no row.")
            .Resolve(c => c.Source.Days);
        Field<NonNullGraphType<LongGraphType>>("redeemed").Description("Points of the redemptions completed in the period.").Resolve(c => c.Source.Redeemed);
        Field<NonNullGraphType<LongGraphType>>("refunded").Description("Points refunded in the period.").Resolve(c => c.Source.Refunded);
        Field<NonNullGraphType<LongGraphType>>("net").Description("Redeemed less refunded: what the merchant settles for the period.").Resolve(c => c.Source.Net);
        Field<NonNullGraphType<IntGraphType>>("redemptions").Description("How many redemptions were completed in the period.").Resolve(c => c.Source.Redemptions);
        Field<NonNullGraphType<IntGraphType>>("refunds").Description("How many refunds were made in the period.").Resolve(c => c.Source.Refunds);
    }
}

public sealed class SettlementStatementDayType : ObjectGraphType<SettlementStatementDay>
{
    public SettlementStatementDayType()
    {
        Name = "SettlementStatementDay";
        Description = "One UTC day of a settlement statement.";
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Description("The UTC day.").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<LongGraphType>>("redeemed").Description("Points of the redemptions completed that day.").Resolve(c => c.Source.Redeemed);
        Field<NonNullGraphType<LongGraphType>>("refunded").Description("Points refunded that day.").Resolve(c => c.Source.Refunded);
        Field<NonNullGraphType<LongGraphType>>("net").Description("Redeemed less refunded, in points.").Resolve(c => c.Source.Net);
        Field<NonNullGraphType<IntGraphType>>("redemptions").Description("How many redemptions were completed that day.").Resolve(c => c.Source.Redemptions);
        Field<NonNullGraphType<IntGraphType>>("refunds").Description("How many refunds were made that day.").Resolve(c => c.Source.Refunds);
    }
}
