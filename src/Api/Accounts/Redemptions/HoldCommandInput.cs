using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;

namespace TimeBank.Api.Accounts.Redemptions;

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
