using Marten;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Demo;

/// <summary>
/// The demo city's time slots and skills (ADR 0043), decided by the ledger's deciders at the moments they happened, like
/// the rest of the demo: in a project of each of the first three communities an open slot (volunteers of the community and one from
/// elsewhere), a full slot with a waiting list, and a past slot whose volunteers checked in and out (their records await
/// verification, so "verify the whole slot" has work) but for one no-show; a cancelled slot in the first project; skills
/// of the first volunteers, half of them confirmed. Deterministic: its own random sequence, no I/O.
/// </summary>
public static class DemoSlots
{
    public const int Seed = 2043;

    private static readonly string[] SkillNames = ["读报", "急救", "理发", "心理疏导", "电脑维修", "书法"];

    public sealed record Plan(
        IReadOnlyList<DemoStream<SlotEvent>> Slots, IReadOnlyList<DemoStream<ServiceRecordEvent>> Records, IReadOnlyList<DemoStream<VolunteerSkillsEvent>> Skills);

    /// <summary>Appends the plan to the session of each stream's community (the seeder saves them), each event dated when it happened.</summary>
    /// <param name="sessionIn">The session of a community's database (<see cref="DemoPlaces"/>): a slot and its records in the project's, skills in the volunteer's home.</param>
    public static void Append(Func<Guid, IDocumentSession> sessionIn, DemoPlaces place, DemoCityHistory history)
    {
        ArgumentNullException.ThrowIfNull(sessionIn);
        ArgumentNullException.ThrowIfNull(place);
        var plan = Decide(history);
        foreach (var stream in plan.Slots)
        {
            Stamp(sessionIn(stream.Events.OfType<SlotPublished>().First().CommunityId).Events.StartStream<Slot>(stream.Id, stream.Events), stream.Events);
        }

        foreach (var stream in plan.Records)
        {
            Stamp(sessionIn(DemoPlaces.CommunityOf(stream)).Events.StartStream<ServiceRecord>(stream.Id, stream.Events), stream.Events);
        }

        foreach (var stream in plan.Skills)
        {
            Stamp(sessionIn(place.HomeOf(stream.Events.OfType<SkillDeclared>().First().VolunteerId)).Events.StartStream<VolunteerSkills>(stream.Id, stream.Events), stream.Events);
        }
    }

    public static Plan Decide(DemoCityHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var random = new Random(Seed);
        var now = history.Now;
        var today = ChinaTime.DayOf(now);
        // A project of each of the first three communities, the first community's first (the well-known staff and volunteer's).
        var published = history.Projects.Select(p => Project.FromPublication((ProjectPublished)p.Events[0])).ToList();
        var projects = history.Cast.Communities.Select(c => published.FirstOrDefault(p => p.CommunityId == c.Id)).OfType<Project>().Take(3).ToList();
        var schedules = history.Records
            .Select(r => r.Events.OfType<ServiceRecordSubmitted>().First())
            .GroupBy(r => r.VolunteerId)
            .ToDictionary(g => g.Key, g => g.Select(r => new ServiceInterval(r.RecordId, r.StartedAt, r.EndedAt)).ToList());
        var slots = new List<DemoStream<SlotEvent>>();
        var records = new List<DemoStream<ServiceRecordEvent>>();

        for (var i = 0; i < Math.Min(3, projects.Count); i++)
        {
            var project = projects[i];
            var community = history.Cast.Communities.First(c => c.Id == project.CommunityId);
            var staff = Actor.Staff(community.Staff[0], community.Id);
            var locals = history.Cast.Volunteers.Where(v => v.HomeCommunityId == community.Id).Select(v => v.Id).ToList();
            var stranger = history.Cast.Volunteers.First(v => v.HomeCommunityId != community.Id).Id;

            slots.Add(Slot(project, staff, At(today.AddDays(2 + i), 9), 6, ["读报"], [.. locals.Skip(1).Take(3), stranger], now.AddDays(-1), random, out _));
            slots.Add(Slot(project, staff, At(today.AddDays(4 + i), 14), 2, ["急救"], [.. locals.Skip(3).Take(4)], now.AddDays(-2), random, out _));

            // A past slot: its volunteers free at that time (no record of theirs overlaps it) checked in and out.
            var start = At(today.AddDays(-7 - i), 9);
            var free = locals.Where(v => !schedules.GetValueOrDefault(v, []).Any(s => s.Overlaps(start.AddHours(-1), start.AddHours(4)))).Take(4).ToList();
            var past = Slot(project, staff, start, 5, [], free, start.AddDays(-7), random, out var state);
            var events = past.Events.ToList();
            foreach (var (volunteer, index) in free.Select((v, n) => (v, n)))
            {
                if (index == free.Count - 1)
                {
                    Add(events, ref state, SlotDecider.Decide(new RecordNoShow(state.Id, volunteer, staff), state, start.AddHours(3).AddMinutes(30)));
                    continue;
                }

                Add(events, ref state, SlotDecider.Decide(new CheckInToSlot(state.Id, volunteer, state.CheckInCode, Actor.Volunteer(volunteer)), state,
                    start.AddMinutes(-10 + index)));
                var context = new RecordContext(project, true, schedules.GetValueOrDefault(volunteer, []), LedgerPolicy.Default);
                var (slotEvents, recordEvents) = SlotDecider.CheckOut(
                    new CheckOutOfSlot(state.Id, volunteer, null, staff), state, null, context, start.AddHours(3).AddMinutes(index * 2));
                Add(events, ref state, slotEvents);
                records.Add(new DemoStream<ServiceRecordEvent>(recordEvents[0].RecordId, recordEvents));
            }

            slots.Add(new DemoStream<SlotEvent>(past.Id, events));
        }

        if (projects.Count > 0)
        {
            var project = projects[0];
            var community = history.Cast.Communities.First(c => c.Id == project.CommunityId);
            var staff = Actor.Staff(community.Staff[0], community.Id);
            var volunteers = history.Cast.Volunteers.Where(v => v.HomeCommunityId == community.Id).Skip(8).Take(2).Select(v => v.Id).ToList();
            var cancelled = Slot(project, staff, At(today.AddDays(5), 9), 4, [], volunteers, now.AddDays(-3), random, out var state);
            var events = cancelled.Events.ToList();
            Add(events, ref state, SlotDecider.Decide(new CancelSlot(state.Id, "天气预报有暴雨，活动改期", staff), state, now.AddDays(-1)));
            slots.Add(new DemoStream<SlotEvent>(cancelled.Id, events));
        }

        return new Plan(slots, records, Skills(history, random));
    }

    private static List<DemoStream<VolunteerSkillsEvent>> Skills(DemoCityHistory history, Random random)
    {
        var streams = new List<DemoStream<VolunteerSkillsEvent>>();
        foreach (var (volunteer, index) in history.Cast.Volunteers.Take(12).Select((v, i) => (v, i)))
        {
            var community = history.Cast.Communities.First(c => c.Id == volunteer.HomeCommunityId);
            VolunteerSkills? state = null;
            var events = new List<VolunteerSkillsEvent>();
            var at = history.Now.AddDays(-20 + index);
            foreach (var skill in SkillNames.OrderBy(_ => random.Next()).Take(1 + (index % 2)))
            {
                var declared = VolunteerSkillsDecider.Decide(new DeclareSkill(volunteer.Id, skill, Actor.Volunteer(volunteer.Id)), state, community.Id, at);
                events.AddRange(declared);
                state = declared.Aggregate(state, VolunteerSkills.Evolve);
                if (index % 2 == 0)
                {
                    var confirmed = VolunteerSkillsDecider.Decide(
                        new ConfirmSkill(volunteer.Id, skill, Actor.Staff(community.Staff[0], community.Id)), state, community.Id, at.AddDays(1));
                    events.AddRange(confirmed);
                    state = confirmed.Aggregate(state, VolunteerSkills.Evolve);
                }
            }

            streams.Add(new DemoStream<VolunteerSkillsEvent>(VolunteerSkills.StreamIdOf(volunteer.Id), events));
        }

        return streams;
    }

    /// <summary>A slot published at <paramref name="publishedAt"/>, three hours long, and its sign-ups (places, then the waiting list) in order.</summary>
    private static DemoStream<SlotEvent> Slot(
        Project project, Actor staff, DateTimeOffset start, int capacity, string[] skills, IReadOnlyList<Guid> volunteers, DateTimeOffset publishedAt,
        Random random, out Slot state)
    {
        var bytes = new byte[CheckInCodes.Length];
        random.NextBytes(bytes);
        var slotId = NameBasedIdOf(project.Id, start);
        var published = SlotDecider.Decide(
            new PublishSlot(slotId, project.Id, start, start.AddHours(3), null, capacity, skills, null, "王主任", staff), null, project,
            CheckInCodes.From(bytes), publishedAt);
        var events = new List<SlotEvent> { published };
        state = TimeBank.Ledger.Slots.Slot.FromPublication(published);
        foreach (var (volunteer, index) in volunteers.Select((v, i) => (v, i)))
        {
            Add(events, ref state, [SlotDecider.Decide(new SignUpForSlot(slotId, Actor.Volunteer(volunteer)), state, true, publishedAt.AddHours(1 + index))]);
        }

        return new DemoStream<SlotEvent>(slotId, events);
    }

    private static Guid NameBasedIdOf(Guid projectId, DateTimeOffset start) => TimeBank.Ledger.NameBasedId.From("demo-slot", projectId, start.UtcTicks);

    private static void Add(List<SlotEvent> events, ref Slot state, IEnumerable<SlotEvent> decided)
    {
        foreach (var e in decided)
        {
            events.Add(e);
            state = TimeBank.Ledger.Slots.Slot.Evolve(state, e)!;
        }
    }

    /// <summary>09:00 (or <paramref name="hour"/>) China time of <paramref name="day"/>.</summary>
    private static DateTimeOffset At(DateOnly day, int hour) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), ChinaTime.Offset).ToUniversalTime();

    private static void Stamp<TEvent>(JasperFx.Events.StreamAction action, IReadOnlyList<TEvent> events)
        where TEvent : notnull
    {
        for (var i = 0; i < events.Count; i++)
        {
            action.Events[i].Timestamp = (events[i] switch
            {
                SlotPublished e => e.PublishedAt,
                VolunteerSignedUp e => e.SignedUpAt,
                VolunteerWaitListed e => e.WaitListedAt,
                SignUpWithdrawn e => e.WithdrawnAt,
                WaitingVolunteerMovedUp e => e.MovedUpAt,
                VolunteerCheckedIn e => e.CheckedInAt,
                VolunteerCheckedOut e => e.CheckedOutAt,
                NoShowRecorded e => e.RecordedAt,
                SlotCancelled e => e.CancelledAt,
                SkillDeclared e => e.DeclaredAt,
                SkillWithdrawn e => e.WithdrawnAt,
                SkillConfirmed e => e.ConfirmedAt,
                ServiceRecordSubmitted e => e.SubmittedAt,
                _ => DemoCity.OccurredAt(events[i]),
            }).ToUniversalTime();
        }
    }
}
