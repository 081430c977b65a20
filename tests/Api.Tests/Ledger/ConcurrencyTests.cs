using System.Text.Json;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Projections;
using Wolverine;
using Wolverine.Tracking;
using static TimeBank.Api.Tests.Host.Sql;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>Many clients, one account: nothing lost, nothing applied twice, live state equal to the events replayed.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ConcurrencyTests(TimeBankApp app)
{
    [Fact]
    public async Task Sixty_four_concurrent_commands_on_one_account_lose_no_update()
    {
        // Points in this district expire at once, so expiry runs alongside the credits and revocations.
        var city = await TestCity.CreateAsync(app, TimeBankApp.InstantExpiryDistrict);
        var volunteer = await city.RegisterVolunteerAsync();
        var credited = new List<Guid>();
        for (var day = 0; day < 16; day++)
        {
            credited.Add(await city.CreditedRecordAsync(volunteer, day));
        }

        // A lot that is due when the expiry messages arrive and that nothing else touches: it expires exactly once.
        var kept = await city.CreditedRecordAsync(volunteer, day: 56);

        var pending = new List<Guid>();
        for (var day = 16; day < 56; day++)
        {
            pending.Add(await city.SubmitAsync(volunteer, day));
        }

        var commands = new List<Func<IMessageBus, Task<CommandOutcome>>>();
        commands.AddRange(pending.Select(id => (Func<IMessageBus, Task<CommandOutcome>>)(_ =>
            app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([id], city.OtherStaff))))));
        commands.AddRange(credited.Select(id => (Func<IMessageBus, Task<CommandOutcome>>)(_ =>
            app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(id, "登记有误", city.Staff))))));
        commands.AddRange(Enumerable.Range(0, 8).Select(_ => (Func<IMessageBus, Task<CommandOutcome>>)(async bus =>
        {
            await bus.PublishAsync(new TimeBank.Ledger.Accounts.ExpirePoints(volunteer));
            return CommandOutcome.Accept(Guid.Empty);
        })));
        Assert.Equal(64, commands.Count);

        // Wolverine's message tracking waits, bounded, until every message the commands set off (the eight expiries,
        // the credits of the verifications) has been handled or has failed.
        CommandOutcome[] outcomes = [];
        var tracked = await app.Services.GetRequiredService<IHost>().TrackActivity(TimeSpan.FromSeconds(90))
            .DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async bus =>
                outcomes = await Task.WhenAll(commands.Select(command => Task.Run(() => command(bus))))));

        Assert.Equal(TrackingStatus.Completed, tracked.Status);
        Assert.All(outcomes, outcome => Assert.True(outcome.Accepted, outcome.Message));
        var expiries = tracked.MessageSucceeded.MessagesOf<TimeBank.Ledger.Accounts.ExpirePoints>().Count(m => m.VolunteerId == volunteer);
        Assert.True(expiries >= 8, $"{expiries} of the 8 expiry messages for the account were handled.");
        var deadLettered = tracked.MovedToErrorQueue.Envelopes().Select(e => $"{e.MessageType}: {e.Message}").ToList();
        Assert.True(deadLettered.Count == 0, "dead-lettered: " + string.Join("; ", deadLettered));

        var account = await city.UntilAccountAsync(volunteer, a =>
            pending.All(a.Credits.ContainsKey) && credited.All(id => a.Credits[id].Revoked));
        Assert.Equal(pending.Count * 60 + 60, account.ServiceMinutes);
        Assert.Equal(pending.Count * 60 + 60, account.TimeCredits);
        Assert.Equal(Json(await city.ReplayAsync(volunteer)), Json(account));
        foreach (var id in pending)
        {
            await city.UntilAsync(id, RecordStatus.Credited);
        }

        // The kept lot expired once, in full, however many messages found it due at the same time.
        await using var session = app.Store.QuerySession();
        var events = (await session.Events.FetchStreamAsync(volunteer)).Select(e => e.Data).ToList();
        var keptLot = Assert.Single(account.Lots, lot => lot.LotId == kept);
        var keptExpiries = events.OfType<PointsExpired>().Where(e => e.LotId == kept).ToList();
        Assert.True(keptExpiries.Count == 1, $"the kept lot expired {keptExpiries.Count} times: {string.Join(", ", keptExpiries.Select(e => e.Points))} points");
        Assert.Equal((keptLot.Earned, 0L, keptLot.Earned), (keptExpiries[0].Points, keptLot.Remaining, keptLot.Expired));
        Assert.All(account.Lots, lot => Assert.Equal(lot.Expired, events.OfType<PointsExpired>().Where(e => e.LotId == lot.LotId).Sum(e => e.Points)));
    }

    [Fact]
    public async Task Two_staff_verifying_the_same_record_at_once_credit_it_once()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var recordId = await city.SubmitAsync(volunteer, day: 1);
        var otherStaffOfCommunity = TimeBank.Ledger.Actors.Actor.Staff(Guid.CreateVersion7(), city.CommunityId);

        var outcomes = await Task.WhenAll(
            Task.Run(() => app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([recordId], city.OtherStaff)))),
            Task.Run(() => app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([recordId], otherStaffOfCommunity)))));

        Assert.Single(outcomes, o => o.Accepted);
        await city.UntilAsync(recordId, RecordStatus.Credited);
        var account = await app.LoadAsync<VolunteerAccount>(volunteer);
        Assert.Equal(60, account!.ServiceMinutes);
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(volunteer);
        Assert.Single(events, e => e.Data is ServiceCredited);
    }

    [Fact]
    public async Task Every_command_sent_twice_at_once_is_applied_once()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var submission = Idempotent.Of(Guid.CreateVersion7(), city.Submission(volunteer, day: 1));
        var submitted = await Task.WhenAll(Task.Run(() => app.SendAsync(submission)), Task.Run(() => app.SendAsync(submission)));
        var verify = Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([submission.Command.RecordId], city.OtherStaff));
        var verified = await Task.WhenAll(Task.Run(() => app.SendAsync(verify)), Task.Run(() => app.SendAsync(verify)));
        await city.UntilAsync(submission.Command.RecordId, RecordStatus.Credited);
        var revoke = Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(submission.Command.RecordId, "误登", city.Staff));
        var revoked = await Task.WhenAll(Task.Run(() => app.SendAsync(revoke)), Task.Run(() => app.SendAsync(revoke)));

        foreach (var pair in new[] { submitted, verified, revoked })
        {
            Assert.All(pair, o => Assert.True(o.Accepted, o.Message));
            Assert.Single(pair, o => o.Replayed);
        }

        var account = await city.UntilAccountAsync(volunteer, a => a.Credits.TryGetValue(submission.Command.RecordId, out var c) && c.Revoked);
        Assert.Equal(0, account.ServiceMinutes);
        await using var session = app.Store.QuerySession();
        var recordEvents = await session.Events.FetchStreamAsync(submission.Command.RecordId);
        Assert.Equal(4, recordEvents.Count); // submitted, verified, credited, revoked
    }

    [Fact]
    public async Task A_full_projection_rebuild_equals_the_live_documents()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteers = new[] { await city.RegisterVolunteerAsync(), await city.RegisterVolunteerAsync() };
        foreach (var volunteer in volunteers)
        {
            await city.CreditedRecordAsync(volunteer, day: 1);
            var revoked = await city.CreditedRecordAsync(volunteer, day: 2);
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复", city.Staff))));
            await city.UntilAccountAsync(volunteer, a => a.Credits[revoked].Revoked);
        }

        await app.Store.CaughtUpAsync();
        var before = await SnapshotAsync(volunteers);

        using var daemon = await app.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<VolunteerAccount>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<ServiceRecord>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<LedgerAccountBalance>(CancellationToken.None);
        await daemon.RebuildProjectionAsync(typeof(VolunteerHistoryProjection), CancellationToken.None);

        Assert.Equal(before, await SnapshotAsync(volunteers));
    }

    [Fact]
    public async Task A_rebuild_plans_each_statement_for_its_own_parameters_and_the_service_keeps_generic_plans()
    {
        Assert.Equal("force_custom_plan", await ScalarAsync<string>(LedgerStore.ForProjectionRebuild(app.ConnectionString), "SHOW plan_cache_mode"));

        await using var connection = app.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var show = new Npgsql.NpgsqlCommand("SHOW plan_cache_mode", connection);
        Assert.Equal("auto", await show.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_trial_balance_sums_to_zero_per_unit()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        await city.CreditedRecordAsync(volunteer, day: 1, minutes: 150);

        await app.Store.CaughtUpAsync();
        await using var session = app.Store.QuerySession();
        var lines = await session.Query<LedgerAccountBalance>().ToListAsync();

        Assert.NotEmpty(lines);
        Assert.Equal(0, lines.Sum(l => l.ServiceMinutes));
        Assert.Equal(0, lines.Sum(l => l.TimeCredits));
        Assert.Equal(0, lines.Sum(l => l.Points));
        Assert.Contains(lines, l => l.Id == AccountId.Volunteer(volunteer).Value && l.ServiceMinutes == 150);
    }

    private async Task<string> SnapshotAsync(Guid[] volunteers)
    {
        await using var session = app.Store.QuerySession();
        var accounts = await session.LoadManyAsync<VolunteerAccount>(volunteers);
        var records = await session.Query<ServiceRecord>().Where(r => volunteers.Contains(r.VolunteerId)).OrderBy(r => r.Id).ToListAsync();
        var history = await session.Query<VolunteerHistoryEntry>().Where(h => volunteers.Contains(h.VolunteerId)).OrderBy(h => h.Sequence).ToListAsync();
        var balances = await session.Query<LedgerAccountBalance>().OrderBy(b => b.Id).ToListAsync();
        return Json(new { accounts = accounts.OrderBy(a => a.Id), records, history, balances });
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value);
}
