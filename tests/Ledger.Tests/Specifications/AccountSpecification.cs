using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>Base of volunteer account decider tests: Ana's account at Riverside, the default policy, <see cref="City.Now"/>.</summary>
public abstract class AccountSpecification
{
    protected static readonly LedgerPolicy Policy = LedgerPolicy.Default;
    protected static readonly Guid Volunteer = City.AnaId;
    protected static readonly AccountId AnaAccount = AccountId.Volunteer(City.AnaId);
    protected static readonly AccountId RiversideIssuance = AccountId.Issuance(City.Riverside);
    protected static readonly AccountId RiversidePool = AccountId.Pool(City.Riverside);
    protected static readonly AccountId RiversideExpiry = AccountId.Expiry(City.Riverside);

    protected static Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount> Given(params VolunteerAccountEvent[] events) =>
        GivenAt(City.Now, events);

    protected static Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount> GivenAt(
        DateTimeOffset now, params VolunteerAccountEvent[] events) =>
        GivenUnder(Policy, now, events);

    protected static Scenario<VolunteerAccountCommand, VolunteerAccountEvent, VolunteerAccount> GivenUnder(
        LedgerPolicy policy, DateTimeOffset now, params VolunteerAccountEvent[] events) =>
        new(events, VolunteerAccount.Evolve, (command, state) => VolunteerAccountDecider.Decide(command, state, policy, now));

    protected static VolunteerRegistered Registered() =>
        new(City.AnaId, City.Riverside, "RS-0001", City.RiversideStaffId, City.Now.AddYears(-3));

    /// <summary>Eldercare (coefficient 1.5, default 10 points per hour) that earns time credits.</summary>
    protected static CreditService Credit(Guid recordId, long minutes, int coefficientPercent = 150, bool earnsTimeCredits = true) =>
        new(City.AnaId, recordId, City.Riverside, minutes, "eldercare", coefficientPercent, earnsTimeCredits);

    protected static RevokeServiceCredit Revoke(Guid recordId) => new(City.AnaId, recordId, "Duplicate entry", City.RiversideStaffId);

    /// <summary>The events a plain credit (no debt, under the cap) of <paramref name="minutes"/> at <paramref name="at"/> posts.</summary>
    protected static ServiceCredited Credited(Guid recordId, long minutes, DateTimeOffset at, int coefficientPercent = 150)
    {
        var points = Policy.PointsFor(new Minutes(minutes), "eldercare", coefficientPercent).Value;
        return new ServiceCredited(
            City.AnaId, recordId, City.Riverside, minutes, minutes, 0, 0, points, 0, at.AddMonths(Policy.PointsExpiryMonths),
            [
                new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, minutes),
                new Posting(RiversideIssuance, AnaAccount, LedgerUnit.TimeCredits, minutes),
                .. Posting.Of(RiversideIssuance, AnaAccount, LedgerUnit.Points, points),
            ],
            at);
    }

    protected static Guid Record(int n) => new($"00000000-0000-0000-0000-{n:x12}");

    protected static Actor CityAdmin { get; } = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad001"));
}
