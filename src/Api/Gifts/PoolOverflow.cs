using Marten;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Policies;
using Wolverine;

namespace TimeBank.Api.Gifts;

/// <summary>
/// How a community's pool learns of credits posted to it from volunteers' accounts (ADR 0045): a credited record's
/// overflow above the cap, and a revocation that takes it back. The writer of the account sends one durable message
/// per record in its own transaction (Wolverine's outbox), and the pool takes each in once, by record id.
/// </summary>
public static class PoolOverflow
{
    /// <summary>
    /// Sends the pool messages that these account events call for; call it in the transaction that appends them.
    /// <paramref name="poolDistrict"/>: districts mode, the district of the record's community when it is not the one
    /// whose transaction this is (a credit or revocation carried home, ADR 0047); the message goes there.
    /// </summary>
    public static async Task TellPoolsAsync(IMessageBus bus, IEnumerable<VolunteerAccountEvent> events, string? poolDistrict = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var delivery = poolDistrict is null ? null : new DeliveryOptions { TenantId = poolDistrict };
        foreach (var @event in events)
        {
            switch (@event)
            {
                case ServiceCredited { TimeCreditsToPool: > 0 } credited:
                    await bus.PublishAsync(new ReceivePoolOverflow(credited.CommunityId, credited.RecordId, credited.VolunteerId, credited.TimeCreditsToPool), delivery);
                    break;
                case ServiceCreditRevoked { TimeCreditsFromPool: > 0 } revoked:
                    await bus.PublishAsync(new ReturnPoolOverflow(revoked.CommunityId, revoked.RecordId, revoked.VolunteerId, revoked.TimeCreditsFromPool), delivery);
                    break;
            }
        }
    }

    /// <summary>The pool's side of a message: decided on the pool, locked until the commit; a message seen before changes nothing.</summary>
    public static async Task DecideAsync(IDocumentSession session, CommunityPoolCommand message, DateTimeOffset now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(message);
        var pool = await session.Events.FetchForExclusiveWriting<CommunityPool>(CommunityPool.StreamIdOf(message.CommunityId), cancellation);
        pool.AppendMany(CommunityPoolDecider.Decide(message, pool.Aggregate, LedgerPolicy.Default, now));
    }
}

/// <summary>The ledger's <see cref="ReceivePoolOverflow"/>, a durable message (stored under its type's name).</summary>
public static class ReceivePoolOverflowHandler
{
    public static Task Handle(ReceivePoolOverflow message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        PoolOverflow.DecideAsync(session, message, clock.GetUtcNow(), cancellation);
}

/// <summary>The ledger's <see cref="ReturnPoolOverflow"/>, a durable message (stored under its type's name).</summary>
public static class ReturnPoolOverflowHandler
{
    public static Task Handle(ReturnPoolOverflow message, IDocumentSession session, TimeProvider clock, CancellationToken cancellation) =>
        PoolOverflow.DecideAsync(session, message, clock.GetUtcNow(), cancellation);
}
