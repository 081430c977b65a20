using System.Text.Json;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger;
using Xunit.Abstractions;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// Idempotency through the real pipeline (bus, handlers, account queues, Marten, PostgreSQL) over random histories: every
/// command is first sent as three concurrent copies, then once more, then under the same id as another request. What
/// the store holds is compared before and after each (events, stream versions, every document table).
/// </summary>
public sealed class IdempotencyProperties(PipelineApp app, ITestOutputHelper output) : IClassFixture<PipelineApp>
{
    private const int Copies = 3;

    /// <summary>Commands a run must have seen accepted (each path: the bus's handlers and the account queues; the twins).</summary>
    private static readonly string[] MustAccept =
    [
        nameof(TimeBank.Ledger.Merchants.RegisterMerchant), nameof(TimeBank.Ledger.Merchants.ApproveMerchant), nameof(TimeBank.Ledger.ServiceRecords.VerifyServiceRecords),
        nameof(TimeBank.Ledger.ServiceRecords.RevokeServiceRecord), nameof(IssueRedemptionCode), nameof(HoldPoints), nameof(CompleteHold), nameof(VoidHold),
        nameof(RefundPoints),
    ];

    private readonly HashSet<string> acceptedKinds = [];
    private int accepted;
    private int refused;
    private int otherKinds;

    [Fact]
    public async Task A_command_sent_again_returns_its_first_outcome_and_writes_nothing_and_a_refusal_writes_only_itself()
    {
        var seed = PipelineHistory.Seed();
        var cases = PipelineHistory.Cases(unless: 3);
        output.WriteLine($"TIMEBANK_PIPELINE_SEED={seed} TIMEBANK_PIPELINE_CASES={cases}");
        // More histories (up to twice as many, then the directed one) while a kind the run must reach was never reached.
        IReadOnlyList<IReadOnlyList<PipelineStep>> histories = [.. PipelineHistory.Generate(seed, 2 * cases), PipelineHistory.Directed];
        for (var i = 0; i < histories.Count && (i < cases || MustAccept.Any(c => !acceptedKinds.Contains(c))); i++)
        {
            var history = new PipelineHistory(app);
            try
            {
                await history.RunAsync(histories[i], CheckedSendAsync);
            }
            catch (Exception e)
            {
                Assert.Fail($"TIMEBANK_PIPELINE_SEED={seed}, history {i}: {e.GetType().Name}: {e.Message}{Environment.NewLine}" +
                    $"Steps and commands, in order:{Environment.NewLine}{string.Join(Environment.NewLine, history.Log)}");
            }
        }

        output.WriteLine($"Events stored: {PipelineApp.Describe(await app.ReachAsync())}");
        output.WriteLine($"{accepted} commands accepted, {refused} refused, {otherKinds} sent again as a command of another kind with the same members.");
        // The histories reach both sides and the commands whose twins share every member.
        Assert.True(accepted > 0 && refused > 0 && otherKinds > 0, $"accepted {accepted}, refused {refused}, twins {otherKinds}");
        Assert.True(MustAccept.All(acceptedKinds.Contains), $"TIMEBANK_PIPELINE_SEED={seed}: never accepted {string.Join(", ", MustAccept.Where(c => !acceptedKinds.Contains(c)))}");
    }

    private async Task<CommandOutcome> CheckedSendAsync(IIdempotent command)
    {
        var name = PipelineHistory.Kind(command);
        await app.SettleAsync();
        var before = await app.SnapshotAsync();
        // The history may itself send a request again (a till's empty request id, the same sale): then no copy is decided.
        var rememberedRow = $"{Table<ProcessedCommand>()}/{command.CommandId}";
        var seen = before.Documents.ContainsKey(rememberedRow);

        // First sent as concurrent copies: one outcome, decided once.
        var copies = await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => app.SendAsync(command)));
        var first = copies.FirstOrDefault(o => !o.Replayed) ?? copies[0];
        // Not remembered: a refusal that says "not now", and a key the history itself reused (a till sending its empty
        // request id again) — that answer is not an outcome of this command, so nothing at all may be written.
        var remembered = !Idempotency.NotRemembered.Contains(first.Code ?? string.Empty) && first.Code != Idempotency.KeyReused;
        foreach (var copy in copies)
        {
            Assert.True(Json(first) == Json(copy), $"{name}: concurrent copies answered {Json(first)} and {Json(copy)}");
        }

        if (remembered)
        {
            Assert.True(copies.Count(o => !o.Replayed) == (seen ? 0 : 1),
                $"{name}: {copies.Count(o => !o.Replayed)} of {Copies} concurrent copies were decided, not {(seen ? "none (sent before)" : "one")}");
        }

        await app.SettleAsync();
        var afterFirst = await app.SnapshotAsync();
        var written = before.ChangesTo(afterFirst);
        if (seen)
        {
            Assert.True(written.Count == 0, $"{name} sent before wrote:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", written)}");
        }
        else if (first.Accepted)
        {
            accepted++;
            acceptedKinds.Add(name);
            Assert.True(written.Any(c => c.StartsWith(rememberedRow + ": added", StringComparison.Ordinal)), $"{name}: accepted but its outcome was not stored");
        }
        else
        {
            refused++;
            // A refusal writes its remembered outcome and, for a wrong code at a till, the merchant's count of wrong codes.
            var allowed = written.Where(c => !(remembered && c.StartsWith(rememberedRow + ": added", StringComparison.Ordinal)
                && c.Contains(first.Code!, StringComparison.Ordinal)))
                .Where(c => !(first.Code == RefusalCodes.RedemptionCodeInvalid && c.StartsWith(Table<FailedCodeAttempts>() + "/", StringComparison.Ordinal)))
                .ToList();
            Assert.True(allowed.Count == 0, $"{name} was refused ({first.Code}) but wrote:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", allowed)}");
        }

        // Sent again: the first outcome, and nothing written.
        var again = await app.SendAsync(command);
        Assert.True(Json(first) == Json(again), $"{name} sent again answered {Json(again)}, first {Json(first)}");
        Assert.True(again.Replayed == remembered, $"{name} sent again: replayed {again.Replayed}, remembered {remembered}");
        await app.SettleAsync();
        var afterAgain = await app.SnapshotAsync();
        Assert.True(afterFirst.ChangesTo(afterAgain).Count == 0, $"{name} sent again wrote:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", afterFirst.ChangesTo(afterAgain))}");

        // The same id for another request: refused as a reused key, and nothing written.
        if (remembered)
        {
            var other = PipelineHistory.OtherRequest(command);
            if (PipelineHistory.Kind(other) != name)
            {
                otherKinds++;
            }

            var reused = await app.SendAsync(other);
            Assert.True(reused.Code == Idempotency.KeyReused,
                $"{PipelineHistory.Kind(other)} under the id of {name} answered {Json(reused)} (replayed {reused.Replayed}), not {Idempotency.KeyReused}");
            await app.SettleAsync();
            var changes = afterAgain.ChangesTo(await app.SnapshotAsync());
            Assert.True(changes.Count == 0, $"{PipelineHistory.Kind(other)} under a reused id wrote:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", changes)}");
        }

        return first;
    }

    private string Table<T>() => app.Store.Options.FindOrResolveDocumentType(typeof(T)).TableName.Name;

    /// <summary>An outcome as the caller reads it, but for whether it was replayed.</summary>
    private static string Json(CommandOutcome outcome) => JsonSerializer.Serialize(outcome with { Replayed = false });
}
