using System.Collections.Immutable;
using TimeBank.Ledger.Units;

namespace TimeBank.Ledger.Slots;

public enum SlotStatus
{
    Open,
    Cancelled,
}

public enum AttendanceStatus
{
    SignedUp,
    CheckedIn,
    CheckedOut,
    NoShow,
}

/// <summary>One volunteer's place in a slot, from sign-up to check-out or no-show.</summary>
public sealed record Attendance(
    Guid VolunteerId,
    AttendanceStatus Status,
    DateTimeOffset SignedUpAt,
    DateTimeOffset? CheckedInAt = null,
    DateTimeOffset? CheckedOutAt = null,
    Guid? RecordId = null);

/// <summary>
/// A time slot of a project as it stands after its events: its places (<see cref="SignUps"/>, never more than
/// <see cref="Capacity"/>) and its waiting list, first come first served.
/// </summary>
public sealed record Slot(
    Guid Id,
    Guid ProjectId,
    Guid CommunityId,
    string ProjectName,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Place,
    int Capacity,
    ImmutableList<string> SkillsWanted,
    DateTimeOffset WithdrawUntil,
    string CheckInCode,
    string PersonInCharge,
    Guid PublishedBy,
    DateTimeOffset PublishedAt,
    SlotStatus Status,
    ImmutableList<Attendance> SignUps,
    ImmutableList<Guid> Waiting,
    DateTimeOffset? CancelledAt = null)
{
    /// <summary>The slot's day in the city (China time).</summary>
    public DateOnly Date => ChinaTime.DayOf(StartsAt);

    public int PlacesLeft => Status == SlotStatus.Cancelled ? 0 : Math.Max(0, Capacity - SignUps.Count);

    public bool IsFull => SignUps.Count >= Capacity;

    public Attendance? AttendanceOf(Guid volunteerId) => SignUps.Find(a => a.VolunteerId == volunteerId);

    public bool IsWaiting(Guid volunteerId) => Waiting.Contains(volunteerId);

    /// <summary>The records the slot's check-outs submitted, in the order of check-out: what "verify the whole slot" verifies.</summary>
    public IReadOnlyList<Guid> RecordIds =>
        [.. SignUps.Where(a => a.RecordId is not null).OrderBy(a => a.CheckedOutAt).Select(a => a.RecordId!.Value)];

    public static Slot FromPublication(SlotPublished e) =>
        new(e.SlotId, e.ProjectId, e.CommunityId, e.ProjectName, e.StartsAt, e.EndsAt, e.Place, e.Capacity, [.. e.SkillsWanted],
            e.WithdrawUntil, e.CheckInCode, e.PersonInCharge, e.PublishedBy, e.PublishedAt, SlotStatus.Open, [], []);

    public static Slot? Evolve(Slot? state, SlotEvent @event) => (state, @event) switch
    {
        (null, SlotPublished published) => FromPublication(published),
        (null, _) => null,
        (_, SlotPublished) => state,
        (_, VolunteerSignedUp e) => state with { SignUps = state.SignUps.Add(new Attendance(e.VolunteerId, AttendanceStatus.SignedUp, e.SignedUpAt)) },
        (_, VolunteerWaitListed e) => state with { Waiting = state.Waiting.Add(e.VolunteerId) },
        (_, SignUpWithdrawn e) => e.WasWaiting
            ? state with { Waiting = state.Waiting.Remove(e.VolunteerId) }
            : state with { SignUps = state.SignUps.RemoveAll(a => a.VolunteerId == e.VolunteerId) },
        (_, WaitingVolunteerMovedUp e) => state with
        {
            Waiting = state.Waiting.Remove(e.VolunteerId),
            SignUps = state.SignUps.Add(new Attendance(e.VolunteerId, AttendanceStatus.SignedUp, e.MovedUpAt)),
        },
        (_, VolunteerCheckedIn e) => state.With(e.VolunteerId, a => a with { Status = AttendanceStatus.CheckedIn, CheckedInAt = e.CheckedInAt }),
        (_, VolunteerCheckedOut e) => state.With(e.VolunteerId, a => a with
        {
            Status = AttendanceStatus.CheckedOut, CheckedOutAt = e.CheckedOutAt, RecordId = e.RecordId,
        }),
        (_, NoShowRecorded e) => state.With(e.VolunteerId, a => a with { Status = AttendanceStatus.NoShow }),
        (_, SlotCancelled e) => state with { Status = SlotStatus.Cancelled, CancelledAt = e.CancelledAt },
        _ => throw new UnknownEventException($"{nameof(Slot)}.{nameof(Evolve)}", @event),
    };

    private Slot With(Guid volunteerId, Func<Attendance, Attendance> change)
    {
        var index = SignUps.FindIndex(a => a.VolunteerId == volunteerId);
        return index < 0 ? this : this with { SignUps = SignUps.SetItem(index, change(SignUps[index])) };
    }
}
