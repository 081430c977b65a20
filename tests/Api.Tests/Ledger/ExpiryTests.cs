using Marten;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Accounts;
using TimeBank.Api.Tests.Host;
using Wolverine;

namespace TimeBank.Api.Tests.Ledger;

[Collection(LedgerCollection.Name)]
public sealed class ExpiryTests(TimeBankApp app)
{
    [Fact]
    public async Task The_expiry_job_finds_due_lots_and_moves_them_to_the_expiry_account()
    {
        // Points in this district expire as soon as they are earned.
        var city = await TestCity.CreateAsync(app, TimeBankApp.InstantExpiryDistrict);
        var volunteer = await city.RegisterVolunteerAsync();
        var recordId = await city.CreditedRecordAsync(volunteer, day: 1, minutes: 120);
        // The lot's earned points, not the available ones: the hourly job may already have expired them.
        var earned = Assert.Single((await app.LoadAsync<TimeBank.Ledger.Accounts.VolunteerAccount>(volunteer))!.Lots).Earned;
        Assert.True(earned > 0);

        await app.Services.GetRequiredService<IMessageBus>().InvokeAsync(new ExpireDuePoints());

        var account = await city.UntilAccountAsync(volunteer, a => a.AvailablePoints == 0);
        var lot = Assert.Single(account.Lots);
        Assert.Equal((recordId, earned, 0L), (lot.LotId, lot.Expired, lot.Remaining));
        Assert.Null(account.NextPointsExpiryAt);
        Assert.Equal(120, account.ServiceMinutes);
    }

    [Fact]
    public async Task An_occurrence_of_the_job_delivered_twice_runs_once()
    {
        // As a failover of the recurring-message agent publishes the same occurrence again (docs/adr/0046-several-nodes.md).
        var occurrence = $"ExpireDuePoints:{Guid.NewGuid():N}";
        var bus = app.Services.GetRequiredService<IMessageBus>();
        await bus.InvokeAsync(new ExpireDuePoints(), new DeliveryOptions { DeduplicationId = occurrence });
        await bus.InvokeAsync(new ExpireDuePoints(), new DeliveryOptions { DeduplicationId = occurrence });

        await using var session = app.Store.QuerySession();
        var sweeps = await session.Query<PointsExpirySweep>().Where(s => s.Id == occurrence).ToListAsync();
        Assert.Single(sweeps);
    }

    [Fact]
    public async Task An_account_expiry_stored_under_its_old_name_expires_the_due_points()
    {
        var city = await TestCity.CreateAsync(app, TimeBankApp.InstantExpiryDistrict);
        var volunteer = await city.RegisterVolunteerAsync();
        var recordId = await city.CreditedRecordAsync(volunteer, day: 1, minutes: 60);
        var earned = Assert.Single((await app.LoadAsync<TimeBank.Ledger.Accounts.VolunteerAccount>(volunteer))!.Lots).Earned;

        // As the inbox hands out a message stored before the job sent the ledger's own ExpirePoints.
        await app.Services.GetRequiredService<IMessageBus>().InvokeAsync(new StoredExpireAccountPoints(volunteer));

        var account = await city.UntilAccountAsync(volunteer, a => a.AvailablePoints == 0);
        var lot = Assert.Single(account.Lots);
        Assert.Equal((recordId, earned, 0L), (lot.LotId, lot.Expired, lot.Remaining));
    }
}
