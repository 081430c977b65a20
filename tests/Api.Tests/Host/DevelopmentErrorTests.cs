using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;
using TimeBank.Api.Tests.GraphQL;

namespace TimeBank.Api.Tests.Host;

/// <summary>The host as the README's run command starts it: in the Development environment.</summary>
public sealed class DevelopmentApp : TimeBankApp
{
    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // appsettings.Development.json seeds the demo city; this test needs only its own volunteer.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TimeBank:SeedDemoData"] = "false" }));
    }
}

/// <summary>In Development too, an unexpected failure answers only a code, a message and a correlation id the log carries.</summary>
public sealed class DevelopmentErrorTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    [Fact]
    public async Task An_internal_error_in_Development_shows_no_exception_details_only_a_code_a_message_and_a_correlation_id_from_the_log()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        // A stored account the service cannot read: its resolver fails with a .NET exception.
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var corrupt = new NpgsqlCommand("update timebank.mt_doc_volunteeraccount set data = '{\"Holds\": \"not a dictionary\"}' where id = @id", connection);
            corrupt.Parameters.AddWithValue("id", scenario.VolunteerId);
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        GraphQLAnswer answer;
        using (app.Logs.Record())
        {
            answer = await scenario.AccountAsync(LedgerScenario.Admin, scenario.VolunteerId);
        }

        var error = Assert.Single(answer.Errors)!.AsObject();
        Assert.Subset(new HashSet<string> { "extensions", "locations", "message", "path" }, error.Select(p => p.Key).ToHashSet());
        var extensions = error["extensions"]!.AsObject();
        Assert.Equal(["code", "correlationId"], extensions.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("INTERNAL", extensions["code"]!.GetValue<string>());
        var correlationId = extensions["correlationId"]!.GetValue<string>();
        Assert.Equal($"An internal error occurred. Correlation id: {correlationId}", error["message"]!.GetValue<string>());
        foreach (var leak in new[] { "Exception", "   at ", ".cs:line", "System.", "Marten", "Npgsql", "TimeBank.", "/work/", "not a dictionary" })
        {
            Assert.DoesNotContain(leak, answer.Body, StringComparison.Ordinal);
        }

        // The log has it all, under the same correlation id.
        Assert.Contains(app.Logs.Lines, line => line.Contains(correlationId, StringComparison.Ordinal) && line.Contains("Exception", StringComparison.Ordinal));
    }
}
