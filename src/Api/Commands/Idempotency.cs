using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Commands;

/// <summary>The first outcome of a command, stored in the same transaction as the events it appended.</summary>
public sealed record ProcessedCommand(Guid Id, string Command, Guid ActorId, string RequestHash, CommandOutcome Outcome, DateTimeOffset ProcessedAt);

/// <summary>
/// The idempotency step of every ledger command, whichever strategy writes it (docs/adr/0041-one-write-runner.md): a
/// command seen before answers its first outcome (<see cref="AnswerAgain"/>), an accepted or refused command is remembered
/// in the transaction of its decision (<see cref="Remember"/>, <see cref="RefuseAsync"/>). Wolverine's middleware
/// (<see cref="CommandIdempotency"/>) calls it around a command on its own; the account queues call it for each command
/// of a batch.
/// </summary>
public static class Idempotency
{
    public const string KeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>
    /// Refusals that say "not now" rather than "no": not remembered, so the same command sent later is judged afresh
    /// (a throttled till retries its request once the minute is over).
    /// </summary>
    public static readonly IReadOnlySet<string> NotRemembered = new HashSet<string>(StringComparer.Ordinal) { RefusalCodes.TooManyCodeAttempts };

    private static readonly ConditionalWeakTable<LedgerRefusal, Func<IDocumentSession, CancellationToken, Task>> RefusalWrites = [];

    /// <summary>
    /// A command id seen before: its first outcome if it is the same request, else <see cref="KeyReused"/>. The same
    /// request is the same kind of command too: some kinds have the same members (complete and void a hold, approve and
    /// reinstate a merchant, reject and revoke a record), so their bodies hash alike.
    /// </summary>
    public static CommandOutcome AnswerAgain(ProcessedCommand earlier, Guid commandId, IActorCommand command)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(command);
        return earlier.Command == command.GetType().Name && earlier.ActorId == command.Actor.PersonId && earlier.RequestHash == RequestHash(command)
            ? earlier.Outcome with { Replayed = true }
            : CommandOutcome.Refuse(commandId, KeyReused, "This command id was already used for a different request; send a new id.");
    }

    /// <summary>Remembers <paramref name="outcome"/> with a plain INSERT: a command id seen before fails the commit on the unique key.</summary>
    public static ProcessedCommand Remember(IDocumentSession session, Guid commandId, IActorCommand command, CommandOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(command);
        var processed = new ProcessedCommand(commandId, command.GetType().Name, command.Actor.PersonId, RequestHash(command), outcome, now);
        session.Insert(processed);
        return processed;
    }

    /// <summary>
    /// The refused outcome, remembered (unless it says "not now", <see cref="NotRemembered"/>) together with what the
    /// refusal writes of its own (<see cref="WithWrites"/>). The caller has made sure nothing of the refused decision is
    /// pending in <paramref name="session"/>.
    /// </summary>
    public static async Task<(CommandOutcome Outcome, ProcessedCommand? Remembered)> RefuseAsync(
        IDocumentSession session, Guid commandId, IActorCommand command, LedgerRefusal refusal, DateTimeOffset now, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var outcome = CommandOutcome.Refuse(commandId, refusal);
        if (NotRemembered.Contains(refusal.Code))
        {
            return (outcome, null);
        }

        var remembered = Remember(session, commandId, command, outcome, now);
        if (RefusalWrites.TryGetValue(refusal, out var write))
        {
            await write(session, cancellation);
        }

        return (outcome, remembered);
    }

    /// <summary>
    /// A refusal that writes something of its own when it is remembered, in its transaction, and only then: a command seen
    /// before fails that commit, and what it would have written goes with it (a till's wrong code is counted once per request).
    /// </summary>
    public static LedgerRefusal WithWrites(this LedgerRefusal refusal, Func<IDocumentSession, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        RefusalWrites.AddOrUpdate(refusal, write);
        return refusal;
    }

    /// <summary>The request as the client sent it (every member of its runtime type), so that a reused id with another body is told apart.</summary>
    public static string RequestHash(object command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType())));
    }
}
