using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// Residents' needs expire by durable scheduled messages (ADR 0044): the API process is killed (-9) while they come due,
/// and started again on the same database; every need still expires, and releases its escrow exactly once.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class NeedExpiryKillTests(ITestOutputHelper output)
{
    private const int Residents = 20;
    private const int Minutes = 15;

    [Fact]
    public async Task Killed_while_needs_expire_the_service_releases_each_expired_need_once_after_a_restart()
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var connectionString = await cluster.CreateDatabaseAsync($"timebank_fault_{Guid.NewGuid():N}"[..40]);
        // The city's district gives needs no grace: each expires as its service should have ended.
        var options = new ApiProcessOptions(connectionString)
        {
            Environment = new Dictionary<string, string> { ["Policies__Districts__市南区__NeedExpiryGraceSeconds"] = "0" },
        };
        var ledger = new Ledger(connectionString);

        var api = await ApiProcess.StartAsync(options);
        var needs = new List<Guid>();
        using (var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(10)))
        {
            var city = await GraphQLCity.SetUpAsync(client, options.Tokens, volunteers: Residents + 1);
            for (var i = 0; i < Residents; i++)
            {
                var recordId = Guid.CreateVersion7();
                (await client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(i, Guid.CreateVersion7(), recordId))).Ok("submitServiceRecord.record.recordId");
                (await client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), [recordId]))).Ok("verifyServiceRecords.recordIds");
            }

            // Each resident's need ends 6 s after it is posted (whatever the machine's load, its acceptance comes first), so
            // they come due one after another while the service runs.
            for (var i = 0; i < Residents; i++)
            {
                var needId = Guid.CreateVersion7();
                (await client.PostAsync(city.VolunteerTokens[i], """
                    mutation($input: PostNeedInput!) { postNeed(input: $input) { need { needId } } }
                    """, new
                {
                    input = new
                    {
                        commandId = Guid.CreateVersion7(), needId, communityId = city.CommunityId, what = "陪同散步", place = "太平角公园",
                        startsAt = DateTimeOffset.UtcNow.AddMinutes(-Minutes).AddSeconds(6), minutes = Minutes,
                    },
                })).Ok("postNeed.need.needId");
                if (i % 2 == 0)
                {
                    // Half of them accepted and never confirmed: those expire too.
                    (await client.PostAsync(city.VolunteerTokens[Residents], """
                        mutation($input: AcceptNeedInput!) { acceptNeed(input: $input) { need { needId } } }
                        """, new { input = new { commandId = Guid.CreateVersion7(), needId } })).Ok("acceptNeed.need.needId");
                }

                needs.Add(needId);
            }

            // Killed as soon as the first has expired, while the others are still coming due.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await ledger.CountEventsAsync("need_expired.v1") == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "No need expired within a minute.");
                await Task.Delay(20);
            }

            await api.KillAsync();
            await api.DisposeAsync();
        }

        var expiredBeforeKill = await ledger.CountEventsAsync("need_expired.v1");
        output.WriteLine($"killed pid {api.Pid} after {expiredBeforeKill} of {Residents} needs expired");
        await using (api = await ApiProcess.StartAsync(options))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await ledger.CountEventsAsync("need_expired.v1") < Residents)
            {
                Assert.True(DateTime.UtcNow < deadline, "Not every need expired within 90 s of the restart.");
                await Task.Delay(100);
            }

            var events = await ledger.EventCountsAsync();
            Assert.All(needs, id => Assert.Equal(1, events.GetValueOrDefault((id, "need_expired.v1"))));
            Assert.Equal(Residents, await ledger.CountEventsAsync("need_expired.v1"));
            Assert.Equal(Residents, await ledger.CountEventsAsync("escrow_released.v1"));
            Assert.Equal(Residents, await ledger.CountEventsAsync("time_credits_escrowed.v1"));
            Assert.Equal(0, await ledger.CountEventsAsync("escrow_paid.v1"));

            await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
            await api.StopAsync();
        }

        var live = await ledger.ProjectedDocumentsAsync();
        await ledger.RebuildAllAsync();
        var rebuilt = await ledger.ProjectedDocumentsAsync();
        Assert.Equal(rebuilt.Keys, live.Keys);
        Assert.All(live, document => Assert.Equal(rebuilt[document.Key], document.Value));
        output.WriteLine($"{Residents} needs expired once each; {live.Count} projected documents equal a rebuild");
    }
}
