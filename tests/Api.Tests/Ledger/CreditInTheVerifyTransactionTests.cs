using Marten;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// A verification credits its records, and a revocation compensates its credit, in the command's own transaction
/// (docs/adr/0027-credit-in-the-verify-transaction.md): nothing to wait for once the command has returned.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class CreditInTheVerifyTransactionTests(TimeBankApp app)
{
    [Fact]
    public async Task A_verified_batch_is_credited_when_the_verify_returns()
    {
        var city = await TestCity.CreateAsync(app);
        var busy = await city.RegisterVolunteerAsync();
        var other = await city.RegisterVolunteerAsync();
        var busyRecords = new[] { await city.SubmitAsync(busy, day: 1, minutes: 90), await city.SubmitAsync(busy, day: 2, minutes: 30) };
        var otherRecord = await city.SubmitAsync(other, day: 1);

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([busyRecords[0], otherRecord, busyRecords[1]], city.OtherStaff))));

        foreach (var recordId in busyRecords.Append(otherRecord))
        {
            Assert.Equal(RecordStatus.Credited, (await app.LoadAsync<ServiceRecord>(recordId))!.Status);
        }

        // Two records of one volunteer in one batch: the second decided on the account the first one left.
        var account = await app.LoadAsync<VolunteerAccount>(busy);
        Assert.Equal(120, account!.ServiceMinutes);
        Assert.Equal(120, account.TimeCredits);
        Assert.Equal(90 * 10 * 150 / 6000 + 30 * 10 * 150 / 6000, account.AvailablePoints);
        Assert.All(busyRecords, id => Assert.True(account.Credits.ContainsKey(id)));
        Assert.Equal(60, (await app.LoadAsync<VolunteerAccount>(other))!.ServiceMinutes);
        Assert.Equal(busyRecords.Order(), CreditsIn(await EventsOfAsync(busy)));
        Assert.Equal(SnapshotJson(await city.ReplayAsync(busy)), SnapshotJson(account));
    }

    [Fact]
    public async Task A_revocation_is_compensated_when_the_revoke_returns()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var kept = await city.CreditedRecordAsync(volunteer, day: 1);
        var revoked = await city.CreditedRecordAsync(volunteer, day: 2);

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复登记", city.Staff))));

        Assert.Equal(RecordStatus.Revoked, (await app.LoadAsync<ServiceRecord>(revoked))!.Status);
        var account = await app.LoadAsync<VolunteerAccount>(volunteer);
        Assert.True(account!.Credits[revoked].Revoked);
        Assert.False(account.Credits[kept].Revoked);
        Assert.Equal(60, account.ServiceMinutes);
        Assert.Equal(60, account.TimeCredits);
        Assert.Single(await EventsOfAsync(volunteer), e => e is ServiceCreditRevoked r && r.RecordId == revoked);
    }

    /// <summary>
    /// Each round, two batches share every volunteer and name them in opposite orders. They run through the handler itself,
    /// each in its own session and transaction, with no retry around them: a deadlock or a lost race would fail the test.
    /// </summary>
    [Fact]
    public async Task Concurrent_batches_sharing_volunteers_in_opposite_orders_credit_each_record_exactly_once()
    {
        const int Volunteers = 8;
        const int Rounds = 5;
        var city = await TestCity.CreateAsync(app);
        var volunteers = new List<Guid>();
        for (var i = 0; i < Volunteers; i++)
        {
            volunteers.Add(await city.RegisterVolunteerAsync());
        }

        var rounds = new List<(Guid[] Forward, Guid[] Backward)>();
        for (var round = 0; round < Rounds; round++)
        {
            var forward = new List<Guid>();
            var backward = new List<Guid>();
            foreach (var volunteer in volunteers)
            {
                forward.Add(await city.SubmitAsync(volunteer, day: 2 * round));
                backward.Add(await city.SubmitAsync(volunteer, day: (2 * round) + 1));
            }

            backward.Reverse();
            rounds.Add(([.. forward], [.. backward]));
        }

        foreach (var (forward, backward) in rounds)
        {
            var outcomes = await Task.WhenAll(
                Task.Run(() => VerifyWithoutRetryAsync(new VerifyServiceRecords(forward, city.OtherStaff))),
                Task.Run(() => VerifyWithoutRetryAsync(new VerifyServiceRecords(backward, city.OtherStaff))));
            Assert.Equal([forward.Count(), backward.Count()], outcomes.Select(accepted => accepted.Streams.Count));
        }

        var records = rounds.SelectMany(r => r.Forward.Concat(r.Backward)).ToList();
        foreach (var recordId in records)
        {
            Assert.Equal(RecordStatus.Credited, (await app.LoadAsync<ServiceRecord>(recordId))!.Status);
        }

        foreach (var volunteer in volunteers)
        {
            var account = await app.LoadAsync<VolunteerAccount>(volunteer);
            Assert.Equal(2 * Rounds * 60, account!.ServiceMinutes);
            var own = (await Task.WhenAll(records.Select(id => app.LoadAsync<ServiceRecord>(id))))
                .Where(r => r!.VolunteerId == volunteer).Select(r => r!.Id).Order();
            Assert.Equal(own, CreditsIn(await EventsOfAsync(volunteer)));
            Assert.Equal(SnapshotJson(await city.ReplayAsync(volunteer)), SnapshotJson(account));
        }
    }

    /// <summary>What the generated Wolverine adapter does for the command: a session, the handler, one commit.</summary>
    private async Task<Accepted> VerifyWithoutRetryAsync(VerifyServiceRecords command)
    {
        await using var session = app.Store.LightweightSession();
        await using var scope = app.Services.CreateAsyncScope();
        // No record here goes over the cap, so nothing is sent to a pool (the adapter's bus would send it with the commit).
        var outcome = await VerifyServiceRecordsHandler.Handle(
            command, session, app.Services.GetRequiredService<PolicyBook>(), scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>(),
            app.Services.GetRequiredService<TimeProvider>(), CancellationToken.None,
            app.Services.GetRequiredService<TimeBank.Api.Districts.DistrictSettings>(), app.Services.GetRequiredService<TimeBank.Api.Districts.CityDirectory>());
        await session.SaveChangesAsync();
        return outcome;
    }

    private async Task<IReadOnlyList<object>> EventsOfAsync(Guid volunteerId)
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(volunteerId)).Select(e => e.Data)];
    }

    /// <summary>The records credited by the stream's events, sorted: a record credited twice shows twice.</summary>
    private static IEnumerable<Guid> CreditsIn(IEnumerable<object> events) =>
        events.OfType<ServiceCredited>().Select(e => e.RecordId).Order();

    private static string SnapshotJson(VolunteerAccount? account) => System.Text.Json.JsonSerializer.Serialize(account);
}
