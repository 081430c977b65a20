using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>Base of merchant decider tests: Riverside's love mart at <see cref="City.Now"/>.</summary>
public abstract class MerchantSpecification
{
    protected static readonly Guid LoveMart = new("00000000-0000-0000-0000-00000000d001");

    protected static Actor CityAdmin { get; } = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad001"));

    protected static Scenario<MerchantCommand, MerchantEvent, Merchant> Given(params MerchantEvent[] events) =>
        new(events, Merchant.Evolve, (command, state) => MerchantDecider.Decide(command, state, City.Now));

    protected static MerchantRegistered Registered() =>
        new(LoveMart, City.Riverside, "Riverside love mart", City.RiversideStaffId, City.Now.AddDays(-10));

    protected static MerchantApproved Approved() => new(LoveMart, City.RiversideStaffId, City.Now.AddDays(-9));

    protected static MerchantSuspended Suspended() => new(LoveMart, "Sold points for cash", City.RiversideStaffId, City.Now.AddDays(-2));
}
