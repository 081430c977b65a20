using GraphQL.Types;
using TimeBank.Projections;

namespace TimeBank.Api.GraphQL.Types;

public sealed class VolunteerHistoryEntryType : ObjectGraphType<VolunteerHistoryEntry>
{
    public VolunteerHistoryEntryType()
    {
        Name = "VolunteerHistoryEntry";
        Description = "One change of a volunteer's account: what, when, by how much (negative when taken back).";
        Field<NonNullGraphType<UuidIdGraphType>>("id").Description("The event's id.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("kind")
            .Description("ServiceCredited, ServiceCreditRevoked, PointsExpired, StarAwarded or StarWithdrawn.")
            .Resolve(c => c.Source.Kind);
        Field<UuidIdGraphType>("recordId").Description("The service record (or, for expiry, the points lot) concerned.").Resolve(c => c.Source.RecordId);
        Field<NonNullGraphType<IntGraphType>>("serviceMinutes").Resolve(c => Amounts.MinutesOut(c.Source.ServiceMinutes));
        Field<NonNullGraphType<IntGraphType>>("timeCredits").Description("Time credits in minutes.").Resolve(c => Amounts.MinutesOut(c.Source.TimeCredits));
        Field<NonNullGraphType<LongGraphType>>("points").Resolve(c => c.Source.Points);
        Field<IntGraphType>("starLevel").Resolve(c => c.Source.StarLevel);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("at").Resolve(c => c.Source.At);
    }
}

public sealed class VolunteerHistoryEdgeType() : EdgeGraphType<VolunteerHistoryEntryType, VolunteerHistoryEntry>("VolunteerHistory");

public sealed class VolunteerHistoryConnectionType() : ConnectionGraphType<VolunteerHistoryEdgeType, VolunteerHistoryEntry>("VolunteerHistory");
