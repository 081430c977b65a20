using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;

namespace TimeBank.Api.Accounts;

public sealed class PublicBoardsInput
{
    public Guid CommandId { get; init; }
}

public sealed class PublicBoardsInputType : InputObjectGraphType<PublicBoardsInput>
{
    public PublicBoardsInputType()
    {
        Name = "PublicBoardsInput";
        Description = "Leaving or rejoining the public leaderboards, for the signed-in volunteer.";
        this.CommandIdField();
    }
}
