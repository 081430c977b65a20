using JasperFx;
using Marten.Exceptions;
using Npgsql;
using TimeBank.Api.Accounts.Redemptions;
using Wolverine;

namespace TimeBank.Api.Commands;

/// <summary>
/// Sends a command to its handler and retries the whole command when it lost a race on the same stream: a conflict
/// between two commands is resolved here, never handed to the user to retry by hand. A till's command on a hold goes to
/// the queue of the hold's account instead, where the commands waiting are decided together (<see cref="AccountQueues"/>).
/// </summary>
public sealed class CommandSender(IMessageBus bus, AccountQueues accounts, ILogger<CommandSender> logger)
{
    private const int MaxAttempts = 12;

    public async Task<CommandOutcome> SendAsync<TCommand>(TCommand command, CancellationToken cancellation)
        where TCommand : ILedgerCommand
    {
        if (command is IHoldCommand onHold)
        {
            return (await accounts.SendAsync(onHold, cancellation)).Outcome;
        }

        // A ledger command goes as it is, its id beside it in the envelope (CommandIdempotency); an older command carries its own id.
        var idempotent = command as IIdempotent;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return idempotent is null
                    ? await bus.InvokeAsync<CommandOutcome>(command, cancellation)
                    : await bus.InvokeAsync<CommandOutcome>(idempotent.Command, Options(idempotent.CommandId, attempt), cancellation);
            }
            catch (Exception e) when (IsConflict(e) && attempt < MaxAttempts)
            {
                logger.LogDebug("Command {Command} lost a race (attempt {Attempt}); retrying", typeof(TCommand).Name, attempt);
                await Task.Delay(Backoff(attempt), cancellation);
            }
        }
    }

    /// <summary>The command id beside the command; on a retry, also the word that it is one, so that a command seen before is answered first.</summary>
    private static DeliveryOptions Options(Guid commandId, int attempt)
    {
        var options = new DeliveryOptions().WithHeader(CommandIdempotency.CommandIdHeader, commandId.ToString());
        return attempt > 1 ? options.WithHeader(CommandIdempotency.RetryHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)) : options;
    }

    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6)));

    /// <summary>A version conflict on a stream, a stream started twice, or a unique-key race on a command id: safe to run again.</summary>
    public static bool IsConflict(Exception? e) => e switch
    {
        null => false,
        ConcurrencyException => true,
        DocumentAlreadyExistsException => true,
        // Two copies of a command that starts a stream (a community, a merchant, a record): the loser finds the winner's outcome.
        ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsConflict),
        _ => IsConflict(e.InnerException),
    };
}
