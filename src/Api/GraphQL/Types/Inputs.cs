using GraphQL.Types;
using TimeBank.Api.PersonalData;
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<UuidIdGraphType>("communityId").Description("Defaults to the command id.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("street").Description("The street (街道) the community belongs to.");
        Field<NonNullGraphType<StringGraphType>>("district").Description("The district (区市); its policy applies.");
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId");
        Field<NonNullGraphType<UuidIdGraphType>>("staffId");
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<UuidIdGraphType>("projectId").Description("Defaults to the command id.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("category");
        Field<NonNullGraphType<IntGraphType>>("pointsCoefficientPercent").Description("In hundredths: 100 = 1.0.").DefaultValue(100);
        Field<NonNullGraphType<BooleanGraphType>>("earnsTimeCredits").DefaultValue(true);
        Field<NonNullGraphType<StringGraphType>>("place");
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The person's id (the subject they sign in as).");
        Field<NonNullGraphType<UuidIdGraphType>>("homeCommunityId");
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber");
        Field<NonNullGraphType<StringGraphType>>("displayName").Description("The person's name; stored encrypted, erased on request.");
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId");
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<UuidIdGraphType>("recordId").Description("Defaults to the command id.");
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId");
        Field<NonNullGraphType<UuidIdGraphType>>("projectId");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startedAt");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endedAt");
        Field<NonNullGraphType<IntGraphType>>("minutesServed").Description("Actual service time in minutes, travel excluded.");
        Field<NonNullGraphType<StringGraphType>>("content");
        Field<StringGraphType>("place").Description("Defaults to the project's place.");
        Field<UuidIdGraphType>("recipientId");
        Field<IntGraphType>("qualityRating");
        Field<NonNullGraphType<StringGraphType>>("personInCharge");
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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>>("recordIds").Description("All are verified, or none.");
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
    protected RecordReasonInputType(string name)
    {
        Name = name;
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("recordId");
        Field<NonNullGraphType<StringGraphType>>("reason");
    }
}

public sealed class RejectServiceRecordInputType() : RecordReasonInputType("RejectServiceRecordInput");

public sealed class RevokeServiceRecordInputType() : RecordReasonInputType("RevokeServiceRecordInput");

public sealed class ContestServiceRecordInputType() : RecordReasonInputType("ContestServiceRecordInput");

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
        Field<NonNullGraphType<UuidIdGraphType>>("commandId");
        Field<NonNullGraphType<UuidIdGraphType>>("recordId");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startedAt");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endedAt");
        Field<NonNullGraphType<IntGraphType>>("minutesServed");
        Field<NonNullGraphType<StringGraphType>>("content");
        Field<NonNullGraphType<StringGraphType>>("note").Description("Why the record is amended.");
    }
}
