using TimeBank.Api.Commands;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace TimeBank.Api.Tests.Ledger;

[Collection(LedgerCollection.Name)]
public sealed class ServiceRecordFlowTests(TimeBankApp app)
{
    [Fact]
    public async Task A_verified_record_is_credited_once_with_hours_credits_and_points()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();

        var recordId = await city.CreditedRecordAsync(volunteer, day: 3, minutes: 90);

        var account = await app.LoadAsync<VolunteerAccount>(volunteer);
        Assert.NotNull(account);
        Assert.Equal(90, account.ServiceMinutes);
        Assert.Equal(90, account.TimeCredits);
        Assert.Equal(90 * 10 * 150 / 6000, account.AvailablePoints); // 22 points: 1.5 h × 10/h × 1.5, rounded down
        Assert.True(account.Credits.ContainsKey(recordId));
    }

    [Fact]
    public async Task Refused_submissions_write_nothing_and_say_why()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        await city.SubmitAsync(volunteer, day: 2, hour: 9, minutes: 120);

        var overlapping = city.Submission(volunteer, day: 2, hour: 10);
        var backwards = city.Submission(volunteer, day: 4) with { EndedAt = TestCity.Slot(4).Start.AddMinutes(-5) };
        var tooLong = city.Submission(volunteer, day: 5, hour: 0, minutes: 13 * 60);
        var future = city.Submission(volunteer, day: 6) with { StartedAt = DateTimeOffset.UtcNow.AddHours(1), EndedAt = DateTimeOffset.UtcNow.AddHours(2) };
        var unknownVolunteer = city.Submission(Guid.CreateVersion7(), day: 7);
        var unknownProject = city.Submission(volunteer, day: 8) with { ProjectId = Guid.CreateVersion7() };

        Assert.Equal(RefusalCodes.RecordOverlaps, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), overlapping))).Code);
        Assert.Equal(RefusalCodes.RecordEndsBeforeStart, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), backwards))).Code);
        Assert.Equal(RefusalCodes.RecordTooLong, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), tooLong))).Code);
        Assert.Equal(RefusalCodes.RecordInFuture, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), future))).Code);
        Assert.Equal(RefusalCodes.VolunteerNotFound, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), unknownVolunteer))).Code);
        Assert.Equal(RefusalCodes.ProjectNotFound, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), unknownProject))).Code);

        foreach (var refused in new[] { overlapping, backwards, tooLong, future, unknownVolunteer, unknownProject })
        {
            Assert.Null(await app.LoadAsync<ServiceRecord>(refused.RecordId));
        }
    }

    [Fact]
    public async Task A_volunteer_cannot_verify_their_own_record()
    {
        var city = await TestCity.CreateAsync(app);
        var staffVolunteerId = city.Staff.PersonId;
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterVolunteer(staffVolunteerId, city.CommunityId, "V-" + staffVolunteerId.ToString("N")[^12..], city.OtherStaff, new PersonalDetails("员工志愿者")))));
        var recordId = await city.SubmitAsync(staffVolunteerId, day: 1);

        var outcome = await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([recordId], city.Staff)));

        Assert.Equal(RefusalCodes.OwnRecord, outcome.Code);
        Assert.Equal(RecordStatus.Submitted, (await app.LoadAsync<ServiceRecord>(recordId))!.Status);
    }

    [Fact]
    public async Task A_batch_with_one_bad_record_verifies_none()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var good = await city.SubmitAsync(volunteer, day: 1);
        var missing = Guid.CreateVersion7();

        var outcome = await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new VerifyServiceRecords([good, missing], city.OtherStaff)));

        Assert.Equal(RefusalCodes.NotFound, outcome.Code);
        Assert.Contains(missing.ToString(), outcome.Message, StringComparison.Ordinal);
        Assert.Equal(RecordStatus.Submitted, (await app.LoadAsync<ServiceRecord>(good))!.Status);
    }

    [Fact]
    public async Task Revoking_twice_is_refused_and_compensates_once()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var kept = await city.CreditedRecordAsync(volunteer, day: 1);
        var revoked = await city.CreditedRecordAsync(volunteer, day: 2);

        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复登记", city.Staff))));
        var again = await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复登记", city.Staff)));

        Assert.Equal(RefusalCodes.AlreadyRevoked, again.Code);
        var account = await city.UntilAccountAsync(volunteer, a => a.Credits[revoked].Revoked);
        Assert.Equal(60, account.ServiceMinutes);
        Assert.Equal(60, account.TimeCredits);
        Assert.False(account.Credits[kept].Revoked);
    }

    [Fact]
    public async Task A_repeated_command_id_returns_the_first_outcome_and_changes_nothing()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var submission = Idempotent.Of(Guid.CreateVersion7(), city.Submission(volunteer, day: 1));

        var first = await app.SendAsync(submission);
        var second = await app.SendAsync(submission);
        var reused = await app.SendAsync(submission with { Command = submission.Command with { MinutesServed = 30 } });

        Assert.True(first.Accepted);
        Assert.False(first.Replayed);
        Assert.True(second.Accepted);
        Assert.True(second.Replayed);
        Assert.Equal(Idempotency.KeyReused, reused.Code);
        await using var session = app.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(submission.Command.RecordId));
    }

    [Fact]
    public async Task A_ledger_command_with_its_id_beside_it_is_decided_once_and_a_refusal_is_remembered_alone()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var recordId = await city.SubmitAsync(volunteer, day: 1);
        var withoutReason = Idempotent.Of(Guid.CreateVersion7(), new RejectServiceRecord(recordId, " ", city.Staff));
        var rejection = Idempotent.Of(Guid.CreateVersion7(), new RejectServiceRecord(recordId, "时间不符", city.Staff));

        var refused = await app.SendAsync(withoutReason);
        var refusedAgain = await app.SendAsync(withoutReason);
        var accepted = await app.SendAsync(rejection);
        var acceptedAgain = await app.SendAsync(rejection);
        var reused = await app.SendAsync(rejection with { Command = rejection.Command with { Reason = "另一个理由" } });

        Assert.Equal((withoutReason.CommandId, RefusalCodes.ReasonRequired, false), (refused.CommandId, refused.Code, refused.Replayed));
        Assert.Equal((refused.CommandId, refused.Code, refused.Message, true), (refusedAgain.CommandId, refusedAgain.Code, refusedAgain.Message, refusedAgain.Replayed));
        Assert.Equal((rejection.CommandId, true, false), (accepted.CommandId, accepted.Accepted, accepted.Replayed));
        Assert.Equal([recordId], accepted.Streams);
        Assert.Equal((accepted.CommandId, true, true), (acceptedAgain.CommandId, acceptedAgain.Accepted, acceptedAgain.Replayed));
        Assert.Equal(accepted.Streams, acceptedAgain.Streams);
        Assert.Equal(Idempotency.KeyReused, reused.Code);
        await using var session = app.Store.QuerySession();
        Assert.Equal(2, (await session.Events.FetchStreamAsync(recordId)).Count); // submitted, rejected: once
        Assert.Equal(RefusalCodes.ReasonRequired, (await session.LoadAsync<ProcessedCommand>(withoutReason.CommandId))?.Outcome.Code);
        Assert.True((await session.LoadAsync<ProcessedCommand>(rejection.CommandId))?.Outcome.Accepted);
    }

    [Fact]
    public async Task A_first_attempt_reads_no_stored_outcome_and_a_command_seen_before_is_answered_from_it()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var recordId = await city.SubmitAsync(volunteer, day: 1);
        var rejection = Idempotent.Of(Guid.CreateVersion7(), new RejectServiceRecord(recordId, "时间不符", city.Staff));

        string first;
        using (app.Logs.RecordOwnTrace())
        {
            TestCity.Accept(await app.SendAsync(rejection));
            first = app.Logs.Text;
        }

        string again;
        CommandOutcome replayed;
        using (app.Logs.RecordOwnTrace())
        {
            replayed = await app.SendAsync(rejection);
            again = app.Logs.Text;
        }

        // The first attempt writes its outcome with a plain insert and reads none; the resend is refused by the decider,
        // fails on that insert's key, and its retry reads the outcome and answers it.
        Assert.Contains("insert into timebank.mt_doc_processedcommand", first, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("from timebank.mt_doc_processedcommand", first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("from timebank.mt_doc_processedcommand", again, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((rejection.CommandId, true, true), (replayed.CommandId, replayed.Accepted, replayed.Replayed));
    }

    [Fact]
    public async Task A_ledger_command_sent_to_the_bus_without_its_id_is_not_decided()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var recordId = await city.SubmitAsync(volunteer, day: 1);

        await using var scope = app.Services.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var unsent = await Assert.ThrowsAsync<InvalidOperationException>(() => bus.InvokeAsync<CommandOutcome>(new RejectServiceRecord(recordId, "时间不符", city.Staff)));

        Assert.Contains(CommandIdempotency.CommandIdHeader, unsent.Message, StringComparison.Ordinal);

        await using var session = app.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(recordId));
    }
}
