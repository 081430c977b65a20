using JasperFx;
using Marten.Exceptions;
using Npgsql;
using TimeBank.Api.Infrastructure;

namespace TimeBank.Api.Commands;

/// <summary>
/// The one conflict policy of every writer (docs/adr/0041-one-write-runner.md): a write that lost a race on the same
/// stream or the same command id is run again, after a short random back-off that grows with each attempt, up to
/// <see cref="MaxAttempts"/>; never handed to the user to retry by hand. Used by <see cref="CommandSender"/>, by the
/// account queues (<c>AccountQueues</c>), and as the rule of Wolverine's own inline retry (<c>TimeBankHost</c>).
/// </summary>
public static class ConflictRetry
{
    public const int MaxAttempts = 12;

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its number, from 1) until it does not lose a race, or the attempts are spent.
    /// A connection found dead (a database that restarted under the service) clears <paramref name="pools"/> and runs it
    /// once more, on a fresh connection: sent again, the write is answered by what it did if it had committed.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<int, Task<T>> attempt, ConnectionPools pools, ILogger logger, string what, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(logger);
        var reconnected = false;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number);
            }
            catch (Exception e) when (IsConflict(e) && number < MaxAttempts)
            {
                logger.LogDebug("{What} lost a race (attempt {Attempt}); retrying", what, number);
                await Task.Delay(Backoff(number), cancellation);
            }
            catch (Exception e) when (!reconnected && DatabaseOutage.IsLostConnection(e))
            {
                logger.LogWarning("{What} found its database connection dead (the database restarted?); the pools cleared, retrying", what);
                reconnected = true;
                await pools.ClearAsync();
            }
        }
    }

    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6)));

    /// <summary>A version conflict on a stream, a stream started twice, or a unique-key race on a command id: safe to run again.</summary>
    public static bool IsConflict(Exception? e) => ExceptionChain.Any(e, link => link switch
    {
        ConcurrencyException => true,
        DocumentAlreadyExistsException => true,
        // Two copies of a command that starts a stream (a community, a merchant, a record): the loser finds the winner's outcome.
        ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => false,
    });
}
