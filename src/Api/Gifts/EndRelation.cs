using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>A member or staff end a relation: the ledger's <see cref="EndRelation"/>.</summary>
public static class EndRelationHandler
{
    public static async Task<Accepted> Handle(
        EndRelation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation,
        Districts.DistrictSettings districts, Districts.CityDirectory directory, Wolverine.IMessageBus bus)
    {
        var relation = await session.Events.FetchForWriting<Relation>(command.RelationId, cancellation);
        var decided = RelationDecider.Decide(command, relation.Aggregate, clock.GetUtcNow());
        relation.AppendMany(decided);
        // A member homed in another district keeps a copy of the relation there (ADR 0047).
        await Districts.RelationCopies.TellAsync(
            bus, directory, districts, relation.Aggregate!.MemberId, relation.Aggregate.RelativeId, decided, session.TenantId, cancellation);
        return new Accepted(command.RelationId);
    }
}

public static class EndRelationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<EndRelationInputType, EndRelationInput, RelationPayloadType, Relation>(
            "endRelation", "Either member, or staff of either member's home community, end a relation: no gift goes along it any more (gifts already given stay). "
                + "Ending again changes nothing. Refusals: `NOT_FOUND` (no such relation, or not the caller's to end).",
            (actor, i) => Idempotent.Of(i.CommandId, new EndRelation(i.RelationId, actor)),
            RelationPayloadType.LoadAsync);
}

public sealed class EndRelationInput
{
    public Guid CommandId { get; init; }
    public Guid RelationId { get; init; }
}

public sealed class EndRelationInputType : InputObjectGraphType<EndRelationInput>
{
    public EndRelationInputType()
    {
        Name = "EndRelationInput";
        Description = "A relation to end.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("relationId").Description("The relation.");
    }
}
