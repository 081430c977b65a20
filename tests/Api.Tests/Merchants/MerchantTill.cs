using Marten;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.Policies;

namespace TimeBank.Api.Tests.Merchants;

/// <summary>
/// Redemptions at a merchant's till, decided by the domain's own decider and appended to the volunteer's account stream
/// with the moment they happened as the events' timestamps (the settlement day is the timestamp's UTC date). The
/// redemption use cases are built elsewhere; these tests need only their events.
/// </summary>
public sealed class MerchantTill(TimeBankApp app, Guid merchantId, Actor cashier)
{
    private static int _code;

    public Guid MerchantId => merchantId;

    /// <summary>Issue a code, hold <paramref name="amount"/> at <paramref name="at"/>, then complete, void or leave it to expire.</summary>
    public async Task<Guid> RedeemAsync(Guid volunteerId, long amount, DateTimeOffset at, HoldEnd end = HoldEnd.Complete)
    {
        var holdId = Guid.CreateVersion7();
        var code = (Interlocked.Increment(ref _code) % 100_000_000).ToString("00000000", System.Globalization.CultureInfo.InvariantCulture);
        await DecideAsync(volunteerId, [
            (new IssueRedemptionCode(volunteerId, code, Actor.Volunteer(volunteerId)), at),
            (new HoldPoints(volunteerId, holdId, merchantId, code, amount, Guid.CreateVersion7(), cashier), at.AddSeconds(20)),
            end switch
            {
                HoldEnd.Complete => (new CompleteHold(volunteerId, holdId, cashier), at.AddMinutes(1)),
                HoldEnd.Void => (new VoidHold(volunteerId, holdId, cashier), at.AddMinutes(1)),
                _ => (new ExpireHold(volunteerId, holdId), at.AddMinutes(16)),
            },
        ]);
        return holdId;
    }

    public Task RefundAsync(Guid volunteerId, Guid holdId, long amount, DateTimeOffset at) =>
        DecideAsync(volunteerId, [(new RefundPoints(volunteerId, holdId, amount, Guid.CreateVersion7(), cashier), at)]);

    private async Task DecideAsync(Guid volunteerId, IReadOnlyList<(VolunteerAccountCommand Command, DateTimeOffset At)> steps)
    {
        await using var session = app.Store.LightweightSession();
        var version = (await session.Events.FetchStreamStateAsync(volunteerId))!.Version;
        var account = await session.Events.AggregateStreamAsync<VolunteerAccount>(volunteerId);
        var events = new List<VolunteerAccountEvent>();
        var times = new List<DateTimeOffset>();
        foreach (var (command, at) in steps)
        {
            // The hold as stored, then as this test's own earlier steps (not yet appended) leave it.
            var holdId = VolunteerAccountDecider.HoldConcerned(command);
            var stored = holdId is { } id ? await session.LoadAsync<Hold>(id) : null;
            var hold = holdId is { } named ? Hold.Fold(named, events, stored) : null;
            var merchant = VolunteerAccountDecider.MerchantConcerned(command, hold) is { } merchantId ? await session.LoadAsync<Merchant>(merchantId) : null;
            foreach (var e in VolunteerAccountDecider.Decide(command, account, LedgerPolicy.Default, at, merchant, hold))
            {
                account = VolunteerAccount.Evolve(account, e);
                events.Add(e);
                times.Add(at);
            }
        }

        var action = session.Events.Append(volunteerId, version + events.Count, events.Cast<object>().ToArray());
        for (var i = 0; i < events.Count; i++)
        {
            action.Events[i].Timestamp = times[i];
        }

        await session.SaveChangesAsync();
    }
}

public enum HoldEnd
{
    Complete,
    Void,
    Expire,
}
