using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using TimeBank.Api.Auth;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// 16 tills spending one volunteer's account at once. Set-up: the volunteer is credited plenty of points (records
/// submitted and verified through GraphQL), a merchant is registered and approved, and many holds of one point are
/// placed on the account one after another (each with a code of its own, then the hold). Load: 16 tills
/// complete or void those holds, and refund one point of each completed one, through the till's HTTP API, each request
/// with its own idempotency key, all on that one account stream. Every race on the stream must be resolved by the server
/// (CommandSender retries); an answer that is a conflict (409) or a server error counts as a conflict surfaced to a client.
/// </summary>
public sealed class SpendOneAccountScenario : IBenchScenario
{
    private const int Tills = 16;
    private const int Records = 40;
    private const int Holds = 600;

    /// <summary>Holds spent first by the same 16 tills and not recorded, as the other loads warm up before they count.</summary>
    private const int WarmUpHolds = 96;

    public string Name => "spend";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var client = run.Client;
        var volunteerToken = city.VolunteerTokens[0];

        // Plenty of points: 40 records of 8 hours, verified in one command (10 points an hour by default).
        var recordIds = new List<Guid>();
        for (var i = 0; i < Records; i++)
        {
            var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-3 - i);
            var recordId = Guid.CreateVersion7();
            (await client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), recordId, volunteerId = city.Volunteers[0], projectId = city.ProjectId, startedAt = start,
                    endedAt = start.AddHours(8), minutesServed = 480, content = "爱心超市值班", personInCharge = "张主任",
                },
            }, cancellation)).Ok("submitServiceRecord.record.recordId");
            recordIds.Add(recordId);
        }

        (await client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), recordIds), cancellation))
            .Ok("verifyServiceRecords.recordIds");
        await run.EnsureCreditedAsync(cancellation);

        var merchantId = Guid.CreateVersion7();
        (await client.PostAsync(city.Staff, "mutation($input: RegisterMerchantInput!) { registerMerchant(input: $input) { merchant { id } } }",
            new { input = new { commandId = merchantId, merchantId, communityId = city.CommunityId, name = "爱心超市" } }, cancellation))
            .Ok("registerMerchant.merchant.id");
        (await client.PostAsync(city.Staff, "mutation($input: ApproveMerchantInput!) { approveMerchant(input: $input) { merchant { id } } }",
            new { input = new { commandId = Guid.CreateVersion7(), merchantId } }, cancellation))
            .Ok("approveMerchant.merchant.id");
        var cashier = run.ApiOptions.Tokens.Issue(new TokenClaims(Guid.CreateVersion7().ToString(), "merchant", [], merchantId), TimeSpan.FromHours(8));

        // One live code at a time: code, then hold, one after another.
        var clock = Stopwatch.StartNew();
        var holds = new List<Guid>(WarmUpHolds + Holds);
        for (var i = 0; i < WarmUpHolds + Holds; i++)
        {
            var code = (await client.PostAsync(volunteerToken,
                "mutation($input: IssueRedemptionCodeInput!) { issueRedemptionCode(input: $input) { redemptionCode { code } } }",
                new { input = new { commandId = Guid.CreateVersion7() } }, cancellation)).Ok("issueRedemptionCode.redemptionCode.code").GetValue<string>();
            var held = await TillAsync(client, cashier, "till/holds", new { code, amount = 1, tillRequestId = Guid.CreateVersion7() }, cancellation);
            if (held.Status != HttpStatusCode.OK && held.Status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Placing hold {i} failed: {(int)held.Status} {held.Text}");
            }

            holds.Add(Guid.Parse(held.Body!["holdId"]!.GetValue<string>()));
        }

        Console.WriteLine($"  spend: {Records} records credited to one volunteer, {WarmUpHolds + Holds} holds placed on the account in {BenchRun.Seconds(clock.Elapsed)}");

        var warmUp = await SpendAsync(client, cashier, holds[..WarmUpHolds], run.Cpu, cancellation);
        Console.WriteLine($"  spend warm-up (not recorded): {warmUp.Requests} till requests on {WarmUpHolds} holds in {BenchRun.Seconds(warmUp.Result.Elapsed)}");
        var spent = await SpendAsync(client, cashier, holds[WarmUpHolds..], run.Cpu, cancellation);
        var (result, conflicts, failed, codes) = spent;
        var (requests, elapsed) = (spent.Requests, result.Elapsed);
        Console.WriteLine($"  spend one account: {Tills} tills, {requests} till requests in {BenchRun.Seconds(elapsed)} → {BenchRun.Number(requests / elapsed.TotalSeconds)} ops/s, " +
            $"p50 {BenchRun.Ms(result.P50)}, p99 {BenchRun.Ms(result.P99)}; {conflicts} conflicts, {failed} other refusals" +
            (codes.IsEmpty ? "" : $" ({string.Join(", ", codes.Select(c => $"{c.Key}: {c.Value}"))})"));
        Console.WriteLine("    " + result.CpuPerOperation);
        return
        [
            new Figure("16 tills spending one account (complete / void / refund over the till API): ops/s", BenchRun.Number(requests / elapsed.TotalSeconds),
                "", "", "≥ 1,000 ops/s", $"{requests:#,0} requests on {Holds:#,0} holds after a warm-up on {WarmUpHolds}; {conflicts} conflicts surfaced (target 0), {failed} other refusals; {result.CpuPerOperation}"),
            new Figure("spend one account: p50 / p99", $"{BenchRun.Ms(result.P50)} / {BenchRun.Ms(result.P99)}", "", "", ""),
        ];
    }

    /// <summary>16 tills: complete two holds of three and void the third; each completed hold then gets a refund of one point.</summary>
    private static async Task<Spent> SpendAsync(GraphQLHttpClient client, string cashier, IReadOnlyList<Guid> holds, CpuMeter cpu, CancellationToken cancellation)
    {
        var work = new ConcurrentQueue<(string Path, object Body)>();
        for (var i = 0; i < holds.Count; i++)
        {
            work.Enqueue(i % 3 == 2 ? ($"till/holds/{holds[i]}/void", new { }) : ($"till/holds/{holds[i]}/complete", new { }));
        }

        var latencies = new ConcurrentBag<double>();
        long conflicts = 0, failed = 0;
        var codes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var before = cpu.Read();
        await Task.WhenAll(Enumerable.Range(0, Tills).Select(_ => Task.Run(async () =>
        {
            while (work.TryDequeue(out var op))
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await TillAsync(client, cashier, op.Path, op.Body, cancellation);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (answer.Status is HttpStatusCode.OK or HttpStatusCode.Created)
                {
                    if (op.Path.EndsWith("/complete", StringComparison.Ordinal))
                    {
                        work.Enqueue((op.Path.Replace("/complete", "/refunds", StringComparison.Ordinal), new { amount = 1, tillRequestId = Guid.CreateVersion7() }));
                    }

                    continue;
                }

                var code = answer.Body?["code"]?.GetValue<string>() ?? ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
                codes.AddOrUpdate(code, 1, (_, n) => n + 1);
                if (answer.Status == HttpStatusCode.Conflict || (int)answer.Status >= 500)
                {
                    Interlocked.Increment(ref conflicts);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }, cancellation)));
        var elapsed = clock.Elapsed;
        var used = cpu.Read() - before;
        var sorted = latencies.Order().ToArray();
        return new Spent(new LoadResult(sorted.Length - conflicts - failed, conflicts + failed, elapsed, sorted, used), conflicts, failed, codes);
    }

    private static async Task<GraphQLResponse> TillAsync(GraphQLHttpClient client, string cashier, string path, object body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        return await client.SendAsync(request, cashier, cancellation);
    }

    private sealed record Spent(LoadResult Result, long Conflicts, long Failed, ConcurrentDictionary<string, int> Codes)
    {
        public long Requests => Result.Succeeded + Result.Failed;
    }
}
