using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;

namespace TimeBank.Api.Merchants;

/// <summary>Approve and reinstate: a merchant.</summary>
public sealed class MerchantInput
{
    public Guid CommandId { get; init; }
    public Guid MerchantId { get; init; }
}

public abstract class MerchantInputType : InputObjectGraphType<MerchantInput>
{
    protected MerchantInputType(string name, string description)
    {
        Name = name;
        Description = description;
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("merchantId").Description("The merchant's UUID or global id; `NOT_FOUND` if the caller may not see it.");
    }
}
