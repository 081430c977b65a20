using System.Security.Cryptography;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Slots;

namespace TimeBank.Api.Slots;

/// <summary>The ledger's <see cref="PublishSlot"/>: the project and the slot's stream in one round trip; the check-in code drawn here.</summary>
public static class PublishSlotHandler
{
    public static async Task<Accepted> Handle(PublishSlot command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var projectLoad = batch.Load<Project>(command.ProjectId);
        var slotFetch = batch.Events.FetchForWriting<Slot>(command.SlotId);
        await batch.Execute(cancellation);
        var slot = await slotFetch;
        var code = CheckInCodes.From(RandomNumberGenerator.GetBytes(CheckInCodes.Length));
        slot.AppendOne(SlotDecider.Decide(command, slot.Aggregate, await projectLoad, code, clock.GetUtcNow()));
        return new Accepted(command.SlotId);
    }
}

public static class PublishSlotField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<PublishSlotInputType, PublishSlotInput, SlotPayloadType, PublishSlot, Slot>(
            "publishSlot", "Staff publish a time slot of one of their community's projects: when, where, how many places, the skills wanted. "
                + "The slot gets a check-in code for its QR (`Slot.checkInCode`, shown to its staff). Refusals: `PROJECT_NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, "
                + "`ALREADY_EXISTS`, `SLOT_TIMES_INVALID`, `SLOT_IN_PAST`, `INVALID_AMOUNT` (capacity), `INVALID_INPUT`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new PublishSlot(i.SlotId ?? i.CommandId, i.ProjectId, i.StartsAt, i.EndsAt, i.Place, i.Capacity,
                i.SkillsWanted, i.WithdrawUntil, i.PersonInCharge, actor)),
            SlotPayloadType.LoadAsync);
}

public sealed class PublishSlotInput
{
    public Guid CommandId { get; init; }
    public Guid? SlotId { get; init; }
    public Guid ProjectId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string? Place { get; init; }
    public int Capacity { get; init; }
    public List<string> SkillsWanted { get; init; } = [];
    public DateTimeOffset? WithdrawUntil { get; init; }
    public string PersonInCharge { get; init; } = string.Empty;
}

public sealed class PublishSlotInputType : InputObjectGraphType<PublishSlotInput>
{
    public PublishSlotInputType()
    {
        Name = "PublishSlotInput";
        Description = "A new time slot of a project.";
        this.CommandIdField();
        Field<UuidIdGraphType>("slotId").Description("The new slot's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("projectId").Description("The project; `PROJECT_NOT_FOUND` unless published. The caller must be staff of its community.");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startsAt").Description("When the slot starts (any offset); in the future (`SLOT_IN_PAST`).");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("endsAt").Description("When it ends: after the start (`SLOT_TIMES_INVALID`).");
        Field<StringGraphType>("place").Description($"Where; at most {TextLimits.Place} characters. Absent or blank: the project's place.");
        Field<NonNullGraphType<IntGraphType>>("capacity").Description($"How many places: 1 to {SlotDecider.MaxCapacity} (`INVALID_AMOUNT`). Sign-ups beyond it wait.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skillsWanted")
            .Description($"Skills wanted, at most {SlotDecider.MaxSkillsWanted}, each at most {Skills.MaxLength} characters; stored trimmed and in lower case.");
        Field<UtcDateTimeOffsetGraphType>("withdrawUntil")
            .Description($"The withdrawal cut-off, not after the start (`SLOT_TIMES_INVALID`). Absent: {SlotDecider.DefaultWithdrawalNotice.TotalHours:0} hours before the start.");
        Field<NonNullGraphType<StringGraphType>>("personInCharge")
            .Description($"The slot's person in charge (负责人), written on each record its check-outs submit; required, at most {TextLimits.PersonName} characters.");
    }
}
