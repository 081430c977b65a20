using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.PersonalData;
using TimeBank.Api.Communities;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Accounts;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>A community with two staff and one project, set up through the real commands, with fresh ids per test.</summary>
public sealed class TestCity(TimeBankApp app, Guid communityId, Actor staff, Actor otherStaff, Guid projectId)
{
    public Guid CommunityId => communityId;
    public Actor Staff => staff;
    public Actor OtherStaff => otherStaff;
    public Guid ProjectId => projectId;

    /// <summary>Service of an hour on day <paramref name="day"/> counted back from yesterday, at the given hour.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Slot(int day, int hour = 9, int minutes = 60)
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(-1 - day).AddHours(hour);
        return (start, start.AddMinutes(minutes));
    }

    public static async Task<TestCity> CreateAsync(TimeBankApp app, string district = "市南区")
    {
        var communityId = Guid.CreateVersion7();
        var staff = Actor.Staff(Guid.CreateVersion7(), communityId);
        var otherStaff = Actor.Staff(Guid.CreateVersion7(), communityId);
        var projectId = Guid.CreateVersion7();
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterCommunity(communityId, "八大关社区", "八大关街道", district, TimeBankApp.CityAdmin))));
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new AssignStaff(communityId, staff.PersonId, TimeBankApp.CityAdmin))));
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new AssignStaff(communityId, otherStaff.PersonId, TimeBankApp.CityAdmin))));
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new PublishProject(projectId, communityId, "助老服务", "elderly", 150, true, "活动室", staff))));
        return new TestCity(app, communityId, staff, otherStaff, projectId);
    }

    public async Task<Guid> RegisterVolunteerAsync()
    {
        var volunteerId = Guid.CreateVersion7();
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterVolunteer(volunteerId, communityId, "V-" + volunteerId.ToString("N")[^12..], staff, new PersonalDetails("测试志愿者")))));
        return volunteerId;
    }

    /// <summary>A submission by the community's staff; sent as <c>Idempotent.Of(commandId, submission)</c>.</summary>
    public SubmitServiceRecord Submission(Guid volunteerId, int day, int hour = 9, int minutes = 60) =>
        new(Guid.CreateVersion7(), volunteerId, projectId, Slot(day, hour, minutes).Start,
            Slot(day, hour, minutes).End, minutes, "陪伴老人", null, null, 5, "张主任", staff);

    public async Task<Guid> SubmitAsync(Guid volunteerId, int day, int hour = 9, int minutes = 60)
    {
        var submission = Submission(volunteerId, day, hour, minutes);
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), submission)));
        return submission.RecordId;
    }

    public async Task<Guid> CreditedRecordAsync(Guid volunteerId, int day, int hour = 9, int minutes = 60)
    {
        var recordId = await SubmitAsync(volunteerId, day, hour, minutes);
        Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([recordId], otherStaff))));
        await UntilAsync(recordId, RecordStatus.Credited);
        return recordId;
    }

    /// <summary>Polls the record, bounded, until it has <paramref name="status"/> (a verification credits in its own transaction, so it is there at once).</summary>
    public async Task UntilAsync(Guid recordId, RecordStatus status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var record = await app.LoadAsync<ServiceRecord>(recordId);
            if (record?.Status == status)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Record {recordId} is {record?.Status.ToString() ?? "missing"}, not {status}, after {seconds} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the account has seen every credit and revocation the test sent.</summary>
    public async Task<VolunteerAccount> UntilAccountAsync(Guid volunteerId, Func<VolunteerAccount, bool> settled, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var account = await app.LoadAsync<VolunteerAccount>(volunteerId);
            if (account is not null && settled(account))
            {
                return account;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Account {volunteerId} did not settle within {seconds} s.");
            }

            await Task.Delay(50);
        }
    }

    public async Task<VolunteerAccount?> ReplayAsync(Guid volunteerId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.AggregateStreamAsync<VolunteerAccount>(volunteerId);
    }

    public static CommandOutcome Accept(CommandOutcome outcome)
    {
        Assert.True(outcome.Accepted, $"{outcome.Code}: {outcome.Message}");
        return outcome;
    }
}
