using System.Collections.Concurrent;
using System.Diagnostics;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// The time bank (issue 20, ADRs 0043–0045), through the GraphQL mutations the apps send, with 16 clients, beside the
/// balance read measured in the same scenario (same query as <see cref="BalanceScenario"/>, 16 clients):
/// <list type="bullet">
/// <item>sign-up for slots: 16 clients, each sign-up a new (volunteer, slot) pair over 200 slots of 50 places (a full slot
/// puts the volunteer on its waiting list, which is not a refusal);</item>
/// <item>a contended slot: 64 volunteers signing up at once for one slot of 20 places (the other 44 go to its waiting list),
/// five slots one after another;</item>
/// <item>a need's whole life: the resident posts it (escrow), the volunteer accepts it, the resident confirms it (payment
/// through transit); 16 pairs, their roles swapped at every need so that the credits go back and forth;</item>
/// <item>a gift of one minute between two confirmed relatives: 16 pairs (recorded by staff, confirmed by both), the
/// direction swapped at every gift, so that no giver reaches the yearly cap.</item>
/// </list>
/// Set-up (slots, credits, relations) goes through the same GraphQL mutations.
/// </summary>
public sealed class TimeBankScenario : IBenchScenario
{
    private const int Clients = 16;
    private const int Slots = 200;
    private const int SlotPlaces = 50;
    private const int ContendedClients = 64;
    private const int ContendedPlaces = 20;
    private const int ContendedRounds = 5;

    private const string PublishSlot = "mutation($input: PublishSlotInput!) { publishSlot(input: $input) { slot { slotId } } }";
    private const string SignUp = "mutation($input: SlotInput!) { signUpForSlot(input: $input) { replayed slot { slotId } } }";
    private const string SlotCounts = "query($id: ID!) { slot(slotId: $id) { signedUpCount waitingCount } }";
    private const string PostNeed = "mutation($input: PostNeedInput!) { postNeed(input: $input) { need { needId status } } }";
    private const string AcceptNeed = "mutation($input: AcceptNeedInput!) { acceptNeed(input: $input) { need { status } } }";
    private const string ConfirmNeed = "mutation($input: ConfirmNeedInput!) { confirmNeed(input: $input) { need { status paidMinutes } } }";
    private const string RecordRelation = "mutation($input: RecordRelationInput!) { recordRelation(input: $input) { relation { relationId } } }";
    private const string ConfirmRelation = "mutation($input: ConfirmRelationInput!) { confirmRelation(input: $input) { relation { state } } }";
    private const string GiveGift = "mutation($input: GiveGiftInput!) { giveGift(input: $input) { account { availableTimeCredits } } }";

    /// <summary>Volunteers (by number in the city) of the needs' pairs and the gifts' pairs; the spend scenario uses number 0.</summary>
    private const int NeedVolunteers = 100;
    private const int GiftVolunteers = 200;

    public string Name => "timebank";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var client = run.Client;
        if (city.Volunteers.Count < GiftVolunteers + 2 * Clients || city.Volunteers.Count < ContendedClients)
        {
            throw new InvalidOperationException($"The time bank scenario needs at least {GiftVolunteers + 2 * Clients} volunteers (--volunteers).");
        }

        var setUp = Stopwatch.StartNew();
        var starts = DateTimeOffset.UtcNow.AddDays(3);
        var slots = new List<Guid>();
        for (var i = 0; i < Slots + ContendedRounds; i++)
        {
            var slotId = Guid.CreateVersion7();
            var start = starts.AddHours(i % 48);
            (await client.PostAsync(city.Staff, PublishSlot, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), slotId, projectId = city.ProjectId, startsAt = start, endsAt = start.AddHours(2),
                    capacity = i < Slots ? SlotPlaces : ContendedPlaces, personInCharge = "张主任",
                },
            }, cancellation)).Ok("publishSlot.slot.slotId");
            slots.Add(slotId);
        }

        // Time credits to the needs' and the gifts' members: one verified record of 8 hours each.
        var members = Enumerable.Range(NeedVolunteers, 2 * Clients).Concat(Enumerable.Range(GiftVolunteers, 2 * Clients)).ToList();
        var recordIds = new List<Guid>();
        foreach (var v in members)
        {
            var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-40);
            var recordId = Guid.CreateVersion7();
            (await client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), recordId, volunteerId = city.Volunteers[v], projectId = city.ProjectId, startedAt = start,
                    endedAt = start.AddHours(8), minutesServed = 480, content = "助老服务", personInCharge = "张主任",
                },
            }, cancellation)).Ok("submitServiceRecord.record.recordId");
            recordIds.Add(recordId);
        }

        (await client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), recordIds), cancellation))
            .Ok("verifyServiceRecords.recordIds");

        // The gifts' relatives: recorded by staff, confirmed by both.
        for (var k = 0; k < Clients; k++)
        {
            var (a, b) = (GiftVolunteers + 2 * k, GiftVolunteers + 2 * k + 1);
            var relationId = (await client.PostAsync(city.Staff, RecordRelation, new
            {
                input = new { commandId = Guid.CreateVersion7(), memberId = city.Volunteers[a], relativeId = city.Volunteers[b], kind = "SPOUSE" },
            }, cancellation)).Ok("recordRelation.relation.relationId").GetValue<string>();
            foreach (var v in new[] { a, b })
            {
                (await client.PostAsync(city.VolunteerTokens[v], ConfirmRelation, new { input = new { commandId = Guid.CreateVersion7(), relationId } }, cancellation))
                    .Ok("confirmRelation.relation.state");
            }
        }

        Console.WriteLine($"  timebank: {slots.Count} slots, {members.Count} members credited 480 minutes, {Clients} confirmed relations set up in {BenchRun.Seconds(setUp.Elapsed)}");

        // The baseline: the balance read, 16 clients, in this run.
        var balance = await LoadDriver.RunAsync("balance query (baseline)", Clients, run.Settings.Duration, run.Cpu, async (_, ct) =>
        {
            var volunteer = Random.Shared.Next(city.Volunteers.Count);
            return (await client.PostAsync(city.VolunteerTokens[volunteer], GraphQLCity.BalanceQuery, new { id = city.Volunteers[volunteer] }, ct)).IsSuccess;
        }, cancellation);

        // Sign-up: every operation a new (volunteer, slot) pair.
        var next = -1L;
        var signUps = await LoadDriver.RunAsync("sign up for slots", Clients, run.Settings.Duration, run.Cpu, async (_, ct) =>
        {
            var n = Interlocked.Increment(ref next);
            var volunteer = (int)(n / Slots);
            if (volunteer >= city.Volunteers.Count)
            {
                return false;
            }

            var answer = await client.PostAsync(city.VolunteerTokens[volunteer], SignUp,
                new { input = new { commandId = Guid.CreateVersion7(), slotId = slots[(int)(n % Slots)] } }, ct);
            return answer.IsSuccess;
        }, cancellation);

        // The contended slot: 64 volunteers at once on one slot of 20 places, five slots one after another.
        var contendedLatencies = new ConcurrentBag<double>();
        var contendedFailed = 0;
        var signedUp = 0;
        var waiting = 0;
        var contendedClock = Stopwatch.StartNew();
        for (var round = 0; round < ContendedRounds; round++)
        {
            var slotId = slots[Slots + round];
            await Task.WhenAll(Enumerable.Range(0, ContendedClients).Select(v => Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var answer = await client.PostAsync(city.VolunteerTokens[v], SignUp, new { input = new { commandId = Guid.CreateVersion7(), slotId } }, cancellation);
                contendedLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!answer.IsSuccess)
                {
                    Interlocked.Increment(ref contendedFailed);
                }
            }, cancellation)));
            var counts = (await client.PostAsync(city.Staff, SlotCounts, new { id = slotId }, cancellation)).Ok("slot");
            signedUp += counts["signedUpCount"]!.GetValue<int>();
            waiting += counts["waitingCount"]!.GetValue<int>();
        }

        var contendedElapsed = contendedClock.Elapsed;
        var contended = contendedLatencies.Order().ToArray();
        double Percentile(double[] sorted, double percent) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
        var contendedOps = contended.Length / contendedElapsed.TotalSeconds;
        Console.WriteLine($"  contended slot: {ContendedRounds} × {ContendedClients} sign-ups at once on {ContendedPlaces} places in {BenchRun.Seconds(contendedElapsed)} → " +
            $"{BenchRun.Number(contendedOps)} ops/s, p50 {BenchRun.Ms(Percentile(contended, 50))}, p99 {BenchRun.Ms(Percentile(contended, 99))}; " +
            $"{signedUp} signed up, {waiting} waiting, {contendedFailed} failed");

        // A need's whole life; the pair's roles swap at every need.
        var steps = new ConcurrentQueue<(long Ended, double Post, double Accept, double Confirm)>();
        var needCount = new int[Clients];
        var needs = await LoadDriver.RunAsync("need: post → accept → confirm", Clients, run.Settings.Duration, run.Cpu, async (worker, ct) =>
        {
            var swap = needCount[worker]++ % 2;
            var resident = NeedVolunteers + 2 * worker + swap;
            var volunteer = NeedVolunteers + 2 * worker + 1 - swap;
            var needId = Guid.CreateVersion7();
            var t0 = Stopwatch.GetTimestamp();
            var posted = await client.PostAsync(city.VolunteerTokens[resident], PostNeed, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), needId, communityId = city.CommunityId, what = "陪老人去医院", place = "社区卫生服务中心",
                    startsAt = DateTimeOffset.UtcNow.AddDays(1), minutes = 30,
                },
            }, ct);
            var t1 = Stopwatch.GetTimestamp();
            if (!posted.IsSuccess)
            {
                return false;
            }

            var accepted = await client.PostAsync(city.VolunteerTokens[volunteer], AcceptNeed, new { input = new { commandId = Guid.CreateVersion7(), needId } }, ct);
            var t2 = Stopwatch.GetTimestamp();
            if (!accepted.IsSuccess)
            {
                return false;
            }

            var confirmed = await client.PostAsync(city.VolunteerTokens[resident], ConfirmNeed, new { input = new { commandId = Guid.CreateVersion7(), needId } }, ct);
            var t3 = Stopwatch.GetTimestamp();
            if (confirmed.IsSuccess)
            {
                steps.Enqueue((t3, Ms(t1 - t0), Ms(t2 - t1), Ms(t3 - t2)));
            }

            return confirmed.IsSuccess;
        }, cancellation);
        // The steps of the needs that ended in the recorded part's length before the load returned (about its recorded part).
        var window = Stopwatch.GetTimestamp() - (long)(run.Settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var recorded = steps.Where(s => s.Ended >= window).ToArray();
        double StepP(Func<(long, double Post, double Accept, double Confirm), double> step, double percent) =>
            Percentile([.. recorded.Select(step).Order()], percent);
        var stepLine = $"post {BenchRun.Ms(StepP(s => s.Post, 50))} / {BenchRun.Ms(StepP(s => s.Post, 99))}, " +
            $"accept {BenchRun.Ms(StepP(s => s.Accept, 50))} / {BenchRun.Ms(StepP(s => s.Accept, 99))}, " +
            $"confirm {BenchRun.Ms(StepP(s => s.Confirm, 50))} / {BenchRun.Ms(StepP(s => s.Confirm, 99))}";
        Console.WriteLine($"    per step p50 / p99 ({recorded.Length} needs): {stepLine}");

        // A gift of one minute between two confirmed relatives; the direction swaps at every gift.
        var giftCount = new int[Clients];
        var gifts = await LoadDriver.RunAsync("gift between relatives", Clients, run.Settings.Duration, run.Cpu, async (worker, ct) =>
        {
            var swap = giftCount[worker]++ % 2;
            var giver = GiftVolunteers + 2 * worker + swap;
            var receiver = GiftVolunteers + 2 * worker + 1 - swap;
            var answer = await client.PostAsync(city.VolunteerTokens[giver], GiveGift,
                new { input = new { commandId = Guid.CreateVersion7(), receiverId = city.Volunteers[receiver], timeCredits = 1 } }, ct);
            return answer.IsSuccess;
        }, cancellation);

        var baseline = $"balance read {BenchRun.Number(balance.OpsPerSecond)} req/s";
        var baselineLatency = $"balance {BenchRun.Ms(balance.P50)} / {BenchRun.Ms(balance.P99)}";
        return
        [
            new Figure("time bank: balance read, 16 clients (the baseline below): req/s", BenchRun.Number(balance.OpsPerSecond), "", "", "",
                $"p50 / p99 {BenchRun.Ms(balance.P50)} / {BenchRun.Ms(balance.P99)}; {balance.Failed} failed"),
            new Figure("sign up for slots, 16 clients (new volunteer × slot each time, 200 slots of 50): ops/s", BenchRun.Number(signUps.OpsPerSecond),
                baseline, BenchRun.Percent(signUps.OpsPerSecond / balance.OpsPerSecond), "", $"{signUps.Failed} failed; {signUps.CpuPerOperation}"),
            new Figure("sign up for slots: p50 / p99", $"{BenchRun.Ms(signUps.P50)} / {BenchRun.Ms(signUps.P99)}", baselineLatency, "", ""),
            new Figure($"contended slot: {ContendedClients} at once on {ContendedPlaces} places, {ContendedRounds} slots: ops/s", BenchRun.Number(contendedOps),
                baseline, BenchRun.Percent(contendedOps / balance.OpsPerSecond), "",
                $"{contended.Length} sign-ups in {BenchRun.Seconds(contendedElapsed)} (burst, no warm-up); {signedUp} signed up, {waiting} waiting (expected {ContendedRounds * ContendedPlaces} / {ContendedRounds * (ContendedClients - ContendedPlaces)}), {contendedFailed} failed"),
            new Figure("contended slot: p50 / p99", $"{BenchRun.Ms(Percentile(contended, 50))} / {BenchRun.Ms(Percentile(contended, 99))}", baselineLatency, "", ""),
            new Figure("need's life (post with escrow → accept → confirm with payment through transit), 16 clients: needs/s", BenchRun.Number(needs.OpsPerSecond),
                baseline, BenchRun.Percent(needs.OpsPerSecond / balance.OpsPerSecond), "", $"three mutations a need; {needs.Failed} failed; {needs.CpuPerOperation}"),
            new Figure("need's life: p50 / p99 of the whole life", $"{BenchRun.Ms(needs.P50)} / {BenchRun.Ms(needs.P99)}", baselineLatency, "", "",
                $"per step p50 / p99: {stepLine} ({recorded.Length} needs that ended in the last {run.Settings.Duration.TotalSeconds:0.#} s of the load)"),
            new Figure("gift of 1 minute between confirmed relatives, 16 clients: ops/s", BenchRun.Number(gifts.OpsPerSecond),
                baseline, BenchRun.Percent(gifts.OpsPerSecond / balance.OpsPerSecond), "", $"16 pairs, direction swapped each gift; {gifts.Failed} failed; {gifts.CpuPerOperation}"),
            new Figure("gift: p50 / p99", $"{BenchRun.Ms(gifts.P50)} / {BenchRun.Ms(gifts.P99)}", baselineLatency, "", ""),
        ];
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
