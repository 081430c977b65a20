using Npgsql;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Api.Commands;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// A database that restarted (or crashed) while the service kept running: every connection the service's pools kept idle
/// died with it, and Npgsql does not test a connection it hands out (npgsql/npgsql#2896). Seen in the district fault test:
/// the first command after a district's database came back failed on a dead connection. The service's first requests after
/// a restart must succeed, not fail once per dead connection (<c>ConnectionPools</c>).
/// </summary>
public sealed class LostConnectionsTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    [Fact]
    public async Task The_first_read_and_the_first_command_after_every_connection_died_succeed()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        var client = new LedgerGraphQLClient(app);
        var token = TestTokens.For(volunteerId, "volunteer");
        const string Balance = "query($id: ID!) { account(volunteerId: $id) { volunteerId serviceMinutes } }";

        // Both pools hold several idle connections: reads side by side, and commands side by side.
        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.SendAsync(token, Balance, new { id = volunteerId })));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(day => city.SubmitAsync(volunteerId, day + 1)));
        var killed = await TerminateEveryOtherConnectionAsync();
        Assert.True(killed >= 4, $"only {killed} connections of the service to end");

        // As after a restart: every one of those idle connections is dead; the next requests are answered all the same.
        var read = await client.SendAsync(token, Balance, new { id = volunteerId });
        Assert.Equal(volunteerId.ToString(), read.Ok("account.volunteerId").GetValue<string>());
        var submission = city.Submission(volunteerId, day: 9);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), submission)));
        Assert.Equal(RecordStatus.Submitted, (await app.LoadAsync<ServiceRecord>(submission.RecordId))?.Status);
    }

    /// <summary>Ends every other session on the fixture's database, as a restart of PostgreSQL does; how many.</summary>
    private async Task<int> TerminateEveryOtherConnectionAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand(
            "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
            connection);
        return (int)(long)(await terminate.ExecuteScalarAsync())!;
    }
}
