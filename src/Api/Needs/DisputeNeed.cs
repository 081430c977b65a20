using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>The ledger's <see cref="DisputeNeed"/>, through <see cref="NeedDecisions"/>.</summary>
public static class DisputeNeedHandler
{
    public static Task<Accepted> Handle(DisputeNeed command, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        NeedDecisions.DecideAsync(session, policies, bus, command, clock.GetUtcNow(), cancellation);
}

public static class DisputeNeedField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<DisputeNeedInputType, DisputeNeedInput, NeedPayloadType, DisputeNeed, NeedView>(
            "disputeNeed", "The resident (or staff for them) or the accepting volunteer disputes an accepted need: staff of its community decide, "
                + "and it no longer expires. Refusals: `NOT_FOUND`, `NOT_PARTY_TO_NEED`, `REASON_REQUIRED`, `TEXT_TOO_LONG`, `NEED_NOT_ACCEPTED`, `NEED_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, new DisputeNeed(i.NeedId, i.Reason, actor)),
            (session, actor, command, token) => NeedReads.ViewAsync(session, actor, command.NeedId, token));
}

public sealed class DisputeNeedInput
{
    public Guid CommandId { get; init; }
    public Guid NeedId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class DisputeNeedInputType : InputObjectGraphType<DisputeNeedInput>
{
    public DisputeNeedInputType()
    {
        Name = "DisputeNeedInput";
        Description = "The accepted need disputed, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("needId").Description("The need's UUID. `NOT_FOUND` if there is none.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required, at most {TextLimits.Reason} characters.");
    }
}
