using GraphQL;
using GraphQL.Types;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Accounts.Redemptions;

public sealed class HoldPayloadType()
    : PayloadGraphType<HoldType, Hold>("HoldPayload", "hold", "The hold as it stands now, to the cashier of its merchant.",
        "What holdPoints, completeHold, voidHold and refundRedemption answer.");

/// <summary>The mutations of a till on a hold.</summary>
public static class HoldMutationFields
{
    /// <summary>
    /// A till's command on a hold, decided in the queue of the hold's account (<see cref="AccountQueues"/>), as the till's
    /// HTTP API does: answered with the hold as the batch left it, no second read.
    /// </summary>
    public static void OnHold<TInputType, TInput, TCommand>(this ObjectGraphType mutation, string name, string description, Func<Actor, TInput, Idempotent<TCommand>> command)
        where TInputType : IInputObjectGraphType
        where TCommand : VolunteerAccountCommand, IActorCommand =>
        mutation.Mutation<TInputType, TInput, HoldPayloadType, Hold>(name, description, async (context, actor, input) =>
        {
            var answer = await context.Service<AccountQueues>().SendAsync(command(actor, input), context.Service<Districts.RequestDistrict>().Current, context.CancellationToken);
            return (answer.Outcome, () => Task.FromResult(HoldReads.OwnHold(actor, answer.Hold)));
        });
}
