using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>Where a volunteer stands in a slot.</summary>
public enum SlotSignUpStatus
{
    SignedUp,
    Waiting,
    CheckedIn,
    CheckedOut,
    NoShow,
}

/// <summary>One volunteer's sign-up as a slot's reader may see it: staff of its community see every one (masked), a volunteer their own.</summary>
public sealed record SlotSignUp(
    Guid VolunteerId,
    SlotSignUpStatus Status,
    int? WaitingPosition,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt,
    Guid? RecordId,
    string? VolunteerNumber = null,
    string? MaskedName = null)
{
    public static SlotSignUp? Of(Slot slot, Guid volunteerId)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (slot.AttendanceOf(volunteerId) is { } attendance)
        {
            var status = attendance.Status switch
            {
                AttendanceStatus.CheckedIn => SlotSignUpStatus.CheckedIn,
                AttendanceStatus.CheckedOut => SlotSignUpStatus.CheckedOut,
                AttendanceStatus.NoShow => SlotSignUpStatus.NoShow,
                _ => SlotSignUpStatus.SignedUp,
            };
            return new SlotSignUp(volunteerId, status, null, attendance.CheckedInAt, attendance.CheckedOutAt, attendance.RecordId);
        }

        var position = slot.Waiting.IndexOf(volunteerId);
        return position < 0 ? null : new SlotSignUp(volunteerId, SlotSignUpStatus.Waiting, position + 1, null, null, null);
    }

    /// <summary>Everyone in the slot, places first, then the waiting list in its order, with volunteer number and masked name.</summary>
    public static async Task<IReadOnlyList<SlotSignUp>> AllOfAsync(Slot slot, IQuerySession session, PersonalDataVault vault, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(vault);
        var ids = slot.SignUps.Select(a => a.VolunteerId).Concat(slot.Waiting).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var profiles = await session.LoadManyAsync<VolunteerProfile>(cancellation, ids);
        var numbers = profiles.ToDictionary(p => p.Id, p => p.VolunteerNumber);
        var names = await vault.ReadNamesAsync(session, profiles, cancellation);
        return [.. ids.Select(id => Of(slot, id)! with
        {
            VolunteerNumber = numbers.GetValueOrDefault(id),
            MaskedName = names.TryGetValue(id, out var name) ? Masking.Name(name) : null,
        })];
    }
}

public sealed class SlotType : ObjectGraphType<Slot>
{
    public SlotType()
    {
        Name = "Slot";
        Description = "A time slot of a project: when, where, how many places, the skills wanted; its sign-ups and waiting list. "
            + "Every signed-in member of the city may read a slot; staff of its community also see its check-in code and everyone in it (masked).";
        Field<NonNullGraphType<UuidIdGraphType>>("slotId").Description("The slot's UUID, as mutations take it.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("projectId").Description("The project's UUID.").Resolve(c => c.Source.ProjectId);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of the community whose project it is.").Resolve(c => c.Source.CommunityId);
        Field<NonNullGraphType<StringGraphType>>("projectName").Description("The project's name.").Resolve(c => c.Source.ProjectName);
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Description("The slot's day (China time).").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startsAt").Description("When it starts.").Resolve(c => c.Source.StartsAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endsAt").Description("When it ends.").Resolve(c => c.Source.EndsAt);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where.").Resolve(c => c.Source.Place);
        Field<NonNullGraphType<IntGraphType>>("capacity").Description("How many places it has.").Resolve(c => c.Source.Capacity);
        Field<NonNullGraphType<IntGraphType>>("signedUpCount").Description("Places taken (never more than `capacity`).").Resolve(c => c.Source.SignUps.Count);
        Field<NonNullGraphType<IntGraphType>>("waitingCount").Description("Volunteers on the waiting list.").Resolve(c => c.Source.Waiting.Count);
        Field<NonNullGraphType<IntGraphType>>("placesLeft").Description("Places still free; 0 when cancelled.").Resolve(c => c.Source.PlacesLeft);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skillsWanted").Description("Skills wanted, in lower case.")
            .Resolve(c => c.Source.SkillsWanted);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("withdrawUntil").Description("The withdrawal cut-off: a place may be given up until then.")
            .Resolve(c => c.Source.WithdrawUntil);
        Field<NonNullGraphType<BooleanGraphType>>("cancelled").Description("Staff cancelled it; its volunteers are released.")
            .Resolve(c => c.Source.Status == SlotStatus.Cancelled);
        Field<NonNullGraphType<StringGraphType>>("personInCharge").Description("The slot's person in charge (负责人).").Resolve(c => c.Source.PersonInCharge);
        Field<StringGraphType>("checkInCode")
            .Description("The code the staff's QR carries, for volunteers to check in and out with. Staff of the slot's community only; null for anyone else.")
            .Resolve(c => IsStaff(c) ? c.Source.CheckInCode : null);
        Field<StringGraphType>("checkInAddress")
            .Description("The address the check-in QR carries: the slot's page with its check-in code (`/slots/{id}?code=…`), which fills in the volunteer's "
                + "check-in form. Staff of the slot's community only; null for anyone else.")
            .Resolve(c => IsStaff(c) ? CheckInAddress(c) : null);
        Field<StringGraphType>("checkInQrCodeSvg")
            .Description("The check-in QR code (an SVG document) of `checkInAddress`, for the staff to show on site. Staff of the slot's community only; null for anyone else.")
            .Resolve(c => IsStaff(c) ? SlotCheckInQr.Svg(CheckInAddress(c)) : null);
        Field<ListGraphType<NonNullGraphType<SlotSignUpType>>>("signUps")
            .Description("Everyone in the slot, places first, then the waiting list in order, with volunteer number and masked name. "
                + "Staff of the slot's community and city admins only; null for anyone else.")
            .ResolveAsync(async c => IsStaff(c)
                ? await SlotSignUp.AllOfAsync(c.Source, c.Service<IQuerySession>(), c.Service<PersonalDataVault>(), c.CancellationToken)
                : null);
        Field<SlotSignUpType>("mySignUp").Description("The caller's own place or waiting position; null when they are not in the slot.")
            .Resolve(c => SlotSignUp.Of(c.Source, c.RequireActor().PersonId));
        Field<ListGraphType<NonNullGraphType<UuidIdGraphType>>>("recordIds")
            .Description("The service records the slot's check-outs submitted (what `verifySlotRecords` verifies). Staff of its community only; null for anyone else.")
            .Resolve(c => IsStaff(c) ? c.Source.RecordIds : null);
    }

    private static bool IsStaff(IResolveFieldContext<Slot> context) => context.RequireActor().MayActIn(context.Source.CommunityId);

    private static string CheckInAddress(IResolveFieldContext<Slot> context) =>
        SlotCheckInQr.Address(
            context.Service<Certificates.CertificateQrCode>().BaseAddress((context.UserContext as TimeBank.GraphQL.Http.GraphQLUserContext)?.HttpContext.Request),
            context.Source.Id, context.Source.CheckInCode);
}

public sealed class SlotSignUpType : ObjectGraphType<SlotSignUp>
{
    public SlotSignUpType()
    {
        Name = "SlotSignUp";
        Description = "One volunteer in a slot: a place (and how far they got) or a waiting position.";
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer's UUID.").Resolve(c => c.Source.VolunteerId);
        Field<StringGraphType>("volunteerNumber").Description("The volunteer number; shown to the slot's staff only.").Resolve(c => c.Source.VolunteerNumber);
        Field<StringGraphType>("maskedName").Description("The name, masked (张**); shown to the slot's staff only, null once erased.").Resolve(c => c.Source.MaskedName);
        Field<NonNullGraphType<SlotSignUpStatusType>>("status").Description("Where they stand.").Resolve(c => c.Source.Status);
        Field<IntGraphType>("waitingPosition").Description("1 for the first who waits; null with a place.").Resolve(c => c.Source.WaitingPosition);
        Field<UtcDateTimeOffsetGraphType>("checkedInAt").Description("When they checked in.").Resolve(c => c.Source.CheckedInAt);
        Field<UtcDateTimeOffsetGraphType>("checkedOutAt").Description("When they checked out.").Resolve(c => c.Source.CheckedOutAt);
        Field<UuidIdGraphType>("recordId").Description("The service record their check-out submitted.").Resolve(c => c.Source.RecordId);
    }
}

public sealed class SlotSignUpStatusType : EnumerationGraphType<SlotSignUpStatus>
{
    public SlotSignUpStatusType()
    {
        Name = "SlotSignUpStatus";
        Description = "SignedUp → CheckedIn → CheckedOut; SignedUp → NoShow; Waiting → SignedUp when a place frees up.";
        Values["SIGNED_UP"]!.Description = "Has a place.";
        Values["WAITING"]!.Description = "On the waiting list.";
        Values["CHECKED_IN"]!.Description = "Checked in, serving.";
        Values["CHECKED_OUT"]!.Description = "Checked out: their service record is submitted.";
        Values["NO_SHOW"]!.Description = "Did not come, as staff recorded after the slot.";
    }
}

public sealed class SlotEdgeType() : EdgeGraphType<SlotType, Slot>("Slot");

public sealed class SlotConnectionType() : ConnectionGraphType<SlotEdgeType, Slot>("Slot");

public sealed class SlotPayloadType()
    : PayloadGraphType<SlotType, Slot>("SlotPayload", "slot", "The slot as it stands now.", "What a slot's mutations answer.")
{
    public static async Task<Slot?> LoadAsync(IQuerySession session, Actor actor, SlotCommand command, CancellationToken cancellation) =>
        await session.LoadAsync<Slot>(command.SlotId, cancellation);

    /// <summary>
    /// Districts mode: the district that keeps the slot, when it is not the request's. A volunteer's own commands on a slot
    /// (sign up, withdraw, check in, check out) run there, and read the slot there: a volunteer homed in one district serves
    /// in another (ADR 0047). Nothing is asked in single-database mode.
    /// </summary>
    public static Task<string?> DistrictOfAsync(IResolveFieldContext context, SlotCommand command)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        return context.Service<Districts.EveryDistrict>().ElsewhereAsync<Slot>(context.Service<IQuerySession>(), command.SlotId, "The slot", context.CancellationToken);
    }
}

public sealed class SlotInput
{
    public Guid CommandId { get; init; }
    public Guid SlotId { get; init; }
}

public sealed class SlotInputType : InputObjectGraphType<SlotInput>
{
    /// <summary>What a slot's id says in an input, and where the command runs.</summary>
    public const string SlotIdDescription = "The slot's UUID. Districts mode: a volunteer's own command runs in the district that keeps the slot, whichever their home "
        + "(`DISTRICT_UNAVAILABLE` when no district that answered has it and one did not).";

    public SlotInputType()
    {
        Name = "SlotInput";
        Description = "A slot the caller acts on for themself (sign up, withdraw) or as its staff (verify its records).";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("slotId").Description(SlotIdDescription);
    }
}

public sealed class AttendanceInput
{
    public Guid CommandId { get; init; }
    public Guid SlotId { get; init; }
    public Guid? VolunteerId { get; init; }
    public string? Code { get; init; }
}

public sealed class AttendanceInputType : InputObjectGraphType<AttendanceInput>
{
    public AttendanceInputType()
    {
        Name = "AttendanceInput";
        Description = "A volunteer's check-in, check-out or no-show in a slot.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("slotId").Description(SlotInputType.SlotIdDescription);
        Field<UuidIdGraphType>("volunteerId").Description("The volunteer; absent: the caller. Staff of the slot's community name any of its volunteers.");
        Field<StringGraphType>("code").Description("The slot's check-in code from the staff's QR: required when volunteers check themselves in or out (`CHECK_IN_CODE_INVALID`).");
    }
}

public sealed class SkillInput
{
    public Guid CommandId { get; init; }
    public Guid? VolunteerId { get; init; }
    public string Skill { get; init; } = string.Empty;
}

public sealed class SkillInputType : InputObjectGraphType<SkillInput>
{
    public SkillInputType()
    {
        Name = "SkillInput";
        Description = "A skill of a volunteer.";
        this.CommandIdField();
        Field<UuidIdGraphType>("volunteerId").Description("The volunteer; absent: the caller.");
        Field<NonNullGraphType<StringGraphType>>("skill").Description($"The skill, e.g. \"first aid\"; at most {Skills.MaxLength} characters, stored trimmed and in lower case.");
    }
}

public sealed class VolunteerSkillsType : ObjectGraphType<VolunteerSkills>
{
    public VolunteerSkillsType()
    {
        Name = "VolunteerSkills";
        Description = "A volunteer's skills: declared by them, confirmed by staff of their home community.";
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer's UUID.").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VolunteerSkillType>>>>("skills").Description("The skills, in the order declared.")
            .Resolve(c => c.Source.Skills);
    }
}

public sealed class VolunteerSkillType : ObjectGraphType<VolunteerSkill>
{
    public VolunteerSkillType()
    {
        Name = "VolunteerSkill";
        Description = "One skill of a volunteer.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("The skill, in lower case.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<BooleanGraphType>>("confirmed").Description("Staff of the volunteer's home community confirmed it.").Resolve(c => c.Source.Confirmed);
        Field<UtcDateTimeOffsetGraphType>("confirmedAt").Description("When it was confirmed.").Resolve(c => c.Source.ConfirmedAt);
    }
}

public sealed class VolunteerSkillsPayloadType()
    : PayloadGraphType<VolunteerSkillsType, VolunteerSkills>("VolunteerSkillsPayload", "skills", "The volunteer's skills now.", "What the skills mutations answer.")
{
    public static async Task<VolunteerSkills?> LoadAsync(IQuerySession session, Actor actor, VolunteerSkillsCommand command, CancellationToken cancellation) =>
        await session.LoadAsync<VolunteerSkills>(VolunteerSkills.StreamIdOf(command.VolunteerId), cancellation);
}
