using Bogus;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Bench;

/// <summary>One event to append to one stream.</summary>
public readonly record struct StreamEvent(Guid StreamId, object Event);

/// <summary>
/// Two years of a city's history, as the service would have written it: communities with staff and projects,
/// volunteers, and activities in time order, where staff record the service of 5 to 40 volunteers, then verify it (a few
/// records are rejected), and each verified record is credited to its volunteer's account (the account's own decider
/// computes the postings, points and stars); now and then a credited record is revoked. Streams interleave as in real
/// life: every activity touches many record and account streams. Seeded: the same size gives the same history.
/// </summary>
public sealed partial class LedgerHistoryGenerator(int seed = 20_240_601)
{
    private static readonly string[] Districts = ["市南区", "市北区", "李沧区", "崂山区", "黄岛区", "城阳区", "即墨区"];
    private static readonly string[] Categories = ["elderly", "children", "environment", "culture", "health", "community", "disability"];
    private static readonly string[] Contents = ["陪伴老人读报", "社区垃圾分类宣传", "儿童课后辅导", "义诊协助", "图书馆整理", "助残出行", "海滩清洁"];

    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(seed) };
    private readonly Dictionary<Guid, VolunteerAccount?> _accounts = [];

    public IEnumerable<StreamEvent> Generate(long events)
    {
        var f = _faker;
        var now = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var admin = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-00000000a001"));
        var communityCount = (int)Math.Clamp(events / 25_000, 3, 200);
        var volunteerCount = (int)Math.Clamp(events / 25, 20, 60_000);
        var communities = new List<(Guid Id, Actor[] Staff, ProjectPublished[] Projects, List<Guid> Volunteers)>();
        long written = 0;

        for (var c = 0; c < communityCount; c++)
        {
            var id = Guid.CreateVersion7();
            var staff = new[] { Actor.Staff(Guid.CreateVersion7(), id), Actor.Staff(Guid.CreateVersion7(), id) };
            yield return new StreamEvent(id, new CommunityRegistered(id, f.Address.StreetName() + "社区", f.Address.StreetAddress(), f.PickRandom(Districts), admin.PersonId, now));
            foreach (var s in staff)
            {
                yield return new StreamEvent(id, new StaffAssigned(id, s.PersonId, admin.PersonId, now));
            }

            var projects = Enumerable.Range(0, f.Random.Int(3, 8)).Select(_ =>
            {
                var projectId = Guid.CreateVersion7();
                return new ProjectPublished(projectId, id, f.Commerce.ProductName() + "志愿服务", f.PickRandom(Categories),
                    f.Random.ArrayElement([50, 100, 100, 100, 150, 200]), f.Random.Bool(0.9f), f.Address.StreetAddress(), staff[0].PersonId, now);
            }).ToArray();
            foreach (var project in projects)
            {
                yield return new StreamEvent(project.ProjectId, project);
            }

            written += 1 + staff.Length + projects.Length;
            communities.Add((id, staff, projects, []));
        }

        for (var v = 0; v < volunteerCount; v++)
        {
            var community = f.PickRandom(communities);
            var volunteerId = Guid.CreateVersion7();
            var registered = (VolunteerRegistered)VolunteerAccountDecider.Decide(
                new RegisterVolunteer(volunteerId, community.Id, "QD" + f.Random.Replace("########"), community.Staff[0]), null, LedgerPolicy.Default, now)[0];
            _accounts[volunteerId] = VolunteerAccount.Evolve(null, registered);
            community.Volunteers.Add(volunteerId);
            written++;
            yield return new StreamEvent(volunteerId, registered);
        }

        // About six events per record (submitted, verified, credited on the record; the credit and sometimes a star on
        // the account): spread the activities over two years.
        var expectedActivities = Math.Max(1, (events - written) / (6 * 22));
        var step = TimeSpan.FromTicks(TimeSpan.FromDays(730).Ticks / expectedActivities);
        var credited = new List<(Guid Record, Guid Volunteer, Actor Staff)>();
        while (written < events)
        {
            now += step;
            var community = f.PickRandom(communities);
            var project = f.PickRandom(community.Projects);
            var recorder = community.Staff[0];
            var verifier = f.PickRandom(community.Staff);
            var start = now.AddMinutes(-f.Random.Int(60, 600));
            var minutes = f.Random.Int(3, 16) * 15;
            var volunteers = f.PickRandom(community.Volunteers, Math.Min(community.Volunteers.Count, f.Random.Int(5, 40))).ToList();
            var content = f.PickRandom(Contents);
            var records = new List<(Guid Record, Guid Volunteer)>();
            foreach (var volunteerId in volunteers)
            {
                var recordId = Guid.CreateVersion7();
                records.Add((recordId, volunteerId));
                written++;
                yield return new StreamEvent(recordId, new ServiceRecordSubmitted(recordId, volunteerId, project.ProjectId, community.Id, project.Name,
                    project.Category, project.PointsCoefficientPercent, project.EarnsTimeCredits, project.Place, start, start.AddMinutes(minutes + 30),
                    minutes, content, null, f.Random.Bool(0.3f) ? f.Random.Int(3, 5) : null, f.Name.FullName(), recorder.PersonId, now));
            }

            var verifiedAt = now.AddHours(f.Random.Int(1, 48));
            foreach (var (recordId, volunteerId) in records)
            {
                written++;
                if (f.Random.Bool(0.04f))
                {
                    yield return new StreamEvent(recordId, new ServiceRecordRejected(recordId, "时长与签到记录不符", verifier.PersonId, verifiedAt));
                    continue;
                }

                yield return new StreamEvent(recordId, new ServiceRecordVerified(recordId, volunteerId, verifier.PersonId, verifiedAt));
                foreach (var e in Apply(volunteerId, new CreditService(volunteerId, recordId, community.Id, minutes, project.Category,
                    project.PointsCoefficientPercent, project.EarnsTimeCredits), verifiedAt.AddSeconds(1)))
                {
                    written++;
                    yield return e;
                }

                written++;
                yield return new StreamEvent(recordId, new ServiceRecordCredited(recordId, volunteerId, verifiedAt.AddSeconds(1)));
                credited.Add((recordId, volunteerId, verifier));
            }

            if (credited.Count > 100 && f.Random.Bool(0.05f))
            {
                var (recordId, volunteerId, staff) = credited[f.Random.Int(0, credited.Count - 1)];
                credited.RemoveAll(r => r.Record == recordId);
                var revokedAt = now.AddHours(1);
                written++;
                yield return new StreamEvent(recordId, new ServiceRecordRevoked(recordId, volunteerId, "重复登记", staff.PersonId, revokedAt));
                foreach (var e in Apply(volunteerId, new RevokeServiceCredit(volunteerId, recordId, "重复登记", staff.PersonId), revokedAt))
                {
                    written++;
                    yield return e;
                }
            }
        }
    }

    private List<StreamEvent> Apply(Guid volunteerId, VolunteerAccountCommand command, DateTimeOffset at)
    {
        var state = _accounts[volunteerId];
        var decided = VolunteerAccountDecider.Decide(command, state, LedgerPolicy.Default, at);
        foreach (var e in decided)
        {
            state = VolunteerAccount.Evolve(state, e);
        }

        _accounts[volunteerId] = state;
        return [.. decided.Select(e => new StreamEvent(volunteerId, e))];
    }
}
