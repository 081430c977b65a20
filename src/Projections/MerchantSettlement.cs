using JasperFx.Events;
using Marten.Events.Projections;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Projections;

/// <summary>
/// One day of a merchant's settlement statement: points redeemed (completed holds) and refunded that UTC day, and
/// the net the city owes the merchant for it. A period's statement is the sum of its days.
/// </summary>
/// <param name="Id">"{merchantId}/{yyyy-MM-dd}", see <see cref="MerchantSettlementProjection.DayOf"/>.</param>
public sealed record MerchantSettlementDay(
    string Id, Guid MerchantId, DateOnly Day, long Redeemed, long Refunded, int Redemptions, int Refunds, long LastSequence)
{
    public long Net => Redeemed - Refunded;
}

/// <summary>Settlement per merchant per day. Async. The day comes from the event's timestamp, never the clock.</summary>
public sealed class MerchantSettlementProjection : MultiStreamProjection<MerchantSettlementDay, string>
{
    public MerchantSettlementProjection()
    {
        this.IncludeTypes(Settled);
        CustomGrouping((_, events, grouping) => grouping.AddEach(events, IdsOf));
    }

    /// <summary>The events that settle with a merchant: a hold's events that move points (<see cref="ILedgerTransaction"/>).</summary>
    public static IReadOnlyList<Type> Settled { get; } = [.. LedgerEvents.Of<IHoldEvent>().Where(typeof(ILedgerTransaction).IsAssignableFrom)];

    /// <summary>The day an event concerns, as the identities above name it.</summary>
    public static IReadOnlyList<string> IdsOf(IEvent e) =>
        e.Data is IHoldEvent and ILedgerTransaction settled ? [DayOf(((IHoldEvent)settled).MerchantId, e.Timestamp)] : [];

    /// <summary>The id of a merchant's settlement day: the UTC date of the moment.</summary>
    public static string DayOf(Guid merchantId, DateTimeOffset at) => $"{merchantId}/{Day(at):yyyy-MM-dd}";

    public override MerchantSettlementDay? Evolve(MerchantSettlementDay? snapshot, string id, IEvent e)
    {
        switch (e.Data)
        {
            case HoldCompleted completed:
                var redeemedDay = snapshot ?? Empty(id, completed.MerchantId, e.Timestamp);
                return redeemedDay with
                {
                    Redeemed = checked(redeemedDay.Redeemed + completed.Amount),
                    Redemptions = redeemedDay.Redemptions + 1,
                    LastSequence = e.Sequence,
                };
            case PointsRefunded refunded:
                var refundedDay = snapshot ?? Empty(id, refunded.MerchantId, e.Timestamp);
                return refundedDay with
                {
                    Refunded = checked(refundedDay.Refunded + refunded.Amount),
                    Refunds = refundedDay.Refunds + 1,
                    LastSequence = e.Sequence,
                };
            case IHoldEvent and ILedgerTransaction:
                throw new UnknownEventException($"{nameof(MerchantSettlementProjection)}.{nameof(Evolve)}", e.Data);
            default:
                return snapshot;
        }
    }

    private static MerchantSettlementDay Empty(string id, Guid merchantId, DateTimeOffset at) => new(id, merchantId, Day(at), 0, 0, 0, 0, 0);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
