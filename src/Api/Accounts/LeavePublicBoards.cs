using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.Accounts;

/// <summary>A volunteer leaves the public leaderboards; they still see their own rank. The ledger's <see cref="LeavePublicBoards"/>.</summary>
public static class LeavePublicBoardsHandler
{
    public static async Task<Accepted> Handle(LeavePublicBoards command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var account = await session.Events.FetchForWriting<VolunteerAccount>(command.VolunteerId, cancellation);
        // Leaving reads no policy: the product's default stands in.
        account.AppendMany(VolunteerAccountDecider.Decide(command, account.Aggregate, LedgerPolicy.Default, clock.GetUtcNow()));
        return new Accepted(command.VolunteerId);
    }
}

public static class LeavePublicBoardsField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<PublicBoardsInputType, PublicBoardsInput, AccountPayloadType, VolunteerAccount>(
            "leavePublicBoards", "The signed-in volunteer leaves the public leaderboards: they are shown on no public board and counted in nobody's "
                + "rank, and still see their own rank (`myStanding`). Leaving again changes nothing. Refusals: `FORBIDDEN` (not a volunteer), `VOLUNTEER_NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new LeavePublicBoards(actor.PersonId, actor)),
            AccountPayloadType.LoadAsync);
}
