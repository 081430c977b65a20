using Marten;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>
/// Till requests on one account that arrive together are decided together, in one transaction per batch
/// (Redemptions/AccountQueues.cs): each on the state the ones before it left, a refused one writing nothing, a command id
/// seen twice taking effect once.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class AccountQueueTests(TimeBankApp app)
{
    private const int Holds = 8;
    private const long Price = 3;

    [Fact]
    public async Task Tills_racing_on_one_account_are_decided_in_turn_and_a_refused_request_writes_nothing()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(Holds * Price);
        var cashier = await city.ApprovedMerchantAsync();
        var holds = new List<Guid>();
        for (var i = 0; i < Holds; i++)
        {
            holds.Add((await city.HoldAsync(cashier, await city.CodeAsync(volunteer), Price, Guid.NewGuid())).HoldId);
        }

        var before = await city.StreamVersionAsync(volunteer);

        // Every hold is completed and voided at the same moment: exactly one of the two ends it, the other is refused.
        var ends = await AllAtOnceAsync(holds.SelectMany(hold => new Func<Task<TillAnswer>>[]
        {
            () => city.CompleteAsync(cashier, hold),
            () => city.VoidAsync(cashier, hold),
        }));
        var ended = ends.Chunk(2).Zip(holds).ToList();
        Assert.All(ended, pair => Assert.Single(pair.First, answer => answer.Status == 200));
        Assert.All(ends.Where(answer => answer.Status != 200), answer => answer.Refused(409, "HOLD_ALREADY_ENDED"));
        var completed = ended.Where(pair => pair.First[0].Status == 200).Select(pair => pair.Second).ToList();
        Assert.All(completed, hold => Assert.Equal("COMPLETED", ended.Single(pair => pair.Second == hold).First[0].Json.Get<string>("status")));

        // Each completed hold of 3 points is refunded one point four times at once: three are given back, the fourth is refused.
        var refunds = await AllAtOnceAsync(completed.SelectMany(hold =>
            Enumerable.Range(0, 4).Select(_ => (Func<Task<TillAnswer>>)(() => city.RefundAsync(cashier, hold, 1, Guid.NewGuid())))));
        Assert.Equal(completed.Count * (int)Price, refunds.Count(answer => answer.Status == 200));
        Assert.All(refunds.Where(answer => answer.Status != 200), answer => answer.Refused(422, "REFUND_EXCEEDS_COMPLETED"));

        // Only the accepted requests wrote: one event each, nothing of a refused one.
        await using var session = app.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(volunteer);
        var written = stream.Where(e => e.Version > before).Select(e => e.Data).ToList();
        Assert.Equal(completed.Count, written.OfType<HoldCompleted>().Count());
        Assert.Equal(Holds - completed.Count, written.OfType<HoldVoided>().Count());
        Assert.Equal(completed.Count * (int)Price, written.OfType<PointsRefunded>().Count());
        Assert.Equal(Holds + (completed.Count * (int)Price), written.Count);

        // The account as the batches left it is the account its events give, and every point is back.
        var live = await city.AccountAsync(volunteer);
        var replayed = stream.Select(e => (VolunteerAccountEvent)e.Data).Aggregate((VolunteerAccount?)null, VolunteerAccount.Evolve)!;
        var serializer = app.Store.Options.Serializer();
        Assert.Equal(serializer.ToJson(replayed), serializer.ToJson(live));
        Assert.Equal((Holds * Price, 0L), (live.AvailablePoints, live.HeldPoints));
        Assert.Empty(live.Holds);
        foreach (var hold in completed)
        {
            Assert.Equal((HoldStatus.Completed, Price), (await app.LoadAsync<Hold>(hold)) is { } after ? (after.Status, after.Refunded) : default);
        }
    }

    [Fact]
    public async Task The_same_refund_sent_ten_times_at_once_gives_back_once_and_answers_ten_times_alike()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var hold = (await city.HoldAsync(cashier, await city.CodeAsync(volunteer), 10, Guid.NewGuid())).HoldId;
        (await city.CompleteAsync(cashier, hold)).Ok();
        var tillRequestId = Guid.NewGuid();

        var answers = await AllAtOnceAsync(Enumerable.Range(0, 10).Select(_ => (Func<Task<TillAnswer>>)(() => city.RefundAsync(cashier, hold, 4, tillRequestId))));

        Assert.All(answers, answer => answer.Ok());
        Assert.Single(answers.Select(answer => answer.Body).Distinct());
        Assert.Equal(4L, answers[0].Json.Points("refunded"));
        await using (var session = app.Store.QuerySession())
        {
            Assert.Single((await session.Events.FetchStreamAsync(volunteer)).Select(e => e.Data).OfType<PointsRefunded>());
        }

        Assert.Equal((24L, 0L), ((await city.AccountAsync(volunteer)).AvailablePoints, (await city.AccountAsync(volunteer)).HeldPoints));
        // The same key with another amount is another request.
        (await city.RefundAsync(cashier, hold, 5, tillRequestId)).Refused(409, "IDEMPOTENCY_KEY_REUSED");
    }

    /// <summary>Starts every request together (released by one signal) and waits for all the answers, in the order given.</summary>
    private static async Task<TillAnswer[]> AllAtOnceAsync(IEnumerable<Func<Task<TillAnswer>>> requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = requests.Select(request => Task.Run(async () =>
        {
            await start.Task;
            return await request();
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(running);
    }
}
