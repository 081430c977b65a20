using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using Wolverine;
using Wolverine.Attributes;
using Domain = TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// Scheduled when a hold is placed, for its <c>ExpiresAt</c>, as a durable message on the ordered accounts queue: it is
/// stored in PostgreSQL with the hold, so it fires after a restart too. Idempotent: a hold that already ended is left alone.
/// Its durable name is the one it was stored under before it moved (was <c>TimeBank.Api.Redemptions</c>): holds placed
/// before still expire.
/// </summary>
[MessageIdentity("TimeBank.Api.Redemptions.ExpireHold")]
public sealed record ExpireHold(Guid VolunteerId, Guid HoldId);

public static class ExpireHoldHandler
{
    public static async Task Handle(ExpireHold message, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        if (await session.LoadAsync<Hold>(message.HoldId, cancellation) is not { IsOpen: true } hold)
        {
            return;
        }

        if (now < hold.ExpiresAt)
        {
            // Delivered early (clocks of two instances differ): come back when it is due.
            await bus.ScheduleAsync(message, hold.ExpiresAt);
            return;
        }

        await AccountDecisions.DecideAsync(session, policies, new Domain.ExpireHold(message.VolunteerId, message.HoldId), now, cancellation);
    }
}
