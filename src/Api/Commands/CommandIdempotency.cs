using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using Wolverine;
using Wolverine.Runtime;

namespace TimeBank.Api.Commands;

/// <summary>
/// The idempotency step (<see cref="Idempotency"/>) around a ledger command on its own, as Wolverine middleware (docs/adr/0028-one-command-shape.md): the
/// handler decides, this remembers a refusal, and (through <see cref="Accepted"/>) remembers an acceptance, in the
/// transaction of the events it appended, and answers a command seen before. Optimistic: a first attempt reads nothing
/// before the handler. Its outcome is remembered with a plain INSERT, so a command id seen before fails the commit on
/// the unique key and rolls back all the attempt wrote; the attempt after it (Wolverine's own retry, or
/// <see cref="CommandSender"/>'s, which says so in <see cref="RetryHeader"/>) reads the stored outcome first and answers it.
/// </summary>
public static class CommandIdempotency
{
    /// <summary>The envelope header that carries the client's command id beside the command.</summary>
    public const string CommandIdHeader = "timebank-command-id";

    /// <summary>The envelope header <see cref="CommandSender"/> sets when it sends a command again after a conflict.</summary>
    public const string RetryHeader = "timebank-command-retry";

    /// <summary>Applied to the handler of every <see cref="IActorCommand"/>.</summary>
    public static bool AppliesTo(Type messageType) => typeof(IActorCommand).IsAssignableFrom(messageType);

    /// <summary>
    /// On a retry, a command seen before is answered with its first outcome (or as a reused key) and its handler does not
    /// run. A first attempt goes straight to the handler: no round trip of its own.
    /// </summary>
    public static async Task<HandlerContinuation> BeforeAsync(Envelope envelope, IDocumentSession session, MessageContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(context);
        var (commandId, command) = Read(envelope);
        if (!IsRetry(envelope))
        {
            return HandlerContinuation.Continue;
        }

        var earlier = await session.LoadAsync<ProcessedCommand>(commandId, cancellation);
        if (earlier is null)
        {
            return HandlerContinuation.Continue;
        }

        // The response of InvokeAsync<CommandOutcome>: Wolverine takes a cascaded message of the requested type as the reply.
        await context.EnqueueCascadingAsync(Idempotency.AnswerAgain(earlier, commandId, command));
        return HandlerContinuation.Stop;
    }

    /// <summary>
    /// The decider refused: nothing the handler appended is written, only the refusal is remembered (unless it says
    /// "not now"), and the refusal is the answer. A command seen before fails here on the unique key: the exception leaves
    /// this handler, and the retry answers the stored outcome.
    /// </summary>
    public static async Task<CommandOutcome> OnExceptionAsync(LedgerRefusal refusal, Envelope envelope, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var (commandId, command) = Read(envelope);
        session.EjectAllPendingChanges();
        var (outcome, remembered) = await Idempotency.RefuseAsync(session, commandId, command, refusal, clock.GetUtcNow(), cancellation);
        if (remembered is not null)
        {
            await session.SaveChangesAsync(cancellation);
            return outcome;
        }

        // Not remembered, so no insert meets an earlier outcome: a first attempt looks for one here, as a retry did before.
        return !IsRetry(envelope) && await session.LoadAsync<ProcessedCommand>(commandId, cancellation) is { } earlier
            ? Idempotency.AnswerAgain(earlier, commandId, command)
            : outcome;
    }

    /// <summary>The outcome of an accepted command: remembered with its events, and the answer.</summary>
    internal static async Task AcceptAsync(Accepted accepted, Envelope envelope, IDocumentSession session, MessageContext context, TimeProvider clock)
    {
        var (commandId, command) = Read(envelope);
        var outcome = CommandOutcome.Accept(commandId, accepted.Streams) with { IssuedCode = accepted.IssuedCode };
        Idempotency.Remember(session, commandId, command, outcome, clock.GetUtcNow());
        // The subject's state goes to the caller alone, not into the remembered outcome: a replay reads it again.
        await context.EnqueueCascadingAsync(outcome with { Result = accepted.Result });
    }

    /// <summary>Wolverine's own retry of the invocation (after a conflict) or <see cref="CommandSender"/>'s.</summary>
    private static bool IsRetry(Envelope envelope) => envelope.Attempts > 1 || envelope.Headers.ContainsKey(RetryHeader);

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

    /// <summary>
    /// The command's subject as its events left it (a submitted record), when the handler has it at hand: the mutation
    /// answers it instead of reading it again after the commit. Not remembered.
    /// </summary>
    public object? Result { get; init; }

    public Task ExecuteAsync(Envelope envelope, IDocumentSession session, MessageContext context, TimeProvider clock) =>
        CommandIdempotency.AcceptAsync(this, envelope, session, context, clock);
}
