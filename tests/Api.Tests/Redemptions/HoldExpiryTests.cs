using Marten;
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
        string database;
        Guid volunteer;
        Guid holdId;
        DateTimeOffset expiresAt;
        await using (var first = new TimeBankApp())
        {
            await first.InitializeAsync();
            database = first.ConnectionString;
            var city = await TillCity.CreateAsync(first, TimeBankApp.ShortHoldDistrict);
            volunteer = await city.VolunteerWithPointsAsync(30);
            var cashier = await city.ApprovedMerchantAsync();
            var held = (await city.HoldAsync(cashier, await city.CodeAsync(volunteer), 20, Guid.NewGuid())).Ok();
            holdId = held.Get<Guid>("holdId");
            expiresAt = held.Get<DateTimeOffset>("expiresAt");
            Assert.Equal(TimeSpan.FromSeconds(TimeBankApp.ShortHoldSeconds), expiresAt - held.Get<DateTimeOffset>("heldAt"));
        }

        // The service was stopped before the hold was due.
        Assert.True(DateTimeOffset.UtcNow < expiresAt, "The first host took longer to stop than the hold lives; raise ShortHoldSeconds.");

        await using var second = new TimeBankApp { ExistingDatabase = database };
        await second.InitializeAsync();
        var account = await new TestCity(second, Guid.Empty, null!, null!, Guid.Empty)
            .UntilAccountAsync(volunteer, a => !a.Holds.ContainsKey(holdId), seconds: 90);

        Assert.Equal(HoldStatus.Expired, (await second.LoadAsync<Hold>(holdId))!.Status);
        Assert.Equal((30L, 0L), (account.AvailablePoints, account.HeldPoints));
        await using var session = second.Store.QuerySession();
        var expired = (await session.Events.FetchStreamAsync(volunteer)).Select(e => e.Data).OfType<HoldExpired>().Single();
        Assert.True(expired.ExpiredAt >= expiresAt);
    }
}

/// <summary>The count of wrong codes lives in PostgreSQL: every instance of the service sees it.</summary>
public sealed class CodeThrottlingAcrossInstancesTests
{
    [Fact]
    public async Task A_till_stopped_by_one_instance_is_stopped_by_another()
    {
        await using var first = new TimeBankApp();
        await first.InitializeAsync();
        var city = await TillCity.CreateAsync(first);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var guesser = await city.ApprovedMerchantAsync();

        // The limit counts per calendar minute: start early in one, so that the requests fall in the same minute.
        var now = DateTimeOffset.UtcNow;
        if (now.Second >= 30)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
        }

        for (var guess = 0; guess < 5; guess++)
        {
            (await city.HoldAsync(guesser, $"{guess:D8}", 5, Guid.NewGuid())).Refused(422, "REDEMPTION_CODE_INVALID");
        }

        await using var second = new TimeBankApp { ExistingDatabase = first.ConnectionString };
        await second.InitializeAsync();
        var elsewhere = new TillCity(second, city.City);
        (await elsewhere.HoldAsync(guesser, await elsewhere.CodeAsync(volunteer), 5, Guid.NewGuid())).Refused(429, "TOO_MANY_CODE_ATTEMPTS");
        Assert.Equal(30, (await elsewhere.AccountAsync(volunteer)).AvailablePoints);
    }
}
