using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.GraphQL;

/// <summary>How a use case reads its result once its command is accepted (null: nothing the caller may read).</summary>
public delegate Task<T?> LoadResult<T>(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation);

/// <summary>How a use case reads its result by what its command names (the thing it made or changed), once it is accepted.</summary>
public delegate Task<T?> LoadNamed<in TCommand, T>(IQuerySession session, Actor actor, TCommand command, CancellationToken cancellation);

/// <summary>
/// Districts mode: the district a command runs in when it is not the request's, the one of what it acts on (a slot, a
/// community) when that is another; null: the request's own (and always in single-database mode). A refusal (the thing's
/// district did not answer) refuses the command, nothing sent.
/// </summary>
public delegate Task<string?> DistrictOfCommand<in TCommand>(IResolveFieldContext context, TCommand command);

/// <summary>A use case's command sent, and how to read its result once it is accepted.</summary>
public delegate Task<(CommandOutcome Outcome, Func<Task<TResult?>> Result)> SendCommand<TInput, TResult>(IResolveFieldContext context, Actor actor, TInput input);

/// <summary>
/// How a use case declares its mutation field (its own file, e.g. ServiceRecords/SubmitServiceRecord.cs, listed in
/// <see cref="LedgerMutation"/>): <c>name(input: XInput!): XPayload</c>, the command built with the actor from the claims,
/// sent, and its outcome answered. The rules (who may, what is valid) are the domain's; a refusal comes back as an error
/// whose code is the refusal's. Every input carries the client's commandId: sending it again returns the first outcome.
/// An id of a thing the command creates is optional; without it the thing takes the command id, so a repeat still names
/// the same thing.
/// </summary>
public static class MutationFields
{
    /// <summary>A command on its own, routed to its handler by its runtime type; its result read with <paramref name="load"/>.</summary>
    public static void Mutation<TInputType, TInput, TPayloadType, TResult>(
        this ObjectGraphType mutation, string name, string description, Func<Actor, TInput, IIdempotent> command, LoadResult<TResult> load)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IGraphType =>
        mutation.Mutation<TInputType, TInput, TPayloadType, TResult>(name, description, async (context, actor, input) =>
        {
            var outcome = await context.Service<CommandSender>().SendAsync(command(actor, input), context.CancellationToken);
            return (outcome, () => load(context.Service<IQuerySession>(), actor, outcome, context.CancellationToken));
        });

    /// <summary>
    /// A command on its own whose result is read by what the command itself names (a certificate by its id), not by the
    /// streams it touched: the command id's first request, since a reused id with another body is refused.
    /// </summary>
    public static void Mutation<TInputType, TInput, TPayloadType, TCommand, TResult>(
        this ObjectGraphType mutation, string name, string description, Func<Actor, TInput, Idempotent<TCommand>> command, LoadNamed<TCommand, TResult> load)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IGraphType
        where TCommand : IActorCommand =>
        mutation.Mutation<TInputType, TInput, TPayloadType, TCommand, TResult>(name, description, command, InTheRequestsDistrict, load);

    /// <summary>
    /// As the one above, in the district of what the command acts on (<paramref name="districtOf"/>), where its result is
    /// read too: a volunteer's own command on something kept in another district than their home (docs/adr/0047-a-database-per-district.md).
    /// </summary>
    public static void Mutation<TInputType, TInput, TPayloadType, TCommand, TResult>(
        this ObjectGraphType mutation, string name, string description, Func<Actor, TInput, Idempotent<TCommand>> command, DistrictOfCommand<TCommand> districtOf,
        LoadNamed<TCommand, TResult> load)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IGraphType
        where TCommand : IActorCommand =>
        mutation.Mutation<TInputType, TInput, TPayloadType, TResult>(name, description, async (context, actor, input) =>
        {
            var sent = command(actor, input);
            string? district;
            try
            {
                district = await districtOf(context, sent.Command);
            }
            catch (LedgerRefusal refusal)
            {
                return (CommandOutcome.Refuse(sent.CommandId, refusal), () => Task.FromResult<TResult?>(default));
            }

            var outcome = await context.Service<CommandSender>().SendAsync(sent, district, context.CancellationToken);
            return (outcome, async () =>
            {
                if (district is null)
                {
                    return await load(context.Service<IQuerySession>(), actor, sent.Command, context.CancellationToken);
                }

                await using var there = context.Service<Infrastructure.LedgerReads>().QuerySession(district);
                return await load(there, actor, sent.Command, context.CancellationToken);
            });
        });

    /// <summary>A use case that sends its command its own way (a till's request, a command decided in an account's queue).</summary>
    public static void Mutation<TInputType, TInput, TPayloadType, TResult>(
        this ObjectGraphType mutation, string name, string description, SendCommand<TInput, TResult> send)
        where TInputType : IInputObjectGraphType
        where TPayloadType : IGraphType
    {
        ArgumentNullException.ThrowIfNull(mutation);
        mutation.Field<TPayloadType>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>("input", "What the command needs; see the input type.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var input = context.GetArgument<TInput>("input");
                var (outcome, result) = await send(context, actor, input);
                if (!outcome.Accepted)
                {
                    // The times a refusal names, in the offset the caller wrote its own in (or China time).
                    throw SchemaErrors.Of(outcome.Code ?? RefusalCodes.Forbidden, CallerOffset.Show(outcome.Message ?? "The command was refused.", outcome.Times));
                }

                // What the request loaded before this mutation may have changed.
                context.Service<Loading.LedgerLoaders>().Forget();
                return new Payload<TResult>(outcome.CommandId, outcome.Replayed, await result());
            });
    }

    private static Task<string?> InTheRequestsDistrict<TCommand>(IResolveFieldContext context, TCommand command) => Task.FromResult<string?>(null);

    /// <summary>The document of the (single) stream the command touched.</summary>
    public static async Task<T?> LoadStreamAsync<T>(IQuerySession session, CommandOutcome outcome, CancellationToken cancellation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Streams is [var id] ? await session.LoadAsync<T>(id, cancellation) : null;
    }
}
