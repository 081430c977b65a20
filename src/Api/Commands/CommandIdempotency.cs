using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using Wolverine;
using Wolverine.Runtime;

namespace TimeBank.Api.Commands;

/// <summary>
/// The idempotency step of every ledger command, as Wolverine middleware (docs/adr/0028-one-command-shape.md): the
/// handler decides, this answers a command seen before, remembers a refusal, and (through <see cref="Accepted"/>)
/// remembers an acceptance, in the transaction of the events it appended.
/// </summary>
public static class CommandIdempotency
{
    /// <summary>The envelope header that carries the client's command id beside the command.</summary>
    public const string CommandIdHeader = "timebank-command-id";

    /// <summary>Applied to the handler of every <see cref="IActorCommand"/>.</summary>
    public static bool AppliesTo(Type messageType) => typeof(IActorCommand).IsAssignableFrom(messageType);

    /// <summary>A command seen before is answered with its first outcome (or as a reused key); its handler does not run.</summary>
    public static async Task<HandlerContinuation> BeforeAsync(Envelope envelope, IDocumentSession session, MessageContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(context);
        var (commandId, command) = Read(envelope);
        var earlier = await session.LoadAsync<ProcessedCommand>(commandId, cancellation);
        if (earlier is null)
        {
            return HandlerContinuation.Continue;
        }

        // The response of InvokeAsync<CommandOutcome>: Wolverine takes a cascaded message of the requested type as the reply.
        await context.EnqueueCascadingAsync(Idempotency.AnswerAgain(earlier, commandId, command, Idempotency.RequestHash(command)));
        return HandlerContinuation.Stop;
    }

    /// <summary>
    /// The decider refused: nothing the handler appended is written, only the refusal is remembered (unless it says
    /// "not now"), and the refusal is the answer.
    /// </summary>
    public static async Task<CommandOutcome> OnExceptionAsync(LedgerRefusal refusal, Envelope envelope, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var (commandId, command) = Read(envelope);
        session.EjectAllPendingChanges();
        var outcome = CommandOutcome.Refuse(commandId, refusal.Code, refusal.Message);
        if (!Idempotency.NotRemembered.Contains(refusal.Code))
        {
            session.Insert(Idempotency.Remember(commandId, command, Idempotency.RequestHash(command), outcome, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellation);
        }

        return outcome;
    }

    /// <summary>The outcome of an accepted command: remembered with its events, and the answer.</summary>
    internal static async Task AcceptAsync(Accepted accepted, Envelope envelope, IDocumentSession session, MessageContext context, TimeProvider clock)
    {
        var (commandId, command) = Read(envelope);
        var outcome = CommandOutcome.Accept(commandId, accepted.Streams) with { IssuedCode = accepted.IssuedCode };
        session.Insert(Idempotency.Remember(commandId, command, Idempotency.RequestHash(command), outcome, clock.GetUtcNow()));
        await context.EnqueueCascadingAsync(outcome);
    }

    private static (Guid CommandId, IActorCommand Command) Read(Envelope envelope) =>
        envelope.Message is IActorCommand command && envelope.Headers.TryGetValue(CommandIdHeader, out var header) && Guid.TryParse(header, out var commandId)
            ? (commandId, command)
            : throw new InvalidOperationException(
                $"A ledger command is sent with its command id in the '{CommandIdHeader}' header (CommandSender); {envelope.MessageType} came without one.");
}

/// <summary>
/// What a handler returns when its decision was accepted: the streams it appended to (the command's subject last). A
/// Wolverine side effect: the outcome is remembered and answered by <see cref="CommandIdempotency"/>.
/// </summary>
public sealed record Accepted(params IReadOnlyList<Guid> Streams) : Wolverine.ISideEffect
{
    /// <summary>The redemption code the command issued, kept in the outcome so that a replay gives exactly this code.</summary>
    public string? IssuedCode { get; init; }

    public Task ExecuteAsync(Envelope envelope, IDocumentSession session, MessageContext context, TimeProvider clock) =>
        CommandIdempotency.AcceptAsync(this, envelope, session, context, clock);
}
