using FsCheck;
using FsCheck.Fluent;
using TimeBank.Api.Commands;
using TimeBank.Api.Communities;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Tests.Model;
using Domain = TimeBank.Ledger.ServiceRecords;
using Service = TimeBank.Api.ServiceRecords;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// Model-based testing, the way ledger engines audit themselves: random command sequences (FsCheck) go through the real
/// service on PostgreSQL and through the pure model of the ledger; after every step each outcome, each record's status
/// and each balance must agree.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ModelBasedTests(TimeBankApp app)
{
    private const int Volunteers = 3;

    /// <summary>One step of a history, by index into the volunteers and the records submitted so far.</summary>
    public sealed record Step(int Kind, int Volunteer, int Record, int Day, int Hour, int Minutes);

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)))
        from volunteer in Gen.Choose(0, Volunteers - 1)
        from record in Gen.Choose(0, 40)
        from day in Gen.Choose(0, 3)
        from hour in Gen.Choose(6, 20)
        from minutes in Gen.Elements(30, 60, 90, 150)
        select new Step(kind, volunteer, record, day, hour, minutes);

    [Fact]
    public async Task The_service_agrees_with_the_model_after_every_step()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("TIMEBANK_MODEL_CASES"), out var n) ? n : 6;
        var histories = Gen.Sample(Gen.ListOf(StepGen).Where(steps => steps.Count >= 8).Select(steps => steps.Take(20).ToList()), cases);
        foreach (var history in histories)
        {
            await RunAsync(history);
        }
    }

    private async Task RunAsync(IReadOnlyList<Step> history)
    {
        var communityId = Guid.CreateVersion7();
        var staff = Actor.Staff(Guid.CreateVersion7(), communityId);
        var verifier = Actor.Staff(Guid.CreateVersion7(), communityId);
        var projectId = Guid.CreateVersion7();
        var volunteers = Enumerable.Range(0, Volunteers).Select(_ => Guid.CreateVersion7()).ToArray();

        var model = new LedgerModel();
        model.RegisterCommunity(communityId, "八大关社区", staff.PersonId, verifier.PersonId);
        model.PublishProject(projectId, communityId, "助老服务", "elderly", 120, true, "活动室");
        TestCity.Accept(await app.SendAsync(new RegisterCommunity(Guid.CreateVersion7(), TimeBankApp.CityAdmin, communityId, "八大关社区", "八大关街道", "市南区")));
        TestCity.Accept(await app.SendAsync(new AssignStaff(Guid.CreateVersion7(), TimeBankApp.CityAdmin, communityId, staff.PersonId)));
        TestCity.Accept(await app.SendAsync(new AssignStaff(Guid.CreateVersion7(), TimeBankApp.CityAdmin, communityId, verifier.PersonId)));
        TestCity.Accept(await app.SendAsync(new PublishProject(Guid.CreateVersion7(), staff, projectId, communityId, "助老服务", "elderly", 120, true, "活动室")));
        var city = new TestCity(app, communityId, staff, verifier, projectId);
        foreach (var volunteer in volunteers)
        {
            Assert.IsType<Accepted>(model.RegisterVolunteer(volunteer, communityId, "V", DateTimeOffset.UtcNow));
            TestCity.Accept(await app.SendAsync(new Volunteers.RegisterVolunteer(Guid.CreateVersion7(), staff, volunteer, communityId, "V", new TimeBank.Api.PersonalData.PersonalDetails("志愿者"))));
        }

        var records = new List<Guid>();
        (Guid Id, object ModelCommand, ILedgerCommand ServiceCommand)? last = null;
        foreach (var step in history)
        {
            var commandId = Guid.CreateVersion7();
            var recordId = records.Count == 0 ? Guid.CreateVersion7() : records[step.Record % records.Count];
            (object, ILedgerCommand)? pair = step.Kind switch
            {
                0 => Submission(commandId, staff, volunteers[step.Volunteer], projectId, step, records),
                1 when records.Count > 0 => ((object, ILedgerCommand)?)(new VerifyServiceRecord(recordId, verifier), new Service.VerifyServiceRecords(commandId, verifier, [recordId])),
                2 when records.Count > 0 => (new Domain.RevokeServiceRecord(recordId, "登记有误", staff), new Service.RevokeServiceRecord(commandId, staff, recordId, "登记有误")),
                3 when records.Count > 0 => (new Domain.RejectServiceRecord(recordId, "时间不符", staff), new Service.RejectServiceRecord(commandId, staff, recordId, "时间不符")),
                4 when last is not null => (last.Value.ModelCommand, last.Value.ServiceCommand),
                _ => null,
            };
            if (pair is not { } commands)
            {
                continue;
            }

            var id = step.Kind == 4 ? last!.Value.Id : commandId;
            var expected = model.Execute(id, commands.Item1, DateTimeOffset.UtcNow);
            var actual = await app.SendAsync(commands.Item2);
            last = (id, commands.Item1, commands.Item2);

            Assert.True(expected is Accepted == actual.Accepted, $"{commands.Item2.GetType().Name}: model {expected}, service {actual.Code} {actual.Message}");
            if (expected is Refused refused)
            {
                Assert.Equal(refused.Code, actual.Code);
            }

            await AgreeAsync(model, city, volunteers, records);
        }
    }

    private static (object, ILedgerCommand) Submission(Guid commandId, Actor staff, Guid volunteer, Guid projectId, Step step, List<Guid> records)
    {
        var recordId = Guid.CreateVersion7();
        records.Add(recordId);
        var (start, end) = TestCity.Slot(step.Day, step.Hour, step.Minutes);
        return (
            new Domain.SubmitServiceRecord(recordId, volunteer, projectId, start, end, step.Minutes, "陪伴老人", null, null, 5, "张主任", staff),
            new Service.SubmitServiceRecord(commandId, staff, recordId, volunteer, projectId, start, end, step.Minutes, "陪伴老人", null, null, 5, "张主任"));
    }

    private async Task AgreeAsync(LedgerModel model, TestCity city, Guid[] volunteers, List<Guid> records)
    {
        // The model credits synchronously; the service through a durable message: wait for it to catch up.
        foreach (var recordId in records)
        {
            if (model.RecordState(recordId) is { } expected)
            {
                await city.UntilAsync(recordId, expected.Status);
            }
            else
            {
                Assert.Null(await app.LoadAsync<ServiceRecord>(recordId));
            }
        }

        foreach (var volunteer in volunteers)
        {
            var expected = model.AccountState(volunteer)!;
            var actual = await city.UntilAccountAsync(volunteer, a =>
                a.Credits.Count == expected.Credits.Count && a.Credits.Values.Count(c => c.Revoked) == expected.Credits.Values.Count(c => c.Revoked));
            Assert.Equal(
                (expected.ServiceMinutes, expected.TimeCredits, expected.TimeCreditDebt, expected.AvailablePoints, expected.PointsDebt, expected.StarLevel),
                (actual.ServiceMinutes, actual.TimeCredits, actual.TimeCreditDebt, actual.AvailablePoints, actual.PointsDebt, actual.StarLevel));
        }
    }
}
