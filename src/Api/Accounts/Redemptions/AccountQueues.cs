using System.Diagnostics;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;
using Wolverine;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>A command's outcome, with the hold as the command's transaction left it (null for a hold that does not exist).</summary>
public sealed record AccountAnswer(CommandOutcome Outcome, Hold? Hold);

/// <summary>
/// The write runner's second strategy (docs/adr/0041-one-write-runner.md): one queue per volunteer account, in this
/// process, for the tills' commands on its holds (the ledger's <see cref="CompleteHold"/>, <see cref="VoidHold"/> and
/// <see cref="RefundPoints"/>, each on the hold's account, <see cref="TillRequest.OnHoldsAccount"/>) (the hold document says which
/// account; its account and merchant never change): while one transaction on the
/// account runs, the commands that arrive wait, and the next transaction decides all of them at once (group commit):
/// the account is locked and read once, each command goes through the idempotency step (<see cref="Idempotency"/>, as a
/// command on its own does) and is decided in turn on the state the ones before it left, a refused command writes nothing
/// but its remembered refusal, and one commit answers them all. A lost race runs the batch again under the one conflict
/// policy (<see cref="ConflictRetry"/>).
/// The queue is this node's: with several nodes (docs/adr/0046-several-nodes.md) each batches only the commands it
/// received, and the account's row lock orders every batch against every other writer of the account, on any node
/// (docs/adr/0015-group-commit-per-account.md).
/// </summary>
/// <para>Districts mode (ADR 0048): the hold's copy in the merchant's district (the request's) names the account; the city
/// directory names its home district, where the batch is decided, the merchant read in the merchant's district, and the
/// merchant's district told through the home district's outbox in the batch's transaction.</para>
public sealed class AccountQueues(
    IDocumentStore store, ConnectionPools pools, PolicyBook policies, Districts.RedemptionsAcrossDistricts abroad, TimeProvider clock, ILogger<AccountQueues> logger)
{
    /// <summary>The most commands decided in one transaction.</summary>
    private const int MaxBatch = 64;

    /// <summary>
    /// How long a worker waits, at most, for the tills its last batch answered: they send their next request at once, and
    /// deciding it with the next batch costs one commit, not one each (PostgreSQL's <c>commit_delay</c>, in the queue).
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(3);

    /// <summary>
    /// The commands waiting, by account (<see cref="Guid.Empty"/>: holds that do not exist), with the account's district and the
    /// merchant's (both null in single-database mode). An account has an entry while its worker runs.
    /// </summary>
    private readonly Dictionary<AccountLine, List<Waiting>> waiting = [];

    /// <summary>Decides a till's command on a hold with the others waiting on its account; the answer has the hold as the batch left it.</summary>
    /// <param name="district">The request's district (the cashier's, so the merchant's); null in single-database mode.</param>
    public async Task<AccountAnswer> SendAsync<TCommand>(Idempotent<TCommand> command, string? district, CancellationToken cancellation)
        where TCommand : VolunteerAccountCommand, IActorCommand
    {
        ArgumentNullException.ThrowIfNull(command);
        var holdId = VolunteerAccountDecider.HoldConcerned(command.Command)
            ?? throw new ArgumentException($"{typeof(TCommand).Name} names no hold: it is not decided in an account's queue.", nameof(command));
        Hold? hold;
        await using (var session = district is null ? store.QuerySession() : store.QuerySession(district))
        {
            hold = await HoldReads.LoadAsync(session, holdId, district is not null, cancellation);
        }

        var request = new Waiting(command, command.Command, holdId, hold);
        var home = district is not null && hold is not null ? await abroad.HomeOfAsync(hold.VolunteerId, district, cancellation) : district;
        var account = new AccountLine(hold?.VolunteerId ?? Guid.Empty, home, district);
        bool idle;
        lock (waiting)
        {
            idle = !waiting.TryGetValue(account, out var queue);
            if (idle)
            {
                waiting[account] = [request];
            }
            else
            {
                queue!.Add(request);
            }
        }

        if (idle)
        {
            _ = Task.Run(() => WorkAsync(account), CancellationToken.None);
        }

        // A caller that gives up stops waiting; its command is still decided (and remembered, if the till retries).
        return await request.Answer.Task.WaitAsync(cancellation);
    }

    /// <summary>Takes everything waiting on the account, batch after batch, until nothing is left.</summary>
    private async Task WorkAsync(AccountLine account)
    {
        var callers = 0;
        while (true)
        {
            await GatherAsync(account, callers);
            Waiting[] batch;
            lock (waiting)
            {
                var queue = waiting[account];
                if (queue.Count == 0)
                {
                    waiting.Remove(account);
                    return;
                }

                batch = [.. queue.Take(MaxBatch)];
                queue.RemoveRange(0, batch.Length);
            }

            await RunAsync(account, batch);
            callers = batch.Length + WaitingOn(account);
        }
    }

    /// <summary>
    /// Waits up to <see cref="GatherWindow"/> while fewer than three in four of the account's recent callers (the last
    /// batch and those that queued while it ran) are waiting. A lone till never waits, so an idle account answers as
    /// fast as before.
    /// </summary>
    private async Task GatherAsync(AccountLine account, int callers)
    {
        var expected = callers * 3 / 4;
        // Wall time, not the ledger's clock: tests may hold the ledger's time still.
        var started = Stopwatch.GetTimestamp();
        while (WaitingOn(account) < expected && Stopwatch.GetElapsedTime(started) < GatherWindow)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1));
        }
    }

    private int WaitingOn(AccountLine account)
    {
        lock (waiting)
        {
            return waiting[account].Count;
        }
    }

    /// <summary>
    /// The batch in one transaction, run again when it lost a race to a writer outside the queue; if it still fails, each
    /// command on its own, so that a failure is only ever the failing command's.
    /// </summary>
    private async Task RunAsync(AccountLine account, IReadOnlyList<Waiting> batch)
    {
        try
        {
            var (outcomes, after) = await DecideWithRetriesAsync(account, batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(new AccountAnswer(outcomes[i], after.GetValueOrDefault(batch[i].HoldId)));
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            logger.LogWarning(e, "A batch of {Count} commands on one account failed; deciding them one by one", batch.Count);
            foreach (var one in batch)
            {
                await RunAsync(account, [one]);
            }
        }
        catch (Exception e)
        {
            batch[0].Answer.TrySetException(e);
        }
    }

    private Task<(CommandOutcome[] Outcomes, Dictionary<Guid, Hold> After)> DecideWithRetriesAsync(AccountLine account, IReadOnlyList<Waiting> batch) =>
        ConflictRetry.RunAsync(_ => DecideAsync(account, batch), pools, logger, "A batch on one account", CancellationToken.None);

    private async Task<(CommandOutcome[] Outcomes, Dictionary<Guid, Hold> After)> DecideAsync(AccountLine queue, IReadOnlyList<Waiting> batch)
    {
        var cancellation = CancellationToken.None;
        var account = queue.Account;
        // An account homed in another district than the merchant: decided there, the merchant read here, the merchant told.
        var (session, tell) = queue.IsAbroad ? abroad.OpenHome(queue.Home!)
            : (queue.Home is null ? store.LightweightSession() : store.LightweightSession(queue.Home), (IMessageBus?)null);
        await using var _ = session;
        await using var merchantSide = queue.IsAbroad ? store.QuerySession(queue.MerchantDistrict!) : null;
        // One round trip: the account, locked until the commit (every other writer of the account waits for this batch,
        // and it for them), then the batch's holds as they are now (read after the lock), what its commands remembered
        // and the merchants of its holds.
        var reads = session.CreateBatchQuery();
        var fetched = account == Guid.Empty ? null : reads.Events.FetchForExclusiveWriting<VolunteerAccount>(account);
        var holdsRead = reads.LoadMany<Hold>().ById(batch.Select(w => w.HoldId).Distinct().ToArray());
        var rememberedRead = reads.LoadMany<ProcessedCommand>().ById(batch.Select(w => w.Sent.CommandId).Distinct().ToArray());
        var merchantIds = batch.Select(w => w.Hold?.MerchantId).OfType<Guid>().Distinct().ToArray();
        var merchantsRead = merchantSide is null ? reads.LoadMany<Merchant>().ById(merchantIds) : null;
        await reads.Execute(cancellation);
        var stream = fetched is null ? null : await fetched;
        var state = stream?.Aggregate;
        var holds = (await holdsRead).ToDictionary(hold => hold.HoldId);
        var remembered = (await rememberedRead).ToDictionary(processed => processed.Id);
        var merchants = (merchantsRead is null ? await merchantSide!.LoadManyAsync<Merchant>(cancellation, merchantIds) : await merchantsRead)
            .ToDictionary(merchant => merchant.Id, merchant => (Merchant?)merchant);
        var policy = await policies.ForCommunityAsync(session, state?.HomeCommunityId, cancellation);

        var outcomes = new CommandOutcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (commandId, asked, command, holdId) = (batch[i].Sent.CommandId, batch[i].Sent.Command, batch[i].Command, batch[i].HoldId);
            if (remembered.TryGetValue(commandId, out var earlier))
            {
                // Sent before, or earlier in this very batch: the first outcome.
                outcomes[i] = Idempotency.AnswerAgain(earlier, commandId, asked);
                continue;
            }

            var now = clock.GetUtcNow();
            try
            {
                var hold = holds.GetValueOrDefault(holdId);
                var decided = TillRequest.OnHoldsAccount(command, hold);
                var merchant = VolunteerAccountDecider.MerchantConcerned(decided, hold) is { } merchantId
                    ? merchants.GetValueOrDefault(merchantId) ?? (merchants[merchantId] = await ((IQuerySession?)merchantSide ?? session).LoadAsync<Merchant>(merchantId, cancellation))
                    : null;
                var events = VolunteerAccountDecider.Decide(decided, state, policy, now, merchant, hold);
                // A hold that exists is on an account that exists, so the stream was fetched.
                stream!.AppendMany(events);
                state = events.Aggregate(state, VolunteerAccount.Evolve);
                if (events.Aggregate(hold, Hold.Evolve) is { } after)
                {
                    holds[holdId] = after;
                    if (tell is not null && events.Length > 0)
                    {
                        await Districts.RedemptionsAcrossDistricts.TellMerchantAsync(tell, queue.MerchantDistrict!, after, events);
                    }
                }

                outcomes[i] = CommandOutcome.Accept(commandId, decided.VolunteerId, holdId);
                remembered[commandId] = Idempotency.Remember(session, commandId, asked, outcomes[i], now);
            }
            catch (LedgerRefusal refusal)
            {
                // Nothing of a refused command was appended: the decider throws before any event of it exists.
                var (outcome, refused) = await Idempotency.RefuseAsync(session, commandId, asked, refusal, now, cancellation);
                outcomes[i] = outcome;
                if (refused is not null)
                {
                    remembered[commandId] = refused;
                }
            }
        }

        await session.SaveChangesAsync(cancellation);
        return (outcomes, holds);
    }

    /// <summary>An account's queue: the account, its district and the merchant's (null, null in single-database mode).</summary>
    private readonly record struct AccountLine(Guid Account, string? Home, string? MerchantDistrict)
    {
        public bool IsAbroad => Home is not null && !string.Equals(Home, MerchantDistrict, StringComparison.Ordinal);
    }

    /// <summary>A command waiting, with the hold as it was when the command came (to find its account and merchant).</summary>
    private sealed record Waiting(IIdempotent Sent, VolunteerAccountCommand Command, Guid HoldId, Hold? Hold)
    {
        public TaskCompletionSource<AccountAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
