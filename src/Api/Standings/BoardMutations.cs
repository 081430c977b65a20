using GraphQL.Types;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.GraphQL;

/// <summary>A volunteer leaves the public leaderboards, or comes back to them.</summary>
public sealed partial class LedgerMutation
{
    partial void AddBoardMutations()
    {
        Mutation<PublicBoardsInputType, PublicBoardsInput, AccountPayloadType, VolunteerAccount>(
            "leavePublicBoards", "The signed-in volunteer leaves the public leaderboards: they are shown on no public board and counted in nobody's "
                + "rank, and still see their own rank (`myStanding`). Leaving again changes nothing. Refusals: `FORBIDDEN` (not a volunteer), `VOLUNTEER_NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new LeavePublicBoards(actor.PersonId, actor)),
            LoadAccountAsync);

        Mutation<PublicBoardsInputType, PublicBoardsInput, AccountPayloadType, VolunteerAccount>(
            "rejoinPublicBoards", "The signed-in volunteer comes back to the public leaderboards they had left. Rejoining while on them changes nothing. "
                + "Refusals: `FORBIDDEN` (not a volunteer), `VOLUNTEER_NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RejoinPublicBoards(actor.PersonId, actor)),
            LoadAccountAsync);
    }
}

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
