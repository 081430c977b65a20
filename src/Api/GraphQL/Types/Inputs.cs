using GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;

namespace TimeBank.Api.GraphQL.Types;

// The inputs of the mutations. Every one carries the client's commandId: sending it again returns the first outcome.
// An id of a thing the command creates is optional; without it the thing takes the command id, so a repeat still names
// the same thing.

public sealed class RegisterCommunityInput
{
    public Guid CommandId { get; init; }
    public Guid? CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
    public string Street { get; init; } = string.Empty;
    public string District { get; init; } = string.Empty;
}

public sealed class RegisterCommunityInputType : InputObjectGraphType<RegisterCommunityInput>
{
    public RegisterCommunityInputType()
    {
        Name = "RegisterCommunityInput";
        Description = "A new community: its name and where it belongs.";
        this.CommandIdField();
        Field<UuidIdGraphType>("communityId").Description("The new community's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The community's name; required, at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<StringGraphType>>("street").Description($"The street (街道) the community belongs to; required, at most {TextLimits.Name} characters.");
        Field<NonNullGraphType<StringGraphType>>("district").Description($"The district (区市); its policy applies. Required, at most {TextLimits.Name} characters.");
    }
}

public sealed class AssignStaffInput
{
    public Guid CommandId { get; init; }
    public Guid CommunityId { get; init; }
    public Guid StaffId { get; init; }
}

public sealed class AssignStaffInputType : InputObjectGraphType<AssignStaffInput>
{
    public AssignStaffInputType()
    {
        Name = "AssignStaffInput";
        Description = "A staff member for a community.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community's UUID (or global id); `NOT_FOUND` if it does not exist.");
        Field<NonNullGraphType<UuidIdGraphType>>("staffId").Description("The staff member's person id (the subject they sign in as). Assigning them again changes nothing.");
    }
}

public sealed class PublishProjectInput
{
    public Guid CommandId { get; init; }
    public Guid? ProjectId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
    public string Category { get; init; } = string.Empty;
    public int PointsCoefficientPercent { get; init; } = 100;
    public bool EarnsTimeCredits { get; init; } = true;
    public string Place { get; init; } = string.Empty;
}

public sealed class PublishProjectInputType : InputObjectGraphType<PublishProjectInput>
{
    public PublishProjectInputType()
    {
        Name = "PublishProjectInput";
        Description = "A new service project of a community.";
        this.CommandIdField();
        Field<UuidIdGraphType>("projectId").Description("The new project's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community publishing it; the caller must be its staff (`NOT_STAFF_OF_COMMUNITY`).");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The project's (activity's) name; required, at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<StringGraphType>>("category").Description($"The service category, e.g. \"elder care\"; required, at most {TextLimits.Name} characters.");
        Field<NonNullGraphType<IntGraphType>>("pointsCoefficientPercent")
            .Description("The points coefficient in hundredths: 100 = 1.0 (10 points per verified hour by default), 0 to 10000 (`INVALID_AMOUNT`).").DefaultValue(100);
        Field<NonNullGraphType<BooleanGraphType>>("earnsTimeCredits").Description("Whether verified service in it earns time credits (minute for minute).").DefaultValue(true);
        Field<NonNullGraphType<StringGraphType>>("place").Description($"Where the service is done; required, at most {TextLimits.Place} characters.");
    }
}

public sealed class RegisterVolunteerInput
{
    public Guid CommandId { get; init; }
    public Guid VolunteerId { get; init; }
    public Guid HomeCommunityId { get; init; }
    public string VolunteerNumber { get; init; } = string.Empty;
    public string DisplayName { get; init; } = string.Empty;
    public string? Phone { get; init; }
    public NationalIdType? NationalIdType { get; init; }
    public string? NationalId { get; init; }
}

public sealed class RegisterVolunteerInputType : InputObjectGraphType<RegisterVolunteerInput>
{
    public RegisterVolunteerInputType()
    {
        Name = "RegisterVolunteerInput";
        Description = "A volunteer's registration: their account and personal information.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The person's id (the subject they sign in as).");
        Field<NonNullGraphType<UuidIdGraphType>>("homeCommunityId").Description("The community the account belongs to; the caller must be its staff.");
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber").Description("The volunteer number (志愿者编号) shown on certificates; required.");
        Field<NonNullGraphType<StringGraphType>>("displayName")
            .Description($"The person's name; required, at most {TextLimits.PersonName} characters, no line breaks (`INVALID_NAME`). Stored encrypted, erased on request.");
        Field<StringGraphType>("phone").Description("6 to 15 digits, optionally with a leading + and spaces or dashes; stored encrypted.");
        Field<NationalIdTypeType>("nationalIdType").Description("The kind of ID document; given together with `nationalId`.");
        Field<StringGraphType>("nationalId").Description("The ID number (sensitive); stored encrypted, shown masked.");
    }
}

public sealed class ErasePersonalDataInput
{
    public Guid CommandId { get; init; }
    public Guid VolunteerId { get; init; }
}

public sealed class ErasePersonalDataInputType : InputObjectGraphType<ErasePersonalDataInput>
{
    public ErasePersonalDataInputType()
    {
        Name = "ErasePersonalDataInput";
        Description = "Whose personal information to erase.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer's id.");
    }
}

public sealed class SubmitServiceRecordInput
{
    public Guid CommandId { get; init; }
    public Guid? RecordId { get; init; }
    public Guid VolunteerId { get; init; }
    public Guid ProjectId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public int MinutesServed { get; init; }
    public string Content { get; init; } = string.Empty;
    public string? Place { get; init; }
    public Guid? RecipientId { get; init; }
    public int? QualityRating { get; init; }
    public string PersonInCharge { get; init; } = string.Empty;
}

public sealed class SubmitServiceRecordInputType : InputObjectGraphType<SubmitServiceRecordInput>
{
    public SubmitServiceRecordInputType()
    {
        Name = "SubmitServiceRecordInput";
        Description = "A service done: who, in which project, when, for how long and what.";
        this.CommandIdField();
        Field<UuidIdGraphType>("recordId").Description("The new record's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer who served; `VOLUNTEER_NOT_FOUND` unless registered.");
        Field<NonNullGraphType<UuidIdGraphType>>("projectId").Description("The project; `PROJECT_NOT_FOUND` unless published. The caller must be staff of its community.");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startedAt").Description("When the service started (any offset).");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endedAt")
            .Description("When it ended: after the start (`RECORD_ENDS_BEFORE_START`), not in the future (`RECORD_IN_FUTURE`), at most 12 h after the start by default (`RECORD_TOO_LONG`), overlapping none of the volunteer's records (`RECORD_OVERLAPS`).");
        Field<NonNullGraphType<IntGraphType>>("minutesServed")
            .Description("Actual service time in minutes, travel excluded: 1 to the minutes from start to end (`RECORD_MINUTES_INVALID`; negative: `INVALID_AMOUNT`).");
        Field<NonNullGraphType<StringGraphType>>("content").Description($"What the service was (服务内容); required, at most {TextLimits.Content} characters (`TEXT_TOO_LONG`).");
        Field<StringGraphType>("place").Description($"Where; at most {TextLimits.Place} characters. Absent or blank: the project's place.");
        Field<UuidIdGraphType>("recipientId").Description("The person served, where there is one.");
        Field<IntGraphType>("qualityRating").Description("The quality of the service as the person in charge rated it, if rated.");
        Field<NonNullGraphType<StringGraphType>>("personInCharge").Description($"The name of the person in charge (负责人); required, at most {TextLimits.PersonName} characters.");
    }
}

public sealed class VerifyServiceRecordsInput
{
    public Guid CommandId { get; init; }
    public List<Guid> RecordIds { get; init; } = [];
}

public sealed class VerifyServiceRecordsInputType : InputObjectGraphType<VerifyServiceRecordsInput>
{
    public VerifyServiceRecordsInputType()
    {
        Name = "VerifyServiceRecordsInput";
        Description = "Submitted records to verify together.";
        this.CommandIdField();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>>("recordIds")
            .Description("The records (UUIDs or global ids), at least one (`EMPTY_BATCH`): all are verified, or none.");
    }
}

/// <summary>Reject, revoke and contest: a record and a reason.</summary>
public sealed class RecordReasonInput
{
    public Guid CommandId { get; init; }
    public Guid RecordId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public abstract class RecordReasonInputType : InputObjectGraphType<RecordReasonInput>
{
    protected RecordReasonInputType(string name, string description, string reason)
    {
        Name = name;
        Description = description;
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("recordId").Description("The record's UUID or global id.");
        Field<NonNullGraphType<StringGraphType>>("reason")
            .Description($"{reason} Required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}

public sealed class RejectServiceRecordInputType()
    : RecordReasonInputType("RejectServiceRecordInput", "A submitted record to reject, and why.", "Why the record is rejected; the volunteer sees it.");

public sealed class RevokeServiceRecordInputType()
    : RecordReasonInputType("RevokeServiceRecordInput", "A credited record to revoke, and why.", "Why the record is revoked; the volunteer sees it.");

public sealed class ContestServiceRecordInputType()
    : RecordReasonInputType("ContestServiceRecordInput", "The volunteer's own record to contest, and what is wrong.", "What is wrong or missing in the record.");

public sealed class AmendServiceRecordInput
{
    public Guid CommandId { get; init; }
    public Guid RecordId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset EndedAt { get; init; }
    public int MinutesServed { get; init; }
    public string Content { get; init; } = string.Empty;
    public string Note { get; init; } = string.Empty;
}

public sealed class AmendServiceRecordInputType : InputObjectGraphType<AmendServiceRecordInput>
{
    public AmendServiceRecordInputType()
    {
        Name = "AmendServiceRecordInput";
        Description = "A record's corrected times, minutes and content; the same rules as a submission.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("recordId").Description("The record's UUID or global id.");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startedAt").Description("When the service started (any offset).");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endedAt").Description("When it ended; checked as in `SubmitServiceRecordInput.endedAt`.");
        Field<NonNullGraphType<IntGraphType>>("minutesServed").Description("Actual service time in minutes, travel excluded: 1 to the minutes from start to end.");
        Field<NonNullGraphType<StringGraphType>>("content").Description($"What the service was; required, at most {TextLimits.Content} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<StringGraphType>>("note").Description($"Why the record is amended; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters.");
    }
}
