using System.Net;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace TimeBank.Api.Tests.Host;

/// <summary>
/// The start-up schema check is skipped when the database carries a stamp of exactly the configured schema (Weasel's
/// schema fingerprint): a restart costs one SELECT instead of a comparison with the whole catalog. A fresh database still
/// gets its schema, and a changed configuration still migrates. (docs/adr/0017-cold-start-and-memory.md)
/// </summary>
public sealed class SchemaFingerprintTests
{
    [Fact]
    public async Task A_fresh_database_gets_the_whole_schema_and_a_stamp_of_it()
    {
        await using var app = new TimeBankApp();
        await app.InitializeAsync();

        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.True(await TableExistsAsync(app.ConnectionString, "timebank.mt_events"));
        Assert.True(await TableExistsAsync(app.ConnectionString, "timebank.mt_doc_failedcodeattempts"));
        Assert.Equal(1, await StampsAsync(app.ConnectionString));
    }

    [Fact]
    public async Task A_restart_on_an_unchanged_configuration_trusts_the_stamp_instead_of_comparing_the_catalog()
    {
        string database;
        await using (var first = new TimeBankApp())
        {
            await first.InitializeAsync();
            database = first.ConnectionString;
        }

        // Drift made behind the service's back: a full comparison would create the table again; the stamp is trusted.
        await ExecuteAsync(database, "DROP TABLE timebank.mt_doc_failedcodeattempts");
        await using var second = new TimeBankApp { ExistingDatabase = database };
        await second.InitializeAsync();

        Assert.False(await TableExistsAsync(database, "timebank.mt_doc_failedcodeattempts"));
        Assert.Equal(1, await StampsAsync(database));
    }

    [Fact]
    public async Task A_changed_configuration_is_migrated_on_restart_and_stamped_anew()
    {
        string database;
        await using (var first = new TimeBankApp())
        {
            await first.InitializeAsync();
            database = first.ConnectionString;
        }

        Assert.False(await TableExistsAsync(database, "timebank.mt_doc_schema_probe"));

        await using var changed = new TimeBankAppWithOneMoreDocument { ExistingDatabase = database };
        await changed.InitializeAsync();

        Assert.True(await TableExistsAsync(database, "timebank.mt_doc_schema_probe"));
        Assert.Equal(2, await StampsAsync(database));
        await using var session = changed.Store.LightweightSession();
        var probe = new SchemaProbe(Guid.NewGuid(), "stored in the new table");
        session.Store(probe);
        await session.SaveChangesAsync();
        Assert.Equal(probe, await session.LoadAsync<SchemaProbe>(probe.Id));
    }

    private static async Task<bool> TableExistsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> StampsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM public.weasel_schema_fingerprints", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The service with one more document type: a model changed since the database was stamped.</summary>
    private sealed class TimeBankAppWithOneMoreDocument : TimeBankApp
    {
        protected override void ConfigureHost(IWebHostBuilder builder) =>
            builder.ConfigureServices(services => services.ConfigureMarten(options => options.Schema.For<SchemaProbe>().DocumentAlias("schema_probe")));
    }
}

public sealed record SchemaProbe(Guid Id, string Note);
