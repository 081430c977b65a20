using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Commands;

/// <summary>The first outcome of a command, stored in the same transaction as the events it appended.</summary>
public sealed record ProcessedCommand(Guid Id, string Command, Guid ActorId, string RequestHash, CommandOutcome Outcome, DateTimeOffset ProcessedAt);

public static class Idempotency
{
    public const string KeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>
    /// Refusals that say "not now" rather than "no": not remembered, so the same command sent later is judged afresh
    /// (a throttled till retries its request once the minute is over).
    /// </summary>
    public static readonly IReadOnlySet<string> NotRemembered = new HashSet<string>(StringComparer.Ordinal) { RefusalCodes.TooManyCodeAttempts };

    /// <summary>
    /// Runs <paramref name="decide"/> once per command id. A refusal is remembered too, so a retry gets the same answer.
    /// Two copies racing each other both reach the insert; the loser's transaction fails on the unique id and its retry
    /// finds the winner's outcome. Only for the till's and the volunteer's requests whose ledger command the host completes
    /// (<c>HoldPoints</c>, <c>IssueRedemptionCode</c>); every other command goes through <see cref="CommandIdempotency"/>.
    /// </summary>
    public static async Task<CommandOutcome> RunOnceAsync<TCommand>(
        this IDocumentSession session,
        TCommand command,
        TimeProvider clock,
        Func<DateTimeOffset, Task<CommandOutcome>> decide,
        CancellationToken cancellation)
        where TCommand : ILedgerCommand
    {
        var hash = RequestHash(command);
        var earlier = await session.LoadAsync<ProcessedCommand>(command.CommandId, cancellation);
        if (earlier is not null)
        {
            return AnswerAgain(earlier, command, hash);
        }

        var now = clock.GetUtcNow();
        CommandOutcome outcome;
        try
        {
            outcome = await decide(now);
        }
        catch (LedgerRefusal refusal)
        {
            // Nothing the command appended may be written: start from a clean unit of work.
            session.EjectAllPendingChanges();
            outcome = CommandOutcome.Refuse(command.CommandId, refusal);
            if (NotRemembered.Contains(refusal.Code))
            {
                return outcome;
            }
        }

        session.Insert(Remember(command, hash, outcome, now));
        return outcome;
    }

    /// <summary>
    /// A command id seen before: its first outcome if it is the same request, else <see cref="KeyReused"/>. The same
    /// request is the same kind of command too: some kinds have the same members (complete and void a hold, approve and
    /// reinstate a merchant, reject and revoke a record), so their bodies hash alike.
    /// </summary>
    public static CommandOutcome AnswerAgain(ProcessedCommand earlier, ILedgerCommand command, string hash)
    {
        ArgumentNullException.ThrowIfNull(command);
        return AnswerAgain(earlier, command.CommandId, command.GetType().Name, command.Actor.PersonId, hash);
    }

    /// <summary>As <see cref="AnswerAgain(ProcessedCommand, ILedgerCommand, string)"/>, for a ledger command sent with its id beside it.</summary>
    public static CommandOutcome AnswerAgain(ProcessedCommand earlier, Guid commandId, IActorCommand command, string hash)
    {
        ArgumentNullException.ThrowIfNull(command);
        return AnswerAgain(earlier, commandId, command.GetType().Name, command.Actor.PersonId, hash);
    }

    private static CommandOutcome AnswerAgain(ProcessedCommand earlier, Guid commandId, string kind, Guid actorId, string hash)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return earlier.Command == kind && earlier.ActorId == actorId && earlier.RequestHash == hash
            ? earlier.Outcome with { Replayed = true }
            : CommandOutcome.Refuse(commandId, KeyReused, "This command id was already used for a different request; send a new id.");
    }

    public static ProcessedCommand Remember(ILedgerCommand command, string hash, CommandOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new ProcessedCommand(command.CommandId, command.GetType().Name, command.Actor.PersonId, hash, outcome, now);
    }

    public static ProcessedCommand Remember(Guid commandId, IActorCommand command, string hash, CommandOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new ProcessedCommand(commandId, command.GetType().Name, command.Actor.PersonId, hash, outcome, now);
    }

    /// <summary>The request as the client sent it (every member of its runtime type), so that a reused id with another body is told apart.</summary>
    public static string RequestHash(object command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType())));
    }
}
