using Marten;
using Marten.Events;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Projections;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>Many tills, one volunteer: never overdrawn, a code taken once, a till request held once.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RedemptionConcurrencyTests(TimeBankApp app)
{
    private const long Price = 3;

    [Fact]
    public async Task Sixty_four_tills_redeem_at_once_from_a_volunteer_who_has_enough_for_thirty_two()
    {
        var city = await TillCity.CreateAsync(app, TimeBankApp.ManyCodesDistrict);
        var volunteer = await city.VolunteerWithPointsAsync(32 * Price);
        var cashiers = new List<Actor>();
        for (var i = 0; i < 64; i++)
        {
            cashiers.Add(await city.ApprovedMerchantAsync());
        }

        // The volunteer's phone shows 64 live codes (the district allows 64): one per till, each till with its own merchant.
        var codes = new List<string>();
        for (var i = 0; i < 64; i++)
        {
            codes.Add(await city.CodeAsync(volunteer));
        }

        Assert.Equal(64, codes.Distinct().Count());
        Assert.Equal(64, (await city.AccountAsync(volunteer)).Codes.Count);

        // All 64 tills start together (released by one signal, no thread blocked while waiting): each holds with its own
        // code and completes at once, racing the others on the stream.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tills = cashiers.Zip(codes).Select(till => Task.Run(async () =>
        {
            await start.Task;
            var hold = await city.HoldAsync(till.First, till.Second, Price, Guid.NewGuid());
            return hold.Status == 200 ? await city.CompleteAsync(till.First, hold.HoldId) : hold;
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(tills);

        Assert.All(outcomes, o => Assert.True(o.Status == 200 || o.Code == "INSUFFICIENT_POINTS", o.ToString()));
        Assert.Equal(32, outcomes.Count(o => o.Status == 200 && o.Json["status"]!.GetValue<string>() == "COMPLETED"));
        Assert.Equal(32, outcomes.Count(o => o.Code == "INSUFFICIENT_POINTS"));
        Assert.All(outcomes.Where(o => o.Status != 200), o => o.Refused(422, "INSUFFICIENT_POINTS"));
        // The merchant never learns the volunteer's balance: the refusal says only that the points are not enough.
        Assert.All(outcomes.Where(o => o.Status != 200), o => Assert.Contains("does not have enough points", o.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal));

        // Each hold used a different one of the codes, and a used code left the account; a refused hold used none.
        await using (var session = app.Store.QuerySession())
        {
            var used = (await session.Events.FetchStreamAsync(volunteer)).Select(e => e.Data).OfType<PointsHeld>().Select(h => h.Code).ToList();
            Assert.Equal(32, used.Distinct().Count());
            Assert.Subset(codes.ToHashSet(), used.ToHashSet());
            var account = await city.AccountAsync(volunteer);
            Assert.Equal(codes.Except(used).Order(), account.Codes.Select(c => c.Value).Order());
        }

        await AssertNeverNegativeAndBalancedAsync(volunteer, expectedBalance: 0);
    }

    [Fact]
    public async Task Sixty_four_tills_sending_the_same_code_at_once_hold_once()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashiers = new List<Actor>();
        for (var i = 0; i < 64; i++)
        {
            cashiers.Add(await city.ApprovedMerchantAsync());
        }

        var code = await city.CodeAsync(volunteer);
        var outcomes = await Task.WhenAll(cashiers.Select(cashier => Task.Run(() => city.HoldAsync(cashier, code, 1, Guid.NewGuid()))));

        Assert.Single(outcomes, o => o.Status == 200);
        Assert.All(outcomes.Where(o => o.Status != 200), o => o.Refused(422, "REDEMPTION_CODE_INVALID"));
        var account = await city.AccountAsync(volunteer);
        Assert.Equal((29L, 1L), (account.AvailablePoints, account.HeldPoints));
    }

    [Fact]
    public async Task The_same_till_request_sent_ten_times_at_once_holds_once_and_answers_ten_times_alike()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var code = await city.CodeAsync(volunteer);
        var tillRequestId = Guid.NewGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => city.HoldAsync(cashier, code, 7, tillRequestId))));

        Assert.All(answers, a => a.Ok());
        Assert.Single(answers.Select(a => (a.Status, a.Body)).Distinct());
        var account = await city.AccountAsync(volunteer);
        Assert.Single(account.Holds);
        Assert.Equal((23L, 7L), (account.AvailablePoints, account.HeldPoints));
    }

    /// <summary>Every state the account went through, event by event, and the trial balance once the projection caught up.</summary>
    private async Task AssertNeverNegativeAndBalancedAsync(Guid volunteer, long expectedBalance)
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(volunteer);
        VolunteerAccount? state = null;
        foreach (var e in events)
        {
            state = VolunteerAccount.Evolve(state, (VolunteerAccountEvent)e.Data);
            Assert.True(state!.AvailablePoints >= 0 && state.PointsBalance >= 0 && state.HeldPoints >= 0, $"Negative after event {e.Version}");
        }

        Assert.Equal(expectedBalance, state!.PointsBalance);
        Assert.Empty(state.Holds);

        await app.Store.CaughtUpAsync();
        await using var read = app.Store.QuerySession();
        var balances = await read.Query<LedgerAccountBalance>().ToListAsync();
        Assert.Equal(0, balances.Sum(b => b.Points));
        Assert.Equal(expectedBalance, balances.Single(b => b.Id == AccountId.Volunteer(volunteer).Value).Points);
    }
}
