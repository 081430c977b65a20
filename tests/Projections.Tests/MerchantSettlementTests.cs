using JasperFx.Events;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Units;

namespace TimeBank.Projections.Tests;

/// <summary>The settlement day of a redemption or refund is the UTC date of the event's timestamp, not of its payload or the clock.</summary>
public sealed class MerchantSettlementTests
{
    private static readonly Guid Merchant = Guid.Parse("0195f3a0-0000-7000-8000-000000000006");
    private static readonly Guid Volunteer = Guid.Parse("0195f3a0-0000-7000-8000-000000000001");
    private static readonly Guid Hold = Guid.Parse("0195f3a0-0000-7000-8000-000000000008");

    // 07:30 in Qingdao on 2 March is still 1 March in UTC.
    private static readonly DateTimeOffset Stored = new(2026, 3, 2, 7, 30, 0, TimeSpan.FromHours(8));

    private readonly MerchantSettlementProjection projection = new();

    [Fact]
    public void A_day_is_the_utc_date_of_the_event_timestamp() =>
        Assert.Equal($"{Merchant}/2026-03-01", MerchantSettlementProjection.DayOf(Merchant, Stored));

    [Fact]
    public void Redemptions_and_refunds_of_a_day_add_up_to_its_net()
    {
        var id = MerchantSettlementProjection.DayOf(Merchant, Stored);

        var day = new IEvent[] { Completed(30, sequence: 10), Completed(12, sequence: 11), Refunded(5, sequence: 12) }
            .Aggregate(default(MerchantSettlementDay), (snapshot, e) => projection.Evolve(snapshot, id, e));

        Assert.Equal(new MerchantSettlementDay(id, Merchant, new DateOnly(2026, 3, 1), 42, 5, 2, 1, 12), day);
        Assert.Equal(37, day!.Net);
    }

    [Fact]
    public void Other_events_leave_the_day_as_it_is()
    {
        var day = new MerchantSettlementDay("x", Merchant, new DateOnly(2026, 3, 1), 1, 0, 1, 0, 1);

        Assert.Same(day, projection.Evolve(day, "x", new Event<StarAwarded>(new StarAwarded(Volunteer, 1, 6000, Stored)) { Timestamp = Stored }));
    }

    private static Event<HoldCompleted> Completed(long amount, long sequence) =>
        new(new HoldCompleted(Volunteer, Hold, Merchant, amount, [], Volunteer,
            [new Posting(AccountId.Volunteer(Volunteer), AccountId.Merchant(Merchant), LedgerUnit.Points, amount)],
            Stored.AddDays(-5))) { Timestamp = Stored, Sequence = sequence };

    private static Event<PointsRefunded> Refunded(long amount, long sequence) =>
        new(new PointsRefunded(Volunteer, Hold, Merchant, amount, Guid.Empty, [], 0, Volunteer,
            [new Posting(AccountId.Merchant(Merchant), AccountId.Volunteer(Volunteer), LedgerUnit.Points, amount)],
            Stored.AddDays(-5))) { Timestamp = Stored, Sequence = sequence };
}
