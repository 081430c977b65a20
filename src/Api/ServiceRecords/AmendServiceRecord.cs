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
/// The community corrects a record: a new event; the original stays in the stream. The ledger's
/// <see cref="AmendServiceRecord"/>, checked against the record's context as a submission is.
/// </summary>
public static class AmendServiceRecordHandler
{
    public static async Task<Accepted> Handle(
        AmendServiceRecord command, IDocumentSession session, PolicyBook policies, Districts.CityDirectory directory, TimeProvider clock, CancellationToken cancellation)
    {
        var record = await session.Events.FetchForWriting<ServiceRecord>(command.RecordId, cancellation);
        var context = record.Aggregate is { } amended
            ? await RecordContexts.LoadAsync(session, policies, directory, amended.ProjectId, amended.VolunteerId, command.StartedAt, command.EndedAt, cancellation)
            : RecordContext.None;
        record.AppendMany(ServiceRecordDecider.Decide(command, record.Aggregate, clock.GetUtcNow(), context));
        return new Accepted(command.RecordId);
    }
}

public static class AmendServiceRecordField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AmendServiceRecordInputType, AmendServiceRecordInput, ServiceRecordPayloadType, ServiceRecord>(
            "amendServiceRecord", "Staff of the record's community amend it; the original stays in its history. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, "
                + "`REASON_REQUIRED` (no note), `INVALID_INPUT` (blank content), `TEXT_TOO_LONG`, `INVALID_RECORD_STATE`, and the time refusals of `submitServiceRecord`.",
            (actor, i) => Idempotent.Of(i.CommandId, new AmendServiceRecord(i.RecordId, i.StartedAt, i.EndedAt,
                Amounts.MinutesIn(i.MinutesServed, "minutesServed"), i.Content, i.Note, actor)),
            ServiceRecordPayloadType.LoadAsync);
}

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
