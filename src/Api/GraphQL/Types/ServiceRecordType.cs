using GraphQL.Types;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.GraphQL.Types;

public sealed class ServiceRecordType : ObjectGraphType<ServiceRecord>
{
    public ServiceRecordType()
    {
        Name = "ServiceRecord";
        Description = "A record of service (志愿服务记录) as it stands after its events.";
        this.ImplementNode(GlobalId.ServiceRecord, record => record.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("recordId").Description("The record's UUID, as mutations and `serviceRecord(id:)` take it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer who served.").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<UuidIdGraphType>>("projectId").Description("The project's UUID.").Resolve(c => c.Source.ProjectId);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of the community that recorded the service.").Resolve(c => c.Source.CommunityId);
        Field<NonNullGraphType<StringGraphType>>("projectName").Description("The project's name when the service was recorded.").Resolve(c => c.Source.ProjectName);
        Field<NonNullGraphType<StringGraphType>>("category").Description("The project's category when the service was recorded.").Resolve(c => c.Source.Category);
        Field<NonNullGraphType<IntGraphType>>("pointsCoefficientPercent").Description("The project's points coefficient in hundredths (100 = 1.0).")
            .Resolve(c => c.Source.PointsCoefficientPercent);
        Field<NonNullGraphType<BooleanGraphType>>("earnsTimeCredits").Description("Whether the service earns time credits.").Resolve(c => c.Source.EarnsTimeCredits);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where the service was done.").Resolve(c => c.Source.Place);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startedAt").Description("When the service started.").Resolve(c => c.Source.StartedAt);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endedAt").Description("When the service ended.").Resolve(c => c.Source.EndedAt);
        Field<NonNullGraphType<IntGraphType>>("minutesServed").Description("Actual service time in minutes, travel excluded.")
            .Resolve(c => Amounts.MinutesOut(c.Source.MinutesServed.Value));
        Field<NonNullGraphType<StringGraphType>>("content").Description("What the service was (服务内容).").Resolve(c => c.Source.Content);
        Field<NonNullGraphType<StringGraphType>>("personInCharge").Description("The name of the person in charge (负责人).").Resolve(c => c.Source.PersonInCharge);
        Field<NonNullGraphType<UuidIdGraphType>>("recordedBy").Description("The staff member who recorded it.").Resolve(c => c.Source.RecordedBy);
        Field<NonNullGraphType<RecordStatusType>>("status").Description("Where the record stands in its lifecycle.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BooleanGraphType>>("contested").Description("The volunteer pointed out an error that is not amended yet.")
            .Resolve(c => c.Source.Contested);
        Field<UuidIdGraphType>("verifiedBy").Description("The staff member who verified it; null until verified.").Resolve(c => c.Source.VerifiedBy);
        Field<NonNullGraphType<IntGraphType>>("amendments").Description("How many times staff amended it.").Resolve(c => c.Source.Amendments);
        Field<VolunteerAccountType>("volunteer").Description("The volunteer's account, if the caller may read it; otherwise null.")
            .Resolve(c => Navigation.Account(c, c.Source.VolunteerId));
        Field<ProjectType>("project").Description("The project the service was part of.")
            .Resolve(c => Navigation.Project(c, c.Source.ProjectId));
        Field<CommunityType>("community").Description("The community that recorded the service.")
            .Resolve(c => Navigation.Community(c, c.Source.CommunityId));
    }
}

public sealed class RecordStatusType : EnumerationGraphType<RecordStatus>
{
    public RecordStatusType()
    {
        Name = "ServiceRecordStatus";
        Description = "Submitted → Verified → Credited; Submitted → Rejected; Credited → Revoked.";
        Values["SUBMITTED"]!.Description = "Recorded, awaiting verification by staff of its community.";
        Values["VERIFIED"]!.Description = "Verified; credited in the same transaction.";
        Values["CREDITED"]!.Description = "Hours, time credits and points posted to the volunteer's account.";
        Values["REJECTED"]!.Description = "Rejected with a reason; the volunteer may contest it.";
        Values["REVOKED"]!.Description = "Revoked with a reason after crediting; the account was compensated.";
    }
}

public sealed class ServiceRecordEdgeType() : EdgeGraphType<ServiceRecordType, ServiceRecord>("ServiceRecord");

public sealed class ServiceRecordConnectionType() : ConnectionGraphType<ServiceRecordEdgeType, ServiceRecord>("ServiceRecord");
