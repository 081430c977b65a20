using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>The ledger's <see cref="AcceptNeed"/>, through <see cref="NeedDecisions"/>.</summary>
public static class AcceptNeedHandler
{
    public static Task<Accepted> Handle(AcceptNeed command, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        NeedDecisions.DecideAsync(session, policies, bus, command, clock.GetUtcNow(), cancellation);
}

public static class AcceptNeedField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AcceptNeedInputType, NeedInput, NeedPayloadType, AcceptNeed, NeedView>(
            "acceptNeed", "A volunteer takes an open need on, for themself (in any community of the city); accepting it again changes nothing. Refusals: `NOT_FOUND`, `FORBIDDEN` (not a volunteer), `OWN_NEED`, `NEED_NOT_OPEN` (accepted by someone else, cancelled or expired), `VOLUNTEER_NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new AcceptNeed(i.NeedId, actor)),
            (session, actor, command, token) => NeedReads.ViewAsync(session, actor, command.NeedId, token));
}

public sealed class AcceptNeedInputType() : NeedInputType("AcceptNeedInput", "The open need a volunteer accepts.");
