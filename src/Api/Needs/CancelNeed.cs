using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>The ledger's <see cref="CancelNeed"/>, through <see cref="NeedDecisions"/>.</summary>
public static class CancelNeedHandler
{
    public static Task<Accepted> Handle(CancelNeed command, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        NeedDecisions.DecideAsync(session, policies, bus, command, clock.GetUtcNow(), cancellation);
}

public static class CancelNeedField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<CancelNeedInputType, NeedInput, NeedPayloadType, CancelNeed, NeedView>(
            "cancelNeed", "The resident (or staff of the need's community for them) withdraws a need nobody has accepted: the escrow goes back. Refusals: `NOT_FOUND`, `NOT_PARTY_TO_NEED`, `NEED_NOT_OPEN` (accepted: dispute it instead), `NEED_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, new CancelNeed(i.NeedId, actor)),
            (session, actor, command, token) => NeedReads.ViewAsync(session, actor, command.NeedId, token));
}

public sealed class CancelNeedInputType() : NeedInputType("CancelNeedInput", "The open need the resident withdraws.");
