using GraphQL.Types;
using TimeBank.Api.GraphQL.Types;

namespace TimeBank.Api.Certificates.Bulk;

public sealed class BulkIssuanceType : ObjectGraphType<BulkIssuance>
{
    public BulkIssuanceType()
    {
        Name = "BulkIssuance";
        Description = "A year-end bulk issuance: one certificate for every volunteer with verified service in the community in the year, issued in the "
            + "background. `done` of `total` tells the progress; it carries on after a restart of the service and never issues twice for a volunteer.";
        Field<NonNullGraphType<UuidGraphType>>("jobId").Description("The job's UUID (the command id that started it).").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidGraphType>>("communityId").Description("The issuing community.").Resolve(c => c.Source.CommunityId);
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year certified.").Resolve(c => c.Source.Year);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Description("The first day certified.").Resolve(c => c.Source.Period.From);
        Field<NonNullGraphType<DateOnlyGraphType>>("to").Description("The last day certified (the year's end, or the day the job started).").Resolve(c => c.Source.Period.To);
        Field<NonNullGraphType<BulkIssuanceStatusType>>("status").Description("Running or completed.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("total").Description("Volunteers to certify.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<IntGraphType>>("done").Description("Volunteers dealt with so far (issued or failed).").Resolve(c => c.Source.Done);
        Field<NonNullGraphType<IntGraphType>>("issued").Description("Certificates issued.").Resolve(c => c.Source.Issued);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BulkIssuanceFailureType>>>>("failures")
            .Description("Volunteers the job could not issue for, with the refusal.").Resolve(c => c.Source.Failures);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startedAt").Description("When it started.").Resolve(c => c.Source.StartedAt);
        Field<UtcDateTimeOffsetGraphType>("finishedAt").Description("When it completed.").Resolve(c => c.Source.FinishedAt);
    }
}

public sealed class BulkIssuanceFailureType : ObjectGraphType<BulkIssuanceFailure>
{
    public BulkIssuanceFailureType()
    {
        Name = "BulkIssuanceFailure";
        Description = "A volunteer a bulk issuance could not issue for.";
        Field<NonNullGraphType<UuidGraphType>>("volunteerId").Description("The volunteer.").Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<StringGraphType>>("code").Description("The refusal's code, as a mutation would answer it.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Description("The refusal in words.").Resolve(c => c.Source.Message);
    }
}

public sealed class BulkIssuanceStatusType : EnumerationGraphType<BulkIssuanceStatus>
{
    public BulkIssuanceStatusType()
    {
        Name = "BulkIssuanceStatus";
        Description = "Where a bulk issuance stands.";
        Values["RUNNING"]!.Description = "Issuing, in the background.";
        Values["COMPLETED"]!.Description = "Every volunteer dealt with.";
    }
}
