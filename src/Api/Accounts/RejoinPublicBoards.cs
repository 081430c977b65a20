using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.Accounts;

/// <summary>A volunteer comes back to the public leaderboards. The ledger's <see cref="RejoinPublicBoards"/>.</summary>
public static class RejoinPublicBoardsHandler
{
    public static async Task<Accepted> Handle(RejoinPublicBoards command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var account = await session.Events.FetchForWriting<VolunteerAccount>(command.VolunteerId, cancellation);
        account.AppendMany(VolunteerAccountDecider.Decide(command, account.Aggregate, LedgerPolicy.Default, clock.GetUtcNow()));
        return new Accepted(command.VolunteerId);
    }
}

public static class RejoinPublicBoardsField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<PublicBoardsInputType, PublicBoardsInput, AccountPayloadType, VolunteerAccount>(
            "rejoinPublicBoards", "The signed-in volunteer comes back to the public leaderboards they had left. Rejoining while on them changes nothing. "
                + "Refusals: `FORBIDDEN` (not a volunteer), `VOLUNTEER_NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RejoinPublicBoards(actor.PersonId, actor)),
            AccountPayloadType.LoadAsync);
}
