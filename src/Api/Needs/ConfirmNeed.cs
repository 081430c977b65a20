using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>The ledger's <see cref="ConfirmNeed"/>, through <see cref="NeedDecisions"/>.</summary>
public static class ConfirmNeedHandler
{
    public static Task<Accepted> Handle(ConfirmNeed command, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        NeedDecisions.DecideAsync(session, policies, bus, command, clock.GetUtcNow(), cancellation);
}

public static class ConfirmNeedField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<ConfirmNeedInputType, NeedInput, NeedPayloadType, ConfirmNeed, NeedView>(
            "confirmNeed", "The resident confirms the service was received — or staff of the need's community for a resident without a phone (noted on the need): the escrow pays the volunteer, once; confirming again changes nothing. Refusals: `NOT_FOUND`, `NOT_PARTY_TO_NEED`, `NEED_NOT_ACCEPTED`, `NEED_ENDED`.",
            (actor, i) => Idempotent.Of(i.CommandId, new ConfirmNeed(i.NeedId, actor)),
            (session, actor, command, token) => NeedReads.ViewAsync(session, actor, command.NeedId, token));
}

public sealed class ConfirmNeedInputType() : NeedInputType("ConfirmNeedInput", "The accepted need the resident confirms.");
