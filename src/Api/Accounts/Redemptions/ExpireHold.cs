using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Accounts;
using Wolverine;
using Wolverine.Attributes;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// The ledger's <see cref="ExpireHold"/>, scheduled when a hold is placed, for its <c>ExpiresAt</c>, as a durable message
/// on the ordered accounts queue: it is stored in PostgreSQL with the hold, so it fires after a restart too. Idempotent: a
/// hold that already ended is left alone. Stored under its type's name, <c>TimeBank.Ledger.Accounts.ExpireHold</c>
/// (pinned by <c>DurableMessageNamesTests</c>); those stored before under the host's own message go through
/// <see cref="StoredExpireHold"/>.
/// </summary>
public static class ExpireHoldHandler
{
    public static async Task Handle(
        ExpireHold message, IDocumentSession session, PolicyBook policies, Districts.DistrictSettings districts, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellation)
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

        var (_, events) = await AccountDecisions.DecideAsync(session, policies, message, now, cancellation);
        // A hold at a merchant of another district: it learns of the expiry from this transaction's outbox (ADR 0048).
        if (districts.IsOn && events.Length > 0 && await session.LoadAsync<Districts.HoldAbroad>(message.HoldId, cancellation) is { } abroad)
        {
            await Districts.RedemptionsAcrossDistricts.TellMerchantAsync(bus, abroad.MerchantDistrict, Hold.Fold(hold.HoldId, events, hold)!, events);
        }
    }
}

/// <summary>
/// A hold's expiry as it was stored before the host sent the ledger's <see cref="ExpireHold"/> (the host's own message,
/// first in <c>TimeBank.Api.Redemptions</c>): a hold placed before an upgrade still expires (registered as a forwarder in
/// <c>TimeBankHost</c>).
/// </summary>
[MessageIdentity("TimeBank.Api.Redemptions.ExpireHold")]
public sealed record StoredExpireHold(Guid VolunteerId, Guid HoldId) : IForwardsTo<ExpireHold>
{
    public ExpireHold Transform() => new(VolunteerId, HoldId);
}
