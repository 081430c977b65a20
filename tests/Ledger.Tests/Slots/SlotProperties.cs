using FsCheck;
using FsCheck.Fluent;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Slots;
using TimeBank.Ledger.Tests.Specifications;

namespace TimeBank.Ledger.Tests.Slots;

/// <summary>
/// Random histories of sign-ups, withdrawals and (rarely) a cancellation, by up to eight volunteers, for a slot of one to
/// five places, checked step by step against a plain model: a list of places and a queue.
/// </summary>
public sealed class SlotProperties
{
    private static readonly Guid SlotId = Guid.Parse("00000000-0000-0000-0000-0000000051a2");
    private static readonly DateTimeOffset Start = City.Now.AddDays(2);

    private static readonly Guid[] Volunteers = [.. Enumerable.Range(1, 8).Select(i => new Guid($"00000000-0000-0000-0000-0000000a{i:x4}"))];

    private enum Step
    {
        SignUp,
        Withdraw,
        Cancel,
    }

    private static Gen<(Step Step, int Volunteer)> Steps { get; } =
        Gen.Frequency(
            (12, Gen.Choose(0, Volunteers.Length - 1).Select(v => (Step.SignUp, v))),
            (8, Gen.Choose(0, Volunteers.Length - 1).Select(v => (Step.Withdraw, v))),
            (1, Gen.Constant((Step.Cancel, 0))));

    [Fact]
    public void Places_never_exceed_capacity_the_waiting_list_moves_up_in_order_and_nobody_both_has_a_place_and_waits() =>
        Prop.ForAll(
                (from capacity in Gen.Choose(1, 5) from steps in Steps.ListOf() select (capacity, steps.ToList())).ToArbitrary(),
                (Func<(int Capacity, List<(Step Step, int Volunteer)> Steps), bool>)(history => Holds(history.Capacity, history.Steps)))
            .QuickCheckThrowOnFailure();

    private static bool Holds(int capacity, List<(Step Step, int Volunteer)> steps)
    {
        var slot = Slot.Evolve(null, new SlotPublished(SlotId, City.Eldercare.Id, City.Riverside, City.Eldercare.Name, Start, Start.AddHours(2),
            "Riverside station", capacity, [], Start.AddHours(-2), "ABCD2345", "Zhang Min", City.RiversideStaffId, City.Now))!;
        var places = new List<Guid>();
        var waiting = new Queue<Guid>();
        var cancelled = false;
        var now = City.Now;
        foreach (var (step, index) in steps)
        {
            now = now.AddMinutes(1);
            var volunteer = Volunteers[index];
            var events = Try(() => step switch
            {
                Step.SignUp => [SlotDecider.Decide(new SignUpForSlot(SlotId, Actor.Volunteer(volunteer)), slot, volunteerRegistered: true, now)],
                Step.Withdraw => SlotDecider.Decide(new WithdrawFromSlot(SlotId, Actor.Volunteer(volunteer)), slot, now),
                _ => SlotDecider.Decide(new CancelSlot(SlotId, "storm", City.RiversideStaff), slot, now),
            });

            // The model: what should have happened.
            var expectRefusal = cancelled
                || (step == Step.SignUp && (places.Contains(volunteer) || waiting.Contains(volunteer)))
                || (step == Step.Withdraw && !places.Contains(volunteer) && !waiting.Contains(volunteer));
            Assert.Equal(expectRefusal, events is null);
            if (events is null)
            {
                continue;
            }

            switch (step)
            {
                case Step.SignUp when places.Count < capacity:
                    places.Add(volunteer);
                    break;
                case Step.SignUp:
                    waiting.Enqueue(volunteer);
                    break;
                case Step.Withdraw when waiting.Contains(volunteer):
                    waiting = new Queue<Guid>(waiting.Where(v => v != volunteer));
                    break;
                case Step.Withdraw:
                    places.Remove(volunteer);
                    if (waiting.Count > 0)
                    {
                        var first = waiting.Dequeue();
                        places.Add(first);
                        Assert.Contains(new WaitingVolunteerMovedUp(SlotId, first, now), events);
                    }

                    break;
                default:
                    cancelled = true;
                    break;
            }

            slot = events.Aggregate((Slot?)slot, Slot.Evolve)!;
            Assert.True(slot.SignUps.Count <= slot.Capacity, $"{slot.SignUps.Count} places taken of {slot.Capacity}.");
            Assert.Empty(slot.SignUps.Select(a => a.VolunteerId).Intersect(slot.Waiting));
            Assert.Equal(places, slot.SignUps.Select(a => a.VolunteerId));
            Assert.Equal(waiting, slot.Waiting);
            // A waiting list only while every place is taken.
            Assert.True(slot.Waiting.IsEmpty || slot.IsFull);
        }

        return true;
    }

    private static SlotEvent[]? Try(Func<SlotEvent[]> decide)
    {
        try
        {
            return decide();
        }
        catch (LedgerRefusal refusal) when (refusal.Code is RefusalCodes.AlreadySignedUp or RefusalCodes.NotSignedUp or RefusalCodes.SlotCancelled)
        {
            return null;
        }
    }
}
