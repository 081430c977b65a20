using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Gifts;

/// <summary>A member confirms a relation for themself: the ledger's <see cref="ConfirmRelation"/>.</summary>
public static class ConfirmRelationHandler
{
    public static async Task<Accepted> Handle(
        ConfirmRelation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation,
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

public static class ConfirmRelationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ConfirmRelationInputType, ConfirmRelationInput, RelationPayloadType, Relation>(
            "confirmRelation", "A member confirms their own side of a relation recorded by staff; once both confirmed, gifts may go along it. Confirming again "
                + "changes nothing. Refusals: `RELATION_NOT_OWN_SIDE` (`memberId` is not the caller, or the caller is not a volunteer), `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ConfirmRelation(i.RelationId, i.MemberId ?? actor.PersonId, actor)),
            RelationPayloadType.LoadAsync);
}

public sealed class ConfirmRelationInput
{
    public Guid CommandId { get; init; }
    public Guid RelationId { get; init; }
    public Guid? MemberId { get; init; }
}

public sealed class ConfirmRelationInputType : InputObjectGraphType<ConfirmRelationInput>
{
    public ConfirmRelationInputType()
    {
        Name = "ConfirmRelationInput";
        Description = "A relation the caller confirms, for themself.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("relationId").Description("The relation (see `myRelatives`).");
        Field<UuidIdGraphType>("memberId").Description("Whose side is confirmed; defaults to the caller, and only the caller may be named (`RELATION_NOT_OWN_SIDE`).");
    }
}
