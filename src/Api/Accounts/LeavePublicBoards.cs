using Marten;
using TimeBank.Api.Commands;
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
