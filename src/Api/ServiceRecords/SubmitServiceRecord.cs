using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.ServiceRecords;

/// <summary>
/// Staff record a volunteer's service in one of their community's projects (谁组织谁记录). The ledger's
/// <see cref="SubmitServiceRecord"/>: one round trip reads what the record is checked against and the record's stream.
/// </summary>
public static class SubmitServiceRecordHandler
{
    public static async Task<Accepted> Handle(
        SubmitServiceRecord command, IDocumentSession session, PolicyBook policies, Districts.CityDirectory directory, TimeProvider clock,
        CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var context = RecordContexts.Read(batch, session, policies, directory, command.ProjectId, command.VolunteerId, command.StartedAt, command.EndedAt, cancellation);
        var recordFetch = batch.Events.FetchForWriting<ServiceRecord>(command.RecordId);
        await batch.Execute(cancellation);
        var record = await recordFetch;
        var checkedAgainst = await context();

        var events = ServiceRecordDecider.Decide(command, record.Aggregate, clock.GetUtcNow(), checkedAgainst);
        record.AppendMany(events);
        // The record as these events leave it is the document the inline projection writes: the mutation answers it.
        return new Accepted(command.RecordId) { Result = events.Aggregate(record.Aggregate, ServiceRecord.Evolve) };
    }
}

public static class SubmitServiceRecordField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<SubmitServiceRecordInputType, SubmitServiceRecordInput, ServiceRecordPayloadType, ServiceRecord>(
            "submitServiceRecord", "Staff record a volunteer's service in one of their community's projects (谁组织谁记录). Refusals: `PROJECT_NOT_FOUND`, "
                + "`NOT_STAFF_OF_COMMUNITY`, `VOLUNTEER_NOT_FOUND`, `ALREADY_EXISTS`, `INVALID_INPUT` (blank content or person in charge), `TEXT_TOO_LONG`, "
                + "`RECORD_ENDS_BEFORE_START`, `RECORD_IN_FUTURE`, `RECORD_TOO_LONG`, `RECORD_MINUTES_INVALID`, `RECORD_OVERLAPS`, `INVALID_AMOUNT`.",
            (actor, i) => Idempotent.Of(i.CommandId, new SubmitServiceRecord(i.RecordId ?? i.CommandId, i.VolunteerId, i.ProjectId, i.StartedAt, i.EndedAt,
                Amounts.MinutesIn(i.MinutesServed, "minutesServed"), i.Content, i.Place, i.RecipientId, i.QualityRating, i.PersonInCharge, actor)),
            ServiceRecordPayloadType.LoadAsync);
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
