using Microsoft.Extensions.DependencyInjection;
using Marten;
using Npgsql;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Ledger;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// Requests read through a pool of their own whose connections are not reset (ADR 0021); commands and message handlers
/// write through the store's pool, which resets every connection it is given back. Checked in PostgreSQL itself: a
/// session can hold a connection of the reading pool and still run its statements elsewhere.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class LedgerReadsTests(TimeBankApp app)
{
    [Fact]
    public async Task A_GraphQL_read_runs_on_a_connection_of_the_reading_pool()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();

        var answer = await new LedgerGraphQLClient(app).SendAsync(TestTokens.For(volunteerId, "volunteer"),
            "query($id: ID!) { account(volunteerId: $id) { volunteerId serviceMinutes } }", new { id = volunteerId });

        Assert.Equal(volunteerId.ToString(), answer.Ok("account.volunteerId").GetValue<string>());
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var reads = new NpgsqlCommand("""
            select count(*) from pg_stat_activity
            where datname = current_database() and application_name = @name and query like '%mt_doc_volunteeraccount%'
            """, connection);
        reads.Parameters.AddWithValue("name", LedgerReads.ApplicationName);
        Assert.True((long)(await reads.ExecuteScalarAsync())! > 0, "The account was not read on a connection of the reading pool.");
    }

    [Fact]
    public async Task My_rank_reads_on_connections_that_keep_generic_plans_without_jit_and_other_reads_do_not()
    {
        var reads = app.Services.GetRequiredService<LedgerReads>();

        await using var standing = reads.BoardSession();
        await using var request = reads.QuerySession();

        Assert.Equal("force_generic_plan", Assert.Single(await standing.QueryAsync<string>("select current_setting('plan_cache_mode')")));
        Assert.Equal("auto", Assert.Single(await request.QueryAsync<string>("select current_setting('plan_cache_mode')")));
        // A generic plan of "my rank" at the full city is estimated above jit_above_cost: compiled on every execution.
        Assert.Equal("off", Assert.Single(await standing.QueryAsync<string>("select current_setting('jit')")));
        Assert.Equal(LedgerReads.BoardApplicationName, Assert.Single(await standing.QueryAsync<string>("select current_setting('application_name')")));
    }

    [Fact]
    public async Task The_store_keeps_resetting_the_connections_it_writes_on()
    {
        await using var session = app.Store.LightweightSession();
        await session.QueryAsync<int>("select 1");

        var settings = new NpgsqlConnectionStringBuilder(session.Connection!.ConnectionString);
        Assert.False(settings.NoResetOnClose);
        Assert.NotEqual(LedgerReads.ApplicationName, settings.ApplicationName);
    }
}
