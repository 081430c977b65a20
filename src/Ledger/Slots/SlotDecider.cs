using System.Security.Cryptography;
using System.Text;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Ledger.Slots;

/// <summary>
/// The rules of a time slot: places within capacity, a waiting list that moves up first come first served, withdrawal
/// before the cut-off, check-in and check-out by the slot's code or by staff, no-shows after the slot, cancellation. Every
/// rule is decided in the slot's own stream, so two sign-ups for the last place are decided one after the other
/// (docs/adr/0043-time-slots.md).
/// </summary>
public static class SlotDecider
{
    /// <summary>The cut-off when staff name none: volunteers may withdraw up to two hours before the start.</summary>
    public static readonly TimeSpan DefaultWithdrawalNotice = TimeSpan.FromHours(2);

    /// <summary>Check-in opens this long before the start and closes at the end.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromHours(1);

    public const int MaxCapacity = 1_000;
    public const int MaxSkillsWanted = 10;

    /// <param name="checkInCode">The slot's check-in code, drawn by the host (<see cref="CheckInCodes.From"/>): the ledger draws nothing at random.</param>
    public static SlotPublished Decide(PublishSlot command, Slot? state, Project? project, string checkInCode, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (project is null)
        {
            throw new LedgerRefusal(RefusalCodes.ProjectNotFound, $"Project {command.ProjectId} was not found.");
        }

        RequireStaffOf(command.Actor, project.CommunityId, "publish its projects' slots");
        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Slot {command.SlotId} already exists.");
        }

        if (command.EndsAt <= command.StartsAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotTimesInvalid, $"The slot ends ({command.EndsAt}) before it starts ({command.StartsAt}).");
        }

        if (command.StartsAt <= now)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotInPast, $"The slot starts at {command.StartsAt}, which is not in the future.");
        }

        var withdrawUntil = command.WithdrawUntil ?? command.StartsAt - DefaultWithdrawalNotice;
        if (withdrawUntil > command.StartsAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotTimesInvalid, $"The withdrawal cut-off ({withdrawUntil}) is after the start ({command.StartsAt}).");
        }

        if (command.Capacity is < 1 or > MaxCapacity)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"A slot has 1 to {MaxCapacity} places; got {command.Capacity}.");
        }

        var place = string.IsNullOrWhiteSpace(command.Place) ? project.Place : TextLimits.Within(command.Place, "place", TextLimits.Place);
        var personInCharge = TextLimits.Required(
            command.PersonInCharge, "personInCharge", TextLimits.PersonName, RefusalCodes.InvalidInput, "personInCharge is required.");
        var skills = Skills.Normalize(command.SkillsWanted ?? [], MaxSkillsWanted);
        var code = CheckInCodes.Normalize(checkInCode);
        if (!CheckInCodes.IsWellFormed(code))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, $"A check-in code is {CheckInCodes.Length} characters of {CheckInCodes.Alphabet}.");
        }

        return new SlotPublished(
            command.SlotId, project.Id, project.CommunityId, project.Name, command.StartsAt, command.EndsAt, place, command.Capacity,
            skills, withdrawUntil, code, personInCharge, command.Actor.PersonId, now);
    }

    /// <summary>A place if one is left, else the waiting list (a full slot is not a refusal: the volunteer waits).</summary>
    public static SlotEvent Decide(SignUpForSlot command, Slot? state, bool volunteerRegistered, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Who is no volunteer learns nothing of the slot, not even whether it exists.
        if (!volunteerRegistered)
        {
            throw new LedgerRefusal(RefusalCodes.VolunteerNotFound, "Only a registered volunteer signs up for a slot.");
        }

        var slot = Existing(state, command.SlotId);
        var volunteerId = command.Actor.PersonId;

        RequireOpen(slot);
        if (slot.StartsAt <= now)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotInPast, $"The slot started at {slot.StartsAt}: sign-up is closed.");
        }

        if (slot.AttendanceOf(volunteerId) is not null || slot.IsWaiting(volunteerId))
        {
            throw new LedgerRefusal(RefusalCodes.AlreadySignedUp, "You are already signed up for this slot (or on its waiting list).");
        }

        return slot.IsFull
            ? new VolunteerWaitListed(slot.Id, volunteerId, now)
            : new VolunteerSignedUp(slot.Id, volunteerId, now);
    }

    public static SlotEvent[] Decide(SlotCommand command, Slot? state, DateTimeOffset now) => command switch
    {
        WithdrawFromSlot withdraw => Withdraw(withdraw, Existing(state, command.SlotId), now),
        CheckInToSlot checkIn => [CheckIn(checkIn, Existing(state, command.SlotId), now)],
        CheckOutOfSlot checkOut => [CheckOut(checkOut, Existing(state, command.SlotId), now)],
        RecordNoShow noShow => [NoShow(noShow, Existing(state, command.SlotId), now)],
        CancelSlot cancel => [Cancel(cancel, Existing(state, command.SlotId), now)],
        _ => throw new InvalidOperationException($"No rule decides {command.GetType().Name} alone."),
    };

    /// <summary>
    /// A check-out and the record of the service it submits, decided by the record's own rules
    /// (<see cref="ServiceRecordDecider"/>: at most 12 h, no overlap with the volunteer's other records): the record's
    /// refusal refuses the check-out, and nothing is written.
    /// </summary>
    public static (SlotEvent[] Slot, ServiceRecordEvent[] Record) CheckOut(
        CheckOutOfSlot command, Slot? state, ServiceRecord? existingRecord, RecordContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var slot = Existing(state, command.SlotId);
        var checkedOut = CheckOut(command, slot, now);
        var submission = ServiceRecordOf(slot, checkedOut, command.Actor);
        return ([checkedOut], ServiceRecordDecider.Decide(submission, existingRecord, now, context));
    }

    /// <summary>The id of the record a volunteer's check-out submits: one per volunteer and slot, the same on every retry.</summary>
    public static Guid RecordIdOf(Guid slotId, Guid volunteerId) => NameBasedId.From("slot-check-out", slotId, volunteerId);

    /// <summary>
    /// The record a check-out submits: actual time from check-in to check-out in whole minutes (the volunteer checks in on
    /// site, so travel is left out), recorded by the staff who checked the volunteer out, or, when the volunteer used the
    /// slot's code, by the staff who published the slot: the code is theirs (谁组织谁记录).
    /// </summary>
    public static SubmitServiceRecord ServiceRecordOf(Slot slot, VolunteerCheckedOut checkedOut, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(checkedOut);
        var checkedInAt = slot.AttendanceOf(checkedOut.VolunteerId)?.CheckedInAt
            ?? throw new InvalidOperationException("A check-out follows a check-in.");
        var recorder = checkedOut.ByCode ? Actor.Staff(slot.PublishedBy, slot.CommunityId) : actor;
        var minutes = (long)(checkedOut.CheckedOutAt - checkedInAt).TotalMinutes;
        return new SubmitServiceRecord(
            checkedOut.RecordId, checkedOut.VolunteerId, slot.ProjectId, checkedInAt, checkedOut.CheckedOutAt, minutes,
            $"{slot.ProjectName} ({slot.Place})", slot.Place, RecipientId: null, QualityRating: null, slot.PersonInCharge, recorder);
    }

    /// <summary>The records to verify together for the whole slot, asked by staff of its community.</summary>
    public static IReadOnlyList<Guid> RecordsToVerify(Slot? state, Guid slotId, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var slot = Existing(state, slotId);
        RequireStaffOf(actor, slot.CommunityId, "verify its slots");
        return slot.RecordIds.Count == 0
            ? throw new LedgerRefusal(RefusalCodes.EmptyBatch, "Nobody has checked out of this slot: there is no record to verify.")
            : slot.RecordIds;
    }

    private static SlotEvent[] Withdraw(WithdrawFromSlot command, Slot slot, DateTimeOffset now)
    {
        var volunteerId = command.Actor.PersonId;
        RequireOpen(slot);
        if (slot.IsWaiting(volunteerId))
        {
            // Leaving the waiting list frees no place: no cut-off applies.
            return [new SignUpWithdrawn(slot.Id, volunteerId, WasWaiting: true, now)];
        }

        var attendance = RequireSignedUp(slot, volunteerId);
        Require(attendance, AttendanceTrigger.Withdraw);
        if (now > slot.WithdrawUntil)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.WithdrawalClosed, $"Withdrawal closed at {slot.WithdrawUntil}: ask the slot's staff.");
        }

        SlotEvent withdrawn = new SignUpWithdrawn(slot.Id, volunteerId, WasWaiting: false, now);
        return slot.Waiting.IsEmpty ? [withdrawn] : [withdrawn, new WaitingVolunteerMovedUp(slot.Id, slot.Waiting[0], now)];
    }

    private static VolunteerCheckedIn CheckIn(CheckInToSlot command, Slot slot, DateTimeOffset now)
    {
        var byCode = Authorize(command.Actor, slot, command.VolunteerId, command.Code, "check volunteers in");
        RequireOpen(slot);
        var attendance = RequireSignedUp(slot, command.VolunteerId);
        Require(attendance, AttendanceTrigger.CheckIn);
        if (now < slot.StartsAt - CheckInOpensBefore || now >= slot.EndsAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotNotInProgress, $"Check-in is open from {slot.StartsAt - CheckInOpensBefore} to {slot.EndsAt}.");
        }

        return new VolunteerCheckedIn(slot.Id, command.VolunteerId, command.Actor.PersonId, byCode, now);
    }

    private static VolunteerCheckedOut CheckOut(CheckOutOfSlot command, Slot slot, DateTimeOffset now)
    {
        var byCode = Authorize(command.Actor, slot, command.VolunteerId, command.Code, "check volunteers out");
        RequireOpen(slot);
        var attendance = RequireSignedUp(slot, command.VolunteerId);
        Require(attendance, AttendanceTrigger.CheckOut);
        return new VolunteerCheckedOut(slot.Id, command.VolunteerId, RecordIdOf(slot.Id, command.VolunteerId), command.Actor.PersonId, byCode, now);
    }

    private static NoShowRecorded NoShow(RecordNoShow command, Slot slot, DateTimeOffset now)
    {
        RequireStaffOf(command.Actor, slot.CommunityId, "record no-shows");
        RequireOpen(slot);
        var attendance = RequireSignedUp(slot, command.VolunteerId);
        Require(attendance, AttendanceTrigger.RecordNoShow);
        if (now < slot.EndsAt)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotNotOver, $"A no-show is recorded after the slot, which ends at {slot.EndsAt}.");
        }

        return new NoShowRecorded(slot.Id, command.VolunteerId, command.Actor.PersonId, now);
    }

    private static SlotCancelled Cancel(CancelSlot command, Slot slot, DateTimeOffset now)
    {
        RequireStaffOf(command.Actor, slot.CommunityId, "cancel its slots");
        RequireOpen(slot);
        var reason = TextLimits.Required(command.Reason, "reason", TextLimits.Reason, RefusalCodes.ReasonRequired, "A reason is required.");
        if (slot.StartsAt <= now)
        {
            throw LedgerRefusal.NamingTimes(RefusalCodes.SlotInPast, $"The slot started at {slot.StartsAt}: it can no longer be cancelled.");
        }

        return new SlotCancelled(slot.Id, reason, command.Actor.PersonId, now);
    }

    /// <summary>
    /// Staff of the slot's community act for any of its volunteers; a volunteer acts for themself with the slot's code.
    /// Returns whether the code was used.
    /// </summary>
    private static bool Authorize(Actor actor, Slot slot, Guid volunteerId, string? code, string what)
    {
        // Staff of the community, as for the record the check-out submits (a city admin records no service).
        if (actor.IsStaffOf(slot.CommunityId))
        {
            return false;
        }

        if (actor.PersonId != volunteerId)
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, $"Only staff of the slot's community {what}; a volunteer checks only themself in or out.");
        }

        return CheckInCodes.Matches(slot.CheckInCode, code)
            ? true
            : throw new LedgerRefusal(RefusalCodes.CheckInCodeInvalid, "The check-in code is not this slot's: scan the QR the slot's staff show.");
    }

    private static Slot Existing(Slot? state, Guid slotId) =>
        state ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Slot {slotId} was not found.");

    private static void RequireOpen(Slot slot)
    {
        if (slot.Status == SlotStatus.Cancelled)
        {
            throw new LedgerRefusal(RefusalCodes.SlotCancelled, "The slot was cancelled.");
        }
    }

    private static Attendance RequireSignedUp(Slot slot, Guid volunteerId) =>
        slot.AttendanceOf(volunteerId)
            ?? throw new LedgerRefusal(RefusalCodes.NotSignedUp, slot.IsWaiting(volunteerId)
                ? "The volunteer is on the waiting list, not signed up for a place."
                : "The volunteer is not signed up for this slot.");

    private static void Require(Attendance attendance, AttendanceTrigger trigger)
    {
        if (AttendanceLifecycle.Can(attendance, trigger))
        {
            return;
        }

        throw (trigger, attendance.Status) switch
        {
            (_, AttendanceStatus.NoShow) => new LedgerRefusal(RefusalCodes.NoShowRecorded, "The volunteer was recorded as a no-show."),
            (AttendanceTrigger.CheckOut, AttendanceStatus.SignedUp) => new LedgerRefusal(RefusalCodes.NotCheckedIn, "Check in before checking out."),
            (AttendanceTrigger.CheckOut, _) => new LedgerRefusal(RefusalCodes.AlreadyCheckedOut, "The volunteer has already checked out."),
            _ => new LedgerRefusal(RefusalCodes.AlreadyCheckedIn, "The volunteer has already checked in."),
        };
    }

    private static void RequireStaffOf(Actor actor, Guid communityId, string what)
    {
        if (!actor.IsStaffOf(communityId))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, $"Only staff of the community {what}.");
        }
    }
}

/// <summary>The slot's check-in code, which the staff's QR carries: short enough to type, drawn by the host.</summary>
public static class CheckInCodes
{
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    public static string Normalize(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsWellFormed(string code) => code.Length == Length && code.All(Alphabet.Contains);

    /// <summary>In constant time, so that timing does not tell how much of a guess was right.</summary>
    public static bool Matches(string slotCode, string? given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(slotCode), Encoding.UTF8.GetBytes(Normalize(given)));

    /// <summary>A fresh code from <paramref name="random"/> bytes (the host gives cryptographic ones).</summary>
    public static string From(ReadOnlySpan<byte> random)
    {
        var code = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Alphabet[random[i] % Alphabet.Length];
        }

        return new string(code);
    }
}
