using Marten;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>A hold nobody ends is released by its scheduled message, stored in PostgreSQL: a restart does not lose it.</summary>
public sealed class HoldExpiryTests
{
    [Fact]
    public async Task A_hold_left_alone_expires_after_a_restart_of_the_service()
    {
        // One clock for both hosts, moved only by the test: the first host never reaches the hold's end.
        var clock = new ModelClock();
        string database;
        Guid volunteer;
        Guid holdId;
        DateTimeOffset expiresAt;
        await using (var first = new ClockedTillApp { Clock = clock })
        {
            await first.InitializeAsync();
            database = first.ConnectionString;
            var city = await TillCity.CreateAsync(first, TimeBankApp.ShortHoldDistrict);
            volunteer = await city.VolunteerWithPointsAsync(30);
            var cashier = await city.ApprovedMerchantAsync();

            // The scheduled message is stored for the hold's end and handed out by the system's clock: the service's
            // clock starts from the system's for this hold, so the message is not due before the first host stops.
            clock.CatchUpWithSystem();
            var code = await city.CodeAsync(volunteer);
            var held = (await city.HoldAsync(cashier, code, 20, Guid.NewGuid())).Ok();
            holdId = held.Get<Guid>("holdId");
            expiresAt = held.Get<DateTimeOffset>("expiresAt");
            Assert.Equal(clock.Now, held.Get<DateTimeOffset>("heldAt"));
            Assert.Equal(TimeSpan.FromSeconds(TimeBankApp.ShortHoldSeconds), expiresAt - held.Get<DateTimeOffset>("heldAt"));
            Assert.Equal(HoldStatus.Held, (await first.LoadAsync<Hold>(holdId))!.Status);
        }

        // The service was stopped before its clock reached the hold's end: only the second host can expire it.
        clock.Advance(expiresAt - clock.Now);
        await using var second = new ClockedTillApp { Clock = clock, ExistingDatabase = database };
        await second.InitializeAsync();
        var account = await UntilReleasedAsync(second, volunteer, holdId, expiresAt, TimeSpan.FromSeconds(60));

        Assert.Equal(HoldStatus.Expired, (await second.LoadAsync<Hold>(holdId))!.Status);
        Assert.Equal((30L, 0L), (account.AvailablePoints, account.HeldPoints));
        await using var session = second.Store.QuerySession();
        var expired = (await session.Events.FetchStreamAsync(volunteer)).Select(e => e.Data).OfType<HoldExpired>().Single();
        Assert.Equal(holdId, expired.HoldId);
        Assert.Equal(expiresAt, expired.ExpiredAt);
    }

    private static async Task<VolunteerAccount> UntilReleasedAsync(TimeBankApp app, Guid volunteer, Guid holdId, DateTimeOffset expiresAt, TimeSpan within)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var account = await app.LoadAsync<VolunteerAccount>(volunteer);
            if (account is not null && !account.Holds.ContainsKey(holdId))
            {
                return account;
            }

            if (waited.Elapsed > within)
            {
                var hold = await app.LoadAsync<Hold>(holdId);
                Assert.Fail($"Waited {within.TotalSeconds:0} s for the second host to expire hold {holdId} (due {expiresAt:O}, the service's clock at " +
                    $"{app.Services.GetRequiredService<TimeProvider>().GetUtcNow():O}); the hold is {hold?.Status.ToString() ?? "missing"}, " +
                    $"the account holds {account?.HeldPoints} points.");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>The count of wrong codes lives in PostgreSQL: every instance of the service sees it.</summary>
public sealed class CodeThrottlingAcrossInstancesTests
{
    [Fact]
    public async Task A_till_stopped_by_one_instance_is_stopped_by_another()
    {
        var clock = new ModelClock();
        await using var first = new ClockedTillApp { Clock = clock };
        await first.InitializeAsync();
        var city = await TillCity.CreateAsync(first);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var guesser = await city.ApprovedMerchantAsync();

        // The limit counts per calendar minute of the service's clock: every request below falls in one.
        first.MoveClockIntoNextMinute(second: 0);
        for (var guess = 0; guess < 5; guess++)
        {
            (await city.HoldAsync(guesser, $"{guess:D8}", 5, Guid.NewGuid())).Refused(422, "REDEMPTION_CODE_INVALID");
        }

        await using var second = new ClockedTillApp { Clock = clock, ExistingDatabase = first.ConnectionString };
        await second.InitializeAsync();
        var elsewhere = new TillCity(second, city.City);
        var code = await elsewhere.CodeAsync(volunteer);
        second.MoveClockTo(clock.Now.AddSeconds(59));
        var throttled = await elsewhere.HoldAsync(guesser, code, 5, Guid.NewGuid());
        throttled.Refused(429, "TOO_MANY_CODE_ATTEMPTS");
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);
        Assert.Equal(30, (await elsewhere.AccountAsync(volunteer)).AvailablePoints);
    }
}

/// <summary>
/// A hold's expiry stored before the host sent the ledger's own <see cref="ExpireHold"/> (under the name
/// <c>TimeBank.Api.Redemptions.ExpireHold</c>, <see cref="TimeBank.Api.Accounts.Redemptions.StoredExpireHold"/>) still expires its hold.
/// </summary>
public sealed class StoredHoldExpiryTests(ClockedTillApp app) : IClassFixture<ClockedTillApp>
{
    [Fact]
    public async Task An_expiry_stored_under_its_old_name_expires_the_hold_once()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var held = (await city.HoldAsync(cashier, await city.CodeAsync(volunteer), 20, Guid.NewGuid())).Ok();
        var holdId = held.Get<Guid>("holdId");
        app.MoveClockTo(held.Get<DateTimeOffset>("expiresAt"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
            await bus.InvokeAsync(new TimeBank.Api.Accounts.Redemptions.StoredExpireHold(volunteer, holdId));
            // Delivered twice (the inbox hands it out again after a crash): the hold that ended is left alone.
            await bus.InvokeAsync(new TimeBank.Api.Accounts.Redemptions.StoredExpireHold(volunteer, holdId));
        }

        Assert.Equal(HoldStatus.Expired, (await app.LoadAsync<Hold>(holdId))!.Status);
        Assert.Equal((30L, 0L), ((await city.AccountAsync(volunteer)).AvailablePoints, (await city.AccountAsync(volunteer)).HeldPoints));
        await using var session = app.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(volunteer)).Select(e => e.Data).OfType<HoldExpired>());
    }
}
