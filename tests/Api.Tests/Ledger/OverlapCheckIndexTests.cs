using System.Text.Json.Nodes;
using Marten;
using Marten.Linq;
using Npgsql;
using TimeBank.Api.Commands;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Projections;
using Weasel.Core;
using Xunit.Abstractions;

namespace TimeBank.Api.Tests.Ledger;

/// <summary>
/// The overlap check of a submission reads the volunteer's records that overlap it, found by the schedule's index, not
/// every record of the volunteer: its cost does not grow with the volunteer's history (ADR 0026). And a database from
/// before the index gets its columns filled and the index built when the service starts on it.
/// </summary>
public sealed class OverlapCheckIndexTests(ITestOutputHelper output)
{
    private const int History = 1_000;

    [Fact]
    public async Task The_overlap_query_of_a_volunteer_with_1000_records_reads_only_the_records_of_its_interval()
    {
        await using var app = new TimeBankApp();
        await app.InitializeAsync();
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var other = await city.RegisterVolunteerAsync();
        var template = (await app.LoadAsync<ServiceRecord>(await city.SubmitAsync(volunteer, day: 0, hour: 1)))!;
        var origin = template.StartedAt;

        // Records of half an hour, one an hour, going back 1,000 hours; another volunteer has records at the same times.
        (DateTimeOffset Start, DateTimeOffset End) Hour(int hoursBack) => (origin.AddHours(-hoursBack), origin.AddHours(-hoursBack).AddMinutes(30));
        await using (var session = app.Store.LightweightSession())
        {
            for (var k = 1; k < History; k++)
            {
                session.Store(template with { Id = Guid.CreateVersion7(), StartedAt = Hour(k).Start, EndedAt = Hour(k).End });
                session.Store(template with { Id = Guid.CreateVersion7(), VolunteerId = other, StartedAt = Hour(k).Start, EndedAt = Hour(k).End });
            }

            await session.SaveChangesAsync();
        }

        await ExecuteAsync(app.ConnectionString, "ANALYZE timebank.mt_doc_servicerecord");

        // One record overlapped, in the middle of the history; a gap between two records; the hour after the newest one.
        var middle = Hour(History / 2);
        await AssertReadsAtMostAsync(app, volunteer, middle.Start.AddMinutes(10), middle.End.AddMinutes(10), expected: 1);
        await AssertReadsAtMostAsync(app, volunteer, middle.End.AddMinutes(5), middle.End.AddMinutes(25), expected: 0);
        await AssertReadsAtMostAsync(app, volunteer, origin.AddHours(1), origin.AddHours(2), expected: 0);

        // And the check itself still refuses the overlap, through the real command.
        var overlapping = city.Submission(volunteer, day: 0, hour: 1) with { StartedAt = middle.Start.AddMinutes(10), EndedAt = middle.End.AddMinutes(10), MinutesServed = 30 };
        Assert.Equal(RefusalCodes.RecordOverlaps, (await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), overlapping))).Code);
    }

    [Fact]
    public async Task A_database_from_before_the_index_gets_the_columns_filled_and_the_index_at_start_up()
    {
        string database;
        TestCity city;
        Guid volunteer;
        await using (var first = new TimeBankApp())
        {
            await first.InitializeAsync();
            database = first.ConnectionString;
            city = await TestCity.CreateAsync(first);
            volunteer = await city.RegisterVolunteerAsync();
            await city.SubmitAsync(volunteer, day: 3, hour: 9);
            await city.SubmitAsync(volunteer, day: 4, hour: 9);
        }

        // The table as it was before: no duplicated columns (their indexes go with them), and no stamp of the schema, as
        // for a database stamped by the earlier configuration.
        await ExecuteAsync(database, """
            ALTER TABLE timebank.mt_doc_servicerecord DROP COLUMN volunteer_id, DROP COLUMN started_at, DROP COLUMN ended_at;
            DELETE FROM public.weasel_schema_fingerprints;
            """);

        await using var second = new TimeBankApp { ExistingDatabase = database };
        await second.InitializeAsync();

        Assert.Equal(2L, await ScalarAsync(database, "SELECT count(*) FROM timebank.mt_doc_servicerecord"));
        Assert.Equal(0L, await ScalarAsync(database,
            "SELECT count(*) FROM timebank.mt_doc_servicerecord WHERE volunteer_id IS NULL OR started_at IS NULL OR ended_at IS NULL"));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT count(*) FROM pg_indexes WHERE schemaname = 'timebank' AND indexname = '{ServiceRecordSchedule.IndexName}'"));
        var overlapping = city.Submission(volunteer, day: 3, hour: 9, minutes: 120);
        Assert.Equal(RefusalCodes.RecordOverlaps, (await second.SendAsync(Idempotent.Of(Guid.CreateVersion7(), overlapping))).Code);

        // The index as PostgreSQL reports it is the one configured: a later start finds nothing to change.
        var migration = await second.Store.Storage.Database.CreateMigrationAsync();
        Assert.Equal(SchemaPatchDifference.None, migration.Difference);
    }

    /// <summary>
    /// Runs the service's overlap query under <c>EXPLAIN (ANALYZE)</c>: it finds <paramref name="expected"/> records, through
    /// the schedule's index, and the scan reads no more rows than it finds (none filtered out after reading).
    /// </summary>
    private async Task AssertReadsAtMostAsync(TimeBankApp app, Guid volunteer, DateTimeOffset start, DateTimeOffset end, int expected)
    {
        await using var session = app.Store.QuerySession();
        var query = session.Query<ServiceRecord>()
            .Where(ServiceRecordSchedule.Overlapping(volunteer, start, end))
            .Where(RecordContexts.Occupies)
            .Select(r => new ServiceInterval(r.Id, r.StartedAt, r.EndedAt));
        Assert.Equal(expected, (await query.ToListAsync()).Count);

        var command = query.ToCommand(FetchType.FetchMany);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + command.CommandText, connection);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var plan = JsonNode.Parse((string)(await explain.ExecuteScalarAsync())!)![0]!["Plan"]!;
        var nodes = Flatten(plan).ToList();
        output.WriteLine($"{start:u} – {end:u}: {string.Join(" → ", nodes.Select(Describe))}");

        Assert.DoesNotContain(nodes, n => (string?)n["Node Type"] == "Seq Scan");
        var indexScan = Assert.Single(nodes, n => (string?)n["Index Name"] == ServiceRecordSchedule.IndexName);
        Assert.Contains("&&", (string?)indexScan["Index Cond"], StringComparison.Ordinal);
        var read = nodes.Where(n => n["Index Name"] is not null || (string?)n["Relation Name"] == "mt_doc_servicerecord")
            .Sum(n => Rows(n, "Actual Rows") + Rows(n, "Rows Removed by Filter") + Rows(n, "Rows Removed by Index Recheck"));
        Assert.True(read <= 2 * expected, $"The overlap query read {read} rows of a {History}-record history to find {expected}.");
    }

    private static IEnumerable<JsonNode> Flatten(JsonNode node) =>
        new[] { node }.Concat(node["Plans"]?.AsArray().SelectMany(child => Flatten(child!)) ?? []);

    private static long Rows(JsonNode node, string name) => node[name] is { } value ? (long)value.GetValue<double>() : 0;

    private static string Describe(JsonNode node) =>
        $"{node["Node Type"]}{(node["Index Name"] is { } index ? $" using {index}" : "")} ({node["Index Cond"] ?? node["Filter"]}; rows {node["Actual Rows"]}, removed {Rows(node, "Rows Removed by Filter") + Rows(node, "Rows Removed by Index Recheck")})";

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
