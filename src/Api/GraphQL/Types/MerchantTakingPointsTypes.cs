using GraphQL.Types;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>
/// A merchant as anyone signed in may see it: a shop's door, not its books. A type of its own rather than
/// <see cref="MerchantType"/>, so that nothing added to a merchant for its cashiers and staff (its holds, its status)
/// ever reaches everyone through this list.
/// </summary>
public sealed class MerchantTakingPointsType : ObjectGraphType<Merchant>
{
    public MerchantTakingPointsType()
    {
        Name = "MerchantTakingPoints";
        Description = "An approved merchant (爱心商家 / 爱心超市) where a volunteer can spend points: its name and community only.";
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Description("The merchant's UUID.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("The merchant's name, as registered.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of the community that registered the merchant.")
            .Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("The community that registered the merchant (its name, street and district).")
            .Resolve(c => Navigation.Community(c, c.Source.CommunityId));
    }
}

public sealed class MerchantTakingPointsEdgeType() : EdgeGraphType<MerchantTakingPointsType, Merchant>("MerchantTakingPoints");

public sealed class MerchantTakingPointsConnectionType() : ConnectionGraphType<MerchantTakingPointsEdgeType, Merchant>("MerchantTakingPoints");
