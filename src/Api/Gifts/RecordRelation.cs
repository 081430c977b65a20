using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>
/// Staff record the direct relation between two members: the ledger's <see cref="RecordRelation"/> (ADR 0045). Districts
/// mode: a member homed in another district is read there, and the relation is copied to their home (ADR 0047).
/// </summary>
public static class RecordRelationHandler
{
    public static async Task<Accepted> Handle(
        RecordRelation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation,
        Districts.DistrictSettings districts, Districts.CityDirectory directory, Districts.VolunteerHome homes, Wolverine.IMessageBus bus)
    {
        var batch = session.CreateBatchQuery();
        var memberLoad = batch.Load<VolunteerAccount>(command.MemberId);
        var relativeLoad = batch.Load<VolunteerAccount>(command.RelativeId);
        var fetch = batch.Events.FetchForWriting<Relation>(command.RelationId);
        await batch.Execute(cancellation);
        var relation = await fetch;
        var (member, relative) = (await memberLoad, await relativeLoad);
        if (directory.IsOn)
        {
            // A member homed in another district (ADR 0047): their account is read there, read-only.
            member ??= await homes.ReadAsync(session, command.MemberId, s => s.LoadAsync<VolunteerAccount>(command.MemberId, cancellation), cancellation);
            relative ??= await homes.ReadAsync(session, command.RelativeId, s => s.LoadAsync<VolunteerAccount>(command.RelativeId, cancellation), cancellation);
        }

        var recorded = RelationDecider.Decide(command, relation.Aggregate, clock.GetUtcNow(), member, relative);
        relation.AppendMany(recorded);
        await Districts.RelationCopies.TellAsync(bus, directory, districts, command.MemberId, command.RelativeId, recorded, session.TenantId, cancellation);
        return new Accepted(command.RelationId);
    }
}

public static class RecordRelationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RecordRelationInputType, RecordRelationInput, RelationPayloadType, Relation>(
            "recordRelation", "Staff of either member's home community record that `relativeId` is a direct relative (直系亲属) of `memberId`; both then confirm it, "
                + "each for themself (`confirmRelation`). A pair has one relation (its id is the pair's), recorded anew only after it ended. "
                + "Refusals: `NOT_STAFF_OF_COMMUNITY`, `VOLUNTEER_NOT_FOUND`, `RELATION_TO_SELF`, `ALREADY_EXISTS`, `INVALID_INPUT`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RecordRelation(i.MemberId, i.RelativeId, i.Kind, actor)),
            RelationPayloadType.LoadAsync);
}

public sealed class RecordRelationInput
{
    public Guid CommandId { get; init; }
    public Guid MemberId { get; init; }
    public Guid RelativeId { get; init; }
    public DirectRelation Kind { get; init; }
}

public sealed class RecordRelationInputType : InputObjectGraphType<RecordRelationInput>
{
    public RecordRelationInputType()
    {
        Name = "RecordRelationInput";
        Description = "A direct relation between two registered members.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("memberId").Description("One member (a volunteer id).");
        Field<NonNullGraphType<UuidIdGraphType>>("relativeId").Description("The other member (a volunteer id), a direct relative of the first.");
        Field<NonNullGraphType<DirectRelationType>>("kind").Description("What `relativeId` is to `memberId`: SPOUSE, PARENT, CHILD, GRANDPARENT or GRANDCHILD.");
    }
}
