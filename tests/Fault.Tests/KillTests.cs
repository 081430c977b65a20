using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>The API process is killed (-9) in the middle of a write load and started again on the same database.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class KillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_during_a_write_load_the_service_loses_nothing_acknowledged_and_its_projections_equal_a_rebuild()
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var connectionString = await cluster.CreateDatabaseAsync($"timebank_fault_{Guid.NewGuid():N}"[..40]);
        var options = new ApiProcessOptions(connectionString);
        var ledger = new Ledger(connectionString);

        var api = await ApiProcess.StartAsync(options);
        WriteLoad load;
        using (var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(10)))
        {
            var city = await GraphQLCity.SetUpAsync(client, options.Tokens, volunteers: 20);
            load = new WriteLoad(client, city);
            load.Start();
            await load.UntilVerifiedAsync(60);
            await api.KillAsync();
            await load.StopAsync();
            await api.DisposeAsync();
        }

        output.WriteLine($"killed pid {api.Pid} after {load.Submitted.Count} acknowledged submissions and {load.Verified.Count} verifications");
        await using (api = await ApiProcess.StartAsync(options))
        {
            var events = await ledger.EventCountsAsync();
            Assert.All(load.Submitted, id => Assert.True(events.ContainsKey((id, "service_record_submitted.v1")), $"acknowledged submission {id} is not in the events"));
            Assert.All(load.Verified, id => Assert.True(events.ContainsKey((id, "service_record_verified.v1")), $"acknowledged verification {id} is not in the events"));

            // Every verified record is credited exactly once, on both streams (in the verification's own transaction).
            await ledger.UntilCreditsDrainedAsync(TimeSpan.FromSeconds(60));
            events = await ledger.EventCountsAsync();
            var verified = events.Where(e => e.Key.Type == "service_record_verified.v1").Select(e => e.Key.Stream).ToList();
            var accountCredits = await ledger.AccountCreditsByRecordAsync();
            Assert.All(verified, id =>
            {
                Assert.Equal(1, events.GetValueOrDefault((id, "service_record_credited.v1")));
                Assert.Equal(1, accountCredits.GetValueOrDefault(id));
            });
            Assert.Equal(verified.Count, accountCredits.Count);
            output.WriteLine($"{verified.Count} verified records, each credited once");

            await ledger.UntilProjectionsCaughtUpAsync(TimeSpan.FromSeconds(60));
            await api.StopAsync();
        }

        var live = await ledger.ProjectedDocumentsAsync();
        await ledger.RebuildAllAsync();
        var rebuilt = await ledger.ProjectedDocumentsAsync();
        Assert.Equal(rebuilt.Keys, live.Keys);
        Assert.All(live, document => Assert.Equal(rebuilt[document.Key], document.Value));
        output.WriteLine($"{live.Count} projected documents equal a rebuild");
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    /// <summary>Fault tests run one after another: each drives a child process hard on a small machine.</summary>
    public const string Name = "Fault";
}

/// <summary>
/// The tests of the districts' clusters (the project's local <c>pg-north</c> and <c>pg-south</c>, which they stop, crash
/// and start again) run one after another, and beside the <see cref="FaultCollection"/>, whose tests use the project's
/// own cluster or one of their own and never these two: two collections at a time, most of either's time spent waiting
/// for processes and clusters, which kept the suite near its 20 minutes when all ran in one line.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DistrictClustersCollection
{
    public const string Name = "District clusters";
}
