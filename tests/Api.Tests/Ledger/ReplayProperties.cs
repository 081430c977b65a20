using Marten;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Projections;
using Xunit.Abstractions;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// What the pipeline stored, checked against itself from another side over random histories: the read models rebuilt
/// from the stored events by the operator's rebuild (<see cref="ProjectionRebuild"/>) are the live ones, and every unit
/// issued is held somewhere (volunteers, pools, merchants, sinks), as the stored read models say.
/// </summary>
public sealed class ReplayProperties(PipelineApp app, ITestOutputHelper output) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Rebuilding_every_read_model_from_the_stored_events_gives_the_live_read_models()
    {
        await ForEachHistoryAsync(async () =>
        {
            var live = await app.SnapshotAsync();
            using (var store = ProjectionRebuild.Store(app.ConnectionString))
            {
                await store.RebuildAllAsync(null, CancellationToken.None);
            }

            // Not compared (RebuildTests says why): a Guid version, new on every write, and a hold's version, which counts
            // writes live and events rebuilt. Their data is compared.
            var hold = app.Store.Options.FindOrResolveDocumentType(typeof(Hold)).TableName.Name;
            var differences = live.ChangesTo(await app.SnapshotAsync(),
                (key, version) => !key.StartsWith(hold + "/", StringComparison.Ordinal) && !Guid.TryParse(version, out _));
            Assert.True(differences.Count == 0,
                $"The rebuild from the stored events differs from the live read models:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", differences)}");
            Assert.Contains(live.Tables, t => t == hold);
            return $"{live.Documents.Count} documents in {live.Tables.Count} tables, {live.Events} events";
        });
    }

    /// <summary>
    /// ADR 0049: a rebuild in parts of seven events (many parts, each folding on what the earlier ones stored) gives the
    /// read models of a rebuild in one part, and both the live ones, on every row's every column (the boards' and the
    /// schedule's duplicated columns too). Boards with a tie, and revoked credits, must have been reached.
    /// </summary>
    [Fact]
    public async Task A_rebuild_in_many_small_parts_gives_the_read_models_of_one_part_and_the_live_ones()
    {
        var ties = 0L;
        await ForEachHistoryAsync(async () =>
        {
            var live = await app.SnapshotAsync();
            var liveRows = await RowsAsync();
            var parts = new List<string>();
            using (var store = ProjectionRebuild.Store(app.ConnectionString))
            {
                await store.RebuildAllAsync(null, CancellationToken.None, partEvents: long.MaxValue);
                var onePart = (await app.SnapshotAsync(), await RowsAsync());
                await store.RebuildAllAsync(new RebuildReport(p => parts.Add(p.Step ?? "")), CancellationToken.None, partEvents: 7);
                var inParts = (await app.SnapshotAsync(), await RowsAsync());

                Assert.Empty(Differences(live, onePart.Item1));
                Assert.Empty(Differences(onePart.Item1, inParts.Item1));
                Assert.Equal(liveRows, onePart.Item2);
                Assert.Equal(liveRows, inParts.Item2);
                Assert.True(live.LastSequence <= 7 || parts.Count(p => p.StartsWith("part ", StringComparison.Ordinal)) > 1, "The small parts were not many.");
            }

            ties += await Sql.ScalarAsync<long>(app.ConnectionString,
                "SELECT count(*) FROM (SELECT 1 FROM timebank.mt_doc_boardentry WHERE minutes_key < 0 GROUP BY period, minutes_key HAVING count(*) > 1) tied");
            return $"{live.Documents.Count} documents, {live.Events} events, {parts.Count(p => p.StartsWith("part ", StringComparison.Ordinal))} parts";
        });
        Assert.True(ties > 0, "No history left two volunteers tied on a board.");
    }

    /// <summary>The differences of two snapshots, versions compared as <see cref="Rebuilding_every_read_model_from_the_stored_events_gives_the_live_read_models"/> does.</summary>
    private List<string> Differences(StoreSnapshot before, StoreSnapshot after)
    {
        var hold = app.Store.Options.FindOrResolveDocumentType(typeof(Hold)).TableName.Name;
        return [.. before.ChangesTo(after, (key, version) => !key.StartsWith(hold + "/", StringComparison.Ordinal) && !Guid.TryParse(version, out _))];
    }

    /// <summary>Every row of every read model table, each column but the version and the time of the write, as one digest per table.</summary>
    private async Task<string> RowsAsync()
    {
        var tables = new StoreOptions().ConfigureProjections().ReadModelFolds().SelectMany(f => f.DocumentTypes)
            .Select(type => app.Store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName);
        var digests = new List<string>();
        foreach (var table in tables)
        {
            digests.Add($"{table}: " + await Sql.ScalarAsync<string>(app.ConnectionString, $"""
                SELECT count(*) || ' ' || coalesce(md5(string_agg((to_jsonb(t) - 'mt_version' - 'mt_last_modified')::text, ',' ORDER BY id::text)), '') FROM {table} t
                """));
        }

        return string.Join("\n", digests);
    }

    [Fact]
    public async Task Every_unit_issued_is_held_by_volunteers_pools_merchants_or_sinks()
    {
        await ForEachHistoryAsync(async () =>
        {
            await using var session = app.Store.QuerySession();
            var accounts = await session.Query<VolunteerAccount>().ToListAsync();
            var lines = await session.Query<LedgerAccountBalance>().ToListAsync();
            var days = await session.Query<MerchantSettlementDay>().ToListAsync();

            (long Minutes, long Credits, long Points) Sum(string suffix) => (
                lines.Where(l => l.Id.EndsWith(suffix, StringComparison.Ordinal)).Sum(l => l.ServiceMinutes),
                lines.Where(l => l.Id.EndsWith(suffix, StringComparison.Ordinal)).Sum(l => l.TimeCredits),
                lines.Where(l => l.Id.EndsWith(suffix, StringComparison.Ordinal)).Sum(l => l.Points));

            var issuance = Sum("/issuance");
            var issued = (-issuance.Minutes, -issuance.Credits, -issuance.Points);
            var volunteers = (accounts.Sum(a => a.ServiceMinutes), accounts.Sum(a => a.TimeCreditBalance), accounts.Sum(a => a.PointsBalance));
            var pools = Sum("/pool");
            var sinks = Sum("/expiry");
            var merchants = days.Sum(d => d.Net);
            var held = (volunteers.Item1 + pools.Minutes + sinks.Minutes, volunteers.Item2 + pools.Credits + sinks.Credits,
                volunteers.Item3 + pools.Points + sinks.Points + merchants);
            Assert.True(issued == held,
                $"Issued (minutes, credits, points) {issued} but held {held}: volunteers {volunteers}, pools {pools}, merchants {merchants} points, sinks {sinks}");
            Assert.True(issued.Item3 > 0, "The histories issued no points.");
            return $"issued {issued}: volunteers {volunteers}, pools {pools}, merchants {merchants}, sinks {sinks}";
        });
    }

    /// <summary>The events a run must have stored, so that neither property holds for want of what it guards.</summary>
    private static readonly string[] MustReach =
    [
        "service_credit_revoked.v1", "points_expired.v1", "points_held.v1", "hold_completed.v1", "hold_voided.v1", "hold_expired.v1", "points_refunded.v1",
    ];

    /// <summary>
    /// Runs the seeded histories, each followed by <paramref name="check"/> on the settled store; more of them (up to twice
    /// as many, then <see cref="PipelineHistory.Directed"/>) while the store lacks an event of <see cref="MustReach"/>, which it must have at the end.
    /// </summary>
    private async Task ForEachHistoryAsync(Func<Task<string>> check)
    {
        var seed = PipelineHistory.Seed();
        var cases = PipelineHistory.Cases(unless: 3);
        output.WriteLine($"TIMEBANK_PIPELINE_SEED={seed} TIMEBANK_PIPELINE_CASES={cases}");
        // More histories (up to twice as many, then the directed one) while a kind the run must reach was never reached.
        IReadOnlyList<IReadOnlyList<PipelineStep>> histories = [.. PipelineHistory.Generate(seed, 2 * cases), PipelineHistory.Directed];
        IReadOnlyDictionary<string, long> reach = new Dictionary<string, long>();
        for (var i = 0; i < histories.Count && (i < cases || MustReach.Any(e => !reach.ContainsKey(e))); i++)
        {
            var history = new PipelineHistory(app);
            try
            {
                await history.RunAsync(histories[i], app.SendAsync);
                await app.SettleAsync();
                output.WriteLine($"history {i}: {await check()}");
            }
            catch (Exception e)
            {
                Assert.Fail($"TIMEBANK_PIPELINE_SEED={seed}, history {i}: {e.GetType().Name}: {e.Message}{Environment.NewLine}" +
                    $"Steps and commands, in order:{Environment.NewLine}{string.Join(Environment.NewLine, history.Log)}");
            }

            reach = await app.ReachAsync();
        }

        output.WriteLine($"Events stored: {PipelineApp.Describe(reach)}");
        Assert.True(MustReach.All(reach.ContainsKey),
            $"TIMEBANK_PIPELINE_SEED={seed}: {histories.Count} histories reached no {string.Join(", ", MustReach.Where(e => !reach.ContainsKey(e)))}.");
    }
}
