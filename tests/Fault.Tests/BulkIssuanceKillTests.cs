using Npgsql;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>A year-end bulk issuance whose service is killed (-9) half-way, then started again on the same database.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class BulkIssuanceKillTests(ITestOutputHelper output)
{
    private const int Volunteers = 30;

    private const string Progress = "query($id: ID!) { bulkIssuance(jobId: $id) { status total done issued failures { code } } }";

    [Fact]
    public async Task Killed_half_way_and_restarted_a_bulk_issuance_gives_every_eligible_volunteer_exactly_one_certificate()
    {
        var cluster = new LocalPostgres(new LocalPostgresOptions(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory)));
        await cluster.EnsureRunningAsync();
        var connectionString = await cluster.CreateDatabaseAsync($"timebank_fault_{Guid.NewGuid():N}"[..40]);
        var options = new ApiProcessOptions(connectionString);
        var jobId = Guid.CreateVersion7();
        var year = TimeBank.Ledger.Units.ChinaTime.DayOf(DateTimeOffset.UtcNow.AddDays(-2)).Year;
        GraphQLCity city;

        var api = await ApiProcess.StartAsync(options);
        using (var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30)))
        {
            city = await GraphQLCity.SetUpAsync(client, options.Tokens, volunteers: Volunteers);
            var records = new List<Guid>();
            for (var v = 0; v < Volunteers; v++)
            {
                var recordId = Guid.CreateVersion7();
                (await client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(v, Guid.CreateVersion7(), recordId))).Ok("submitServiceRecord.record.recordId");
                records.Add(recordId);
            }

            // Verified by a second staff member of the community (nobody verifies their own records).
            var verifier = options.Tokens.Issue(new Api.Auth.TokenClaims(Guid.CreateVersion7(), "staff", city.CommunityId), TimeSpan.FromHours(1));
            (await client.PostAsync(verifier, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), records))).Ok("verifyServiceRecords.recordIds");

            var started = (await client.PostAsync(city.Staff, """
                mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId total } }
                """, new { input = new { commandId = jobId, communityId = city.CommunityId, year, personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-88888888" } }))
                .Ok("startBulkIssuance");
            Assert.Equal(Volunteers, started["total"]!.GetValue<int>());

            // Killed once some certificates are issued and before all are. A step saves its progress on the job's row after
            // issuing its certificates: that row held locked here, the step in flight issues its certificates and waits, and
            // the job cannot finish before the kill however fast the machine (it once finished before the first poll).
            await using var holder = new NpgsqlConnection(connectionString);
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockJob = new NpgsqlCommand("SELECT id FROM timebank.mt_doc_bulkissuance WHERE id = $1 FOR UPDATE", holder, hold)
            {
                Parameters = { new() { Value = jobId } },
            })
            {
                Assert.Equal(jobId, await lockJob.ExecuteScalarAsync());
            }

            await Poll.UntilAsync(TimeSpan.FromSeconds(60), "a certificate issued by the job", async () =>
                (await CertificatesAsync(connectionString, city.CommunityId)).Count > 0 ? "issued" : null);
            var done = (await client.PostAsync(city.Staff, Progress, new { id = jobId })).Ok("bulkIssuance")["done"]!.GetValue<int>();
            await api.KillAsync();
            await api.DisposeAsync();
            await hold.RollbackAsync();
            var issuedBeforeKill = await CertificatesAsync(connectionString, city.CommunityId);
            output.WriteLine($"killed pid {api.Pid} with {done} of {Volunteers} reported done and {issuedBeforeKill.Values.Sum()} certificates in the database");
            Assert.InRange(issuedBeforeKill.Values.Sum(), 1, Volunteers - 1);
        }

        await using (api = await ApiProcess.StartAsync(options))
        using (var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(30)))
        {
            var job = (await client.PostAsync(city.Staff, Progress, new { id = jobId })).Ok("bulkIssuance");
            for (var wait = 0; job["status"]!.GetValue<string>() != "COMPLETED" && wait < 1200; wait++)
            {
                await Task.Delay(100);
                job = (await client.PostAsync(city.Staff, Progress, new { id = jobId })).Ok("bulkIssuance");
            }

            Assert.Equal("COMPLETED", job["status"]!.GetValue<string>());
            Assert.Equal(Volunteers, job["done"]!.GetValue<int>());
            Assert.Equal(Volunteers, job["issued"]!.GetValue<int>());
            Assert.Empty(job["failures"]!.AsArray());
            await api.StopAsync();
        }

        var certificates = await CertificatesAsync(connectionString, city.CommunityId);
        Assert.Equal(city.Volunteers.Order(), certificates.Keys.Order());
        Assert.All(certificates, c => Assert.Equal(1, c.Value));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var numbers = new NpgsqlCommand(
            "SELECT count(DISTINCT data->'Content'->>'Number'), max((data->'Content'->>'Number')) FROM timebank.mt_doc_certificate WHERE data->>'CommunityId' = $1", connection)
        {
            Parameters = { new() { Value = city.CommunityId.ToString() } },
        };
        await using var reader = await numbers.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(Volunteers, reader.GetInt64(0));
        Assert.EndsWith($"-{Volunteers:D6}", reader.GetString(1), StringComparison.Ordinal);
        output.WriteLine($"{certificates.Count} volunteers, one certificate each, numbered 1..{Volunteers}");
    }

    /// <summary>Certificates of the community per volunteer.</summary>
    private static async Task<Dictionary<Guid, int>> CertificatesAsync(string connectionString, Guid communityId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT data->>'VolunteerId', count(*) FROM timebank.mt_doc_certificate WHERE data->>'CommunityId' = $1 AND data->>'Status' = 'Issued' GROUP BY 1", connection)
        {
            Parameters = { new() { Value = communityId.ToString() } },
        };
        var counts = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[Guid.Parse(reader.GetString(0))] = (int)reader.GetInt64(1);
        }

        return counts;
    }
}
