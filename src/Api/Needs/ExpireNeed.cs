using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>
/// The ledger's <see cref="ExpireNeed"/>, scheduled when a need is posted, for its <c>ExpiresAt</c>, as a durable message
/// (stored in PostgreSQL with the need, so it fires after a restart too). Exactly once in effect: a need that ended —
/// paid, decided, cancelled or already expired — is left alone, and the release is decided under the need's lock.
/// Stored under its type's name, <c>TimeBank.Ledger.Needs.ExpireNeed</c> (pinned by <c>DurableMessageNamesTests</c>).
/// </summary>
public static class ExpireNeedHandler
{
    public static async Task Handle(ExpireNeed message, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        if (await session.LoadAsync<Need>(message.NeedId, cancellation) is not { HoldsEscrow: true } need)
        {
            return;
        }

        if (now < need.ExpiresAt)
        {
            // Delivered early (clocks of two instances differ): come back when it is due.
            await bus.ScheduleAsync(message, need.ExpiresAt);
            return;
        }

        await NeedDecisions.DecideAsync(session, policies, bus, message, now, cancellation);
    }
}
