using Marten;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

/// <summary>
/// Whoever may grant a commendation withdraws it, with a reason; it stays in the volunteer's account, marked withdrawn.
/// The ledger's <see cref="WithdrawCommendation"/>, decided on the commendation's stream.
/// </summary>
public static class WithdrawCommendationHandler
{
    public static async Task<Accepted> Handle(WithdrawCommendation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var commendation = await session.Events.FetchForWriting<Commendation>(command.CommendationId, cancellation);
        commendation.AppendMany(CommendationDecider.Decide(command, commendation.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CommendationId);
    }
}
