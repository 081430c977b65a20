using TimeBank.Api.Demo;
using TimeBank.Demo;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Tests.Slots;

/// <summary>The demo city's slots (decided in memory, as the seeder appends them): open, full, past and cancelled ones, and skills.</summary>
public sealed class DemoSlotsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_demo_city_has_open_full_past_and_cancelled_slots_and_volunteers_with_skills()
    {
        var plan = DemoSlots.Decide(DemoCity.Generate(Now));
        var slots = plan.Slots.Select(s => s.Events.Aggregate(default(Slot), Slot.Evolve)!).ToList();

        Assert.Contains(slots, s => s.StartsAt > Now && s.Status == SlotStatus.Open && s.PlacesLeft > 0 && s.SignUps.Count > 0);
        Assert.Contains(slots, s => s.StartsAt > Now && s.IsFull && !s.Waiting.IsEmpty);
        Assert.Contains(slots, s => s.Status == SlotStatus.Cancelled);
        var past = slots.Where(s => s.EndsAt < Now).ToList();
        Assert.NotEmpty(past);
        Assert.All(past, s => Assert.Contains(s.SignUps, a => a.Status == AttendanceStatus.NoShow));
        Assert.Equal(past.SelectMany(s => s.RecordIds).Order(), plan.Records.Select(r => r.Id).Order());
        Assert.All(plan.Records, r => Assert.IsType<ServiceRecordSubmitted>(Assert.Single(r.Events)));
        Assert.All(slots, s => Assert.True(s.SignUps.Count <= s.Capacity));
        var skills = plan.Skills.Select(s => s.Events.Aggregate(default(VolunteerSkills), VolunteerSkills.Evolve)!).ToList();
        Assert.Contains(skills, s => s.Skills.Any(k => k.Confirmed));
        Assert.Contains(skills, s => s.Skills.Any(k => !k.Confirmed));
    }
}
