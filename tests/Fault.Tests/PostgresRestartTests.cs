using System.Net;
using System.Net.Http.Json;
using TimeBank.Api.Auth;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// PostgreSQL stops in the middle of a write load and comes back: a cluster of this test's own (a temporary folder and
/// port), so no other test loses its database.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Requests_during_a_database_outage_fail_cleanly_and_the_service_recovers_by_itself_losing_nothing_acknowledged()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"timebank-fault-pg-{Guid.NewGuid():N}"[..40]);
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory))
        {
            DataDirectory = folder,
            PreferredPort = 56_432,
        });
        try
        {
            var connectionString = await cluster.EnsureRunningAsync();
            var options = new ApiProcessOptions(connectionString);
            var ledger = new Ledger(connectionString);
            await using var api = await ApiProcess.StartAsync(options);
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30));
            var city = await GraphQLCity.SetUpAsync(client, options.Tokens, volunteers: 20);
            var load = new WriteLoad(client, city);
            load.Start();
            await load.UntilVerifiedAsync(30);

            await cluster.StopAsync();
            var refusedBefore = load.Refused.Count;
            await UntilRefusedAsync(load, refusedBefore + 10, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));

            var ready = await ReadinessAsync(client);
            var till = await TillAsync(client, options);
            await cluster.EnsureRunningAsync();
            var verifiedAtRestart = load.Verified.Count;
            await load.UntilVerifiedAsync(verifiedAtRestart + 20);
            await load.StopAsync();
            output.WriteLine($"{load.Submitted.Count} submissions and {load.Verified.Count} verifications acknowledged; {load.Refused.Count} refused " +
                $"(statuses {string.Join(", ", load.Refused.GroupBy(r => (int)r.Status).Select(g => $"{g.Key}×{g.Count()}"))}; codes " +
                $"{string.Join(", ", load.Refused.SelectMany(r => r.Codes).GroupBy(c => c).Select(g => $"{g.Key}×{g.Count()}"))}); " +
                $"/health/ready during the outage: {(int)ready}; a till request: {(int)till.Status} {till.Body?["code"]}");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
            // The till's HTTP API too: a problem with a code and a time to retry, not a bare 500 (a cashier has a queue).
            Assert.Equal(HttpStatusCode.ServiceUnavailable, till.Status);
            Assert.Equal("UNAVAILABLE", till.Body?["code"]?.GetValue<string>());
            Assert.True(load.Refused.Count > refusedBefore, "No request was refused while PostgreSQL was down.");
            Assert.All(load.Refused, answer => Assert.True(WriteLoad.IsClean(answer), $"unclean answer {(int)answer.Status}: {answer.Text}"));
            // The caller is told the ledger is unavailable and may try again, not that something internal went wrong.
            Assert.All(load.Refused.SelectMany(answer => answer.Codes), code => Assert.Equal("UNAVAILABLE", code));
            Assert.Empty(load.Unanswered);

            var events = await ledger.EventCountsAsync();
            Assert.All(load.Submitted, id => Assert.True(events.ContainsKey((id, "service_record_submitted.v1")), $"acknowledged submission {id} is not in the events"));
            Assert.All(load.Verified, id => Assert.True(events.ContainsKey((id, "service_record_verified.v1")), $"acknowledged verification {id} is not in the events"));
            await ledger.UntilCreditsDrainedAsync(TimeSpan.FromSeconds(60));
            await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The outage lasts at least <paramref name="atLeast"/> and until <paramref name="refused"/> requests were refused,
    /// but no longer than <paramref name="limit"/>: a service that waits out the outage instead of refusing fails here.
    /// </summary>
    private static async Task UntilRefusedAsync(WriteLoad load, int refused, TimeSpan atLeast, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < atLeast || load.Refused.Count < refused)
        {
            if (started.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:0} s with PostgreSQL stopped for {refused} refused requests in all; saw {load.Refused.Count} refused, " +
                    $"{load.Unanswered.Count} unanswered, {load.Submitted.Count} submissions and {load.Verified.Count} verifications acknowledged.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A cashier asks to hold points (the code need not exist: the database is asked first).</summary>
    private static async Task<GraphQLResponse> TillAsync(GraphQLHttpClient client, ApiProcessOptions options)
    {
        var cashier = options.Tokens.Issue(new TokenClaims(Guid.CreateVersion7().ToString(), "merchant", [], Guid.CreateVersion7()), TimeSpan.FromHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("till/holds", UriKind.Relative))
        {
            Content = JsonContent.Create(new { code = "123456", amount = 1, tillRequestId = Guid.CreateVersion7() }),
        };
        return await client.SendAsync(request, cashier);
    }

    private static async Task<HttpStatusCode> ReadinessAsync(GraphQLHttpClient client)
    {
        using var response = await client.Http.GetAsync(new Uri("health/ready", UriKind.Relative));
        return response.StatusCode;
    }
}
