using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>
/// Base of redemption tests: Ana's account at Riverside and Riverside's love mart, approved, with its cashier.
/// Ana's usual lots: 22 points earned 20 months ago (the oldest) and 30 points earned 10 months ago.
/// </summary>
public abstract class RedemptionSpecification : AccountSpecification
{
    protected static readonly Guid LoveMart = new("00000000-0000-0000-0000-00000000d001");
    protected static readonly Guid TeaHouse = new("00000000-0000-0000-0000-00000000d002");
    protected static readonly Guid CashierId = new("00000000-0000-0000-0000-00000000e001");
    protected static readonly Actor Cashier = Actor.Merchant(CashierId, LoveMart);
    protected static readonly Actor TeaHouseCashier = Actor.Merchant(new Guid("00000000-0000-0000-0000-00000000e002"), TeaHouse);
    protected static readonly AccountId LoveMartAccount = AccountId.Merchant(LoveMart);

    protected const string Code = "40417302";
    protected static readonly Guid HoldId = new("00000000-0000-0000-0000-000000001001");
    protected static readonly Guid TillRequest = new("00000000-0000-0000-0000-000000002001");

    /// <summary>The older lot (22 points) and the newer one (30 points).</summary>
    protected static readonly Guid OldLot = Record(1);
    protected static readonly Guid NewLot = Record(2);

    protected static Merchant LoveMartIn(MerchantStatus status) =>
        new(LoveMart, City.Riverside, "Riverside love mart", status, City.Now.AddYears(-1));

    protected static new Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount> Given(params VolunteerAccountEvent[] events) =>
        GivenAt(City.Now, events);

    protected static new Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount> GivenAt(
        DateTimeOffset now, params VolunteerAccountEvent[] events) =>
        GivenWith(LoveMartIn(MerchantStatus.Approved), now, events);

    /// <summary>
    /// Decisions see <paramref name="merchant"/> as the love mart's current state, and the hold a command names as the
    /// given events leave it (as the API loads it).
    /// </summary>
    protected static Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount> GivenWith(
        Merchant? merchant, DateTimeOffset now, params VolunteerAccountEvent[] events) =>
        new(events, VolunteerAccount.Evolve, (command, state) => VolunteerAccountDecider.Decide(
            command, state, Policy, now, merchant, VolunteerAccountDecider.HoldConcerned(command) is { } holdId ? HoldAfter(holdId, events) : null));

    /// <summary>A hold as these events leave it: its own fold, since the account keeps open holds only.</summary>
    protected static Hold? HoldAfter(Guid holdId, IEnumerable<VolunteerAccountEvent> events) => Accounts.Hold.Fold(holdId, events);

    /// <summary>Registered, then the new lot credited before the old one: order in the stream is not age.</summary>
    protected static VolunteerAccountEvent[] WithLots() =>
        [Registered(), Credited(NewLot, 120, City.Now.AddMonths(-10)), Credited(OldLot, 90, City.Now.AddMonths(-20))];

    protected static RedemptionCodeIssued CodeIssued(string code = Code, DateTimeOffset? at = null) =>
        new(City.AnaId, code, at ?? City.Now.AddSeconds(-30), (at ?? City.Now.AddSeconds(-30)).AddMinutes(2));

    protected static HoldPoints Hold(long amount, string code = Code, Guid? holdId = null, Guid? tillRequest = null, Actor? actor = null, Guid? merchant = null) =>
        new(City.AnaId, holdId ?? HoldId, merchant ?? LoveMart, code, amount, tillRequest ?? TillRequest, actor ?? Cashier);

    /// <summary>30 points held at <paramref name="at"/> from the usual lots: all 22 of the old lot and 8 of the new.</summary>
    protected static PointsHeld Held30(DateTimeOffset? at = null) => Held(30, at, new LotDraw(OldLot, 22), new LotDraw(NewLot, 8));

    protected static PointsHeld Held(long amount, DateTimeOffset? at, params LotDraw[] reservations) =>
        new(City.AnaId, HoldId, LoveMart, Code, amount, TillRequest, reservations, CashierId, at ?? City.Now.AddMinutes(-5),
            (at ?? City.Now.AddMinutes(-5)).AddMinutes(15));

    protected static HoldCompleted Completed30(DateTimeOffset? at = null) =>
        new(City.AnaId, HoldId, LoveMart, 30, [new LotDraw(OldLot, 22), new LotDraw(NewLot, 8)], CashierId,
            [new Posting(AnaAccount, LoveMartAccount, LedgerUnit.Points, 30)], at ?? City.Now.AddMinutes(-4));

    protected static HoldVoided Voided30() =>
        new(City.AnaId, HoldId, LoveMart, 30, [new LotDraw(NewLot, 8), new LotDraw(OldLot, 22)], 0, CashierId, City.Now.AddMinutes(-4));

    protected static HoldExpired Expired30() =>
        new(City.AnaId, HoldId, LoveMart, 30, [new LotDraw(NewLot, 8), new LotDraw(OldLot, 22)], 0, City.Now.AddMinutes(-1));

    protected static RefundPoints Refund(long amount, Guid? tillRequest = null, Actor? actor = null) =>
        new(City.AnaId, HoldId, amount, tillRequest ?? new Guid("00000000-0000-0000-0000-000000003001"), actor ?? Cashier);

    protected static PointsRefunded Refunded(long amount, Guid tillRequest, DateTimeOffset at, params LotDraw[] restored) =>
        new(City.AnaId, HoldId, LoveMart, amount, tillRequest, restored, 0, CashierId,
            [new Posting(LoveMartAccount, AnaAccount, LedgerUnit.Points, amount)], at);
}
