using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Npgsql;
using TimeBank.Api.Auth;
using TimeBank.Api.Demo;
using TimeBank.Demo;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.LocalDatabase;
using TimeBank.TestSupport;
using Xunit.Abstractions;

namespace TimeBank.Fault.Tests;

/// <summary>
/// The demo city in districts mode (<c>dotnet run --project src/Api -- --districts north,south</c>, ADR 0047): the
/// service provisions a local cluster per district and the city database, configures them as a deployment would, and
/// seeds the demo city spread across the districts.
/// </summary>
[Collection(DistrictClustersCollection.Name)]
[Trait("Category", "Fault")]
public sealed class DemoDistrictsTests(ITestOutputHelper output)
{
    private static readonly string[] Ids = ["north", "south"];

    [Fact]
    public async Task The_demo_city_in_districts_mode_is_provisioned_and_seeded_across_the_districts()
    {
        // The same provisioning as --districts north,south, in databases of this run's own (Demo:Database).
        var prefix = "tbdemo_" + Guid.NewGuid().ToString("N")[..8];
        var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
        var options = new ApiProcessOptions("Host=127.0.0.1;Database=unused")
        {
            Environment = new Dictionary<string, string>
            {
                ["Logging__LogLevel__TimeBank.Api.Demo.DemoSeeder"] = "Information",
                ["Demo__Districts"] = string.Join(',', Ids),
                ["Demo__Database"] = prefix,
                ["TimeBank__SeedDemoData"] = "true",
            },
        };
        var demo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DemoDistricts.SettingName] = "north,south" }).Build();
        var api = await ApiProcess.StartAsync(options);
        try
        {
            using var client = new GraphQLHttpClient(options.BaseAddress, timeout: TimeSpan.FromSeconds(60));
            string TokenOf(Guid person, string role) =>
                options.Tokens.Issue(DemoDistricts.WithHomeDistrict(new TokenClaims(person, role), demo), TimeSpan.FromHours(1));

            // A volunteer of each district, each with the token the demo gives them (their home district in it).
            var cast = DemoCity.Cast;
            var southCommunities = cast.Communities.Where(c => c.District == DemoCity.Districts[1]).Select(c => c.Id).ToHashSet();
            var northVolunteer = cast.Volunteers[0];
            var southVolunteer = cast.Volunteers.First(v => southCommunities.Contains(v.HomeCommunityId));
            Assert.Equal("north", DemoDistricts.DistrictOf(demo, northVolunteer.HomeCommunityId));
            Assert.Equal("south", DemoDistricts.DistrictOf(demo, southVolunteer.HomeCommunityId));

            // Seeding runs after the start: the city admin's city-wide KPIs count every volunteer once both districts' projections caught up.
            var cityAdmin = options.Tokens.Issue(new TokenClaims(cast.CityAdminId, "city_admin"), TimeSpan.FromHours(1));
            const string Kpis = "query($area: AreaInput!) { areaKpis(area: $area) { communities registered minutes verifiedRecords } }";
            JsonNode city = null!;
            await UntilAsync(async () =>
            {
                var answer = await client.PostAsync(cityAdmin, Kpis, new { area = new { } });
                city = answer.At("areaKpis")!;
                return city is not null && city["registered"]!.GetValue<long>() == DemoCity.VolunteerCount && city["communities"]!.GetValue<long>() == cast.Communities.Count;
            }, "the city's KPIs to count the demo city's volunteers and communities in both districts", api);
            output.WriteLine(city.ToJsonString());

            // Each district's own figures, read in its database by the same city admin: both hold part of the city, and add up to it.
            var north = (await client.PostAsync(cityAdmin, Kpis, new { area = new { district = "north" } })).Ok("areaKpis");
            var south = (await client.PostAsync(cityAdmin, Kpis, new { area = new { district = "south" } })).Ok("areaKpis");
            output.WriteLine(north.ToJsonString());
            output.WriteLine(south.ToJsonString());
            foreach (var count in new[] { "communities", "registered", "minutes", "verifiedRecords" })
            {
                Assert.True(north[count]!.GetValue<long>() > 0 && south[count]!.GetValue<long>() > 0, $"{count}: each district holds some");
                Assert.Equal(city[count]!.GetValue<long>(), north[count]!.GetValue<long>() + south[count]!.GetValue<long>());
            }

            // The demo people read their own accounts in their own district; the other district has no account of theirs.
            foreach (var (volunteer, home, other) in new[] { (northVolunteer, "north", "south"), (southVolunteer, "south", "north") })
            {
                var own = await client.PostAsync(TokenOf(volunteer.Id, "volunteer"), GraphQLCity.BalanceQuery, new { id = volunteer.Id });
                output.WriteLine(own.Text);
                Assert.True(own.Ok("account")["serviceMinutes"]!.GetValue<long>() > 0, $"{home}'s volunteer has served");
                var elsewhere = options.Tokens.Issue(new TokenClaims(volunteer.Id.ToString(), "volunteer", [], HomeDistrict: other), TimeSpan.FromHours(1));
                Assert.Null((await client.PostAsync(elsewhere, GraphQLCity.BalanceQuery, new { id = volunteer.Id })).At("account"));
            }

            // The demo staff and cashier work in their own district with the token the demo gives them.
            var staffToken = options.Tokens.Issue(
                DemoDistricts.WithHomeDistrict(new TokenClaims(DemoPeople.FirstCommunityStaffId, "staff", DemoPeople.FirstCommunityId), demo), TimeSpan.FromHours(1));
            var staff = await client.PostAsync(staffToken, "query { me { communities { communityId } } }");
            Assert.Contains(DemoPeople.FirstCommunityId.ToString(), staff.Text, StringComparison.OrdinalIgnoreCase);

            // Service done in the other district: the record is in the district served, its credit in the home district's account.
            var history = DemoCity.Generate(DateTimeOffset.UtcNow, districtIds: Ids);
            var district = history.Cast.Communities.ToDictionary(c => c.Id, c => c.District);
            var homeOf = history.Cast.Volunteers.ToDictionary(v => v.Id, v => district[v.HomeCommunityId]);
            var travelled = history.Records
                .Select(r => r.Events.Aggregate((ServiceRecord?)null, ServiceRecord.Evolve)!)
                .Where(r => r.Status == RecordStatus.Credited && district[r.CommunityId] == "north" && homeOf[r.VolunteerId] == "south")
                .Select(r => r.Id).ToList();
            Assert.NotEmpty(travelled);
            var southCredits = await new Ledger(await DatabaseAsync(root, "south", prefix)).AccountCreditsByRecordAsync();
            var northCredits = await new Ledger(await DatabaseAsync(root, "north", prefix)).AccountCreditsByRecordAsync();
            Assert.All(travelled, id => Assert.Equal(1, southCredits.GetValueOrDefault(id)));
            Assert.All(travelled, id => Assert.Equal(0, northCredits.GetValueOrDefault(id)));
            Assert.Equal(travelled.Count, await CountStreamsAsync(await DatabaseAsync(root, "north", prefix), travelled));
            Assert.Equal(0, await CountStreamsAsync(await DatabaseAsync(root, "south", prefix), travelled));
            // And noted in the north, where they were served, once, for the north's KPIs (ADR 0047); in the south, not at all.
            var notedInNorth = await new Ledger(await DatabaseAsync(root, "north", prefix)).EventsByRecordAsync("service_credited_at_home.v1");
            var notedInSouth = await new Ledger(await DatabaseAsync(root, "south", prefix)).EventsByRecordAsync("service_credited_at_home.v1");
            Assert.All(travelled, id => Assert.Equal(1, notedInNorth.GetValueOrDefault(id)));
            Assert.All(travelled, id => Assert.False(notedInSouth.ContainsKey(id)));
            output.WriteLine($"{travelled.Count} records served in the north by volunteers homed in the south, each credited once in the south and noted once in the north");

            // The rest of the seed (certificates, gifts, needs: through the service's commands, each in its community's district) completes.
            await UntilAsync(async () =>
            {
                Assert.DoesNotContain("Seeding the demo city failed", api.OutputTail, StringComparison.Ordinal);
                return await SeededAsync(await DatabaseAsync(root, "north", prefix)) && await SeededAsync(await DatabaseAsync(root, "south", prefix));
            }, "the demo seed's marker in both districts", api);

            // A gift across the districts (ADR 0047), through the service's commands: a north member and their spouse homed in
            // the south, the relation recorded in the north and confirmed at each home, the gift given in the north and
            // received in the south; each sees it once in their own history, read at home.
            var (giver, receiver) = DemoGifts.AcrossDistricts(cast);
            Assert.Equal(("north", "south"), (DemoDistricts.DistrictOf(demo, giver.HomeCommunityId), DemoDistricts.DistrictOf(demo, receiver.HomeCommunityId)));
            const string History = "query($id: ID!) { history(volunteerId: $id) { edges { node { kind timeCredits counterpartId } } } }";
            foreach (var (who, kind, other) in new[] { (giver, "GIFT_GIVEN", receiver), (receiver, "GIFT_RECEIVED", giver) })
            {
                List<JsonNode> lines = [];
                await UntilAsync(async () => (lines = [.. ((await client.PostAsync(TokenOf(who.Id, "volunteer"), History, new { id = who.Id })).At("history.edges")?.AsArray() ?? [])
                    .Select(e => e!["node"]!).Where(n => n["kind"]!.GetValue<string>() == kind)]).Count > 0, $"{kind} in the history of {who.Id}", api);
                var line = Assert.Single(lines);
                Assert.Equal((DemoGifts.AcrossDistrictsGift, other.Id), (Math.Abs(line["timeCredits"]!.GetValue<int>()), line["counterpartId"]!.GetValue<Guid>()));
            }

            // Each community's bulk issuance of the year (started by the seed) lists no volunteer homed in the other district
            // as a failure: their accounts and names are read at home (ADR 0047).
            var visiting = 0;
            foreach (var bulk in DemoCertificates.Plan(history).BulkIssuances)
            {
                var visitors = history.Records
                    .Select(r => r.Events.Aggregate((ServiceRecord?)null, ServiceRecord.Evolve)!)
                    .Where(r => r.CommunityId == bulk.CommunityId && r.Status is RecordStatus.Verified or RecordStatus.Credited
                        && r.StartedAt.ToOffset(TimeSpan.FromHours(8)).Year == bulk.Year && homeOf[r.VolunteerId] != district[bulk.CommunityId])
                    .Select(r => r.VolunteerId).ToHashSet();
                var staffOfBulk = options.Tokens.Issue(
                    DemoDistricts.WithHomeDistrict(new TokenClaims(bulk.Actor.PersonId.ToString(), "staff", [bulk.CommunityId]), demo), TimeSpan.FromHours(1));
                JsonNode job = null!;
                await UntilAsync(async () =>
                {
                    job = (await client.PostAsync(staffOfBulk, "query($id: ID!) { bulkIssuance(jobId: $id) { status total issued failures { volunteerId code } } }", new { id = bulk.JobId }))
                        .Ok("bulkIssuance");
                    return job["status"]!.GetValue<string>() == "COMPLETED";
                }, $"the bulk issuance of community {bulk.CommunityId} to complete", api);
                var failures = job["failures"]!.AsArray().Select(f => (Volunteer: f!["volunteerId"]!.GetValue<Guid>(), Code: f["code"]!.GetValue<string>())).ToList();
                output.WriteLine($"bulk issuance in {district[bulk.CommunityId]} ({bulk.CommunityId}): {job["issued"]} of {job["total"]} issued, "
                    + $"{visitors.Count} volunteers homed in the other district; failures: {string.Join(", ", failures.GroupBy(f => f.Code).Select(g => $"{g.Key} {g.Count()}"))}");
                Assert.DoesNotContain(failures, f => f.Code == "VOLUNTEER_NOT_FOUND" || visitors.Contains(f.Volunteer));
                Assert.Equal(job["total"]!.GetValue<int>(), job["issued"]!.GetValue<int>() + failures.Count);
                visiting += visitors.Count;
            }

            Assert.True(visiting > 0, "the demo's bulk issuances list volunteers homed in the other district");
        }
        finally
        {
            foreach (var line in api.OutputTail.Split('\n').Where(l => l.Contains("demo city", StringComparison.OrdinalIgnoreCase) || l.Contains("refused", StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }

            await api.DisposeAsync();
        }
    }

    /// <summary>The connection string of a database the provisioning created (the cluster is running; nothing is created).</summary>
    private static Task<string> DatabaseAsync(string root, string district, string prefix) =>
        new LocalPostgres(new LocalPostgresOptions(root) { DataDirectory = Path.Combine(root, ".local", $"pg-{district}"), Database = $"{prefix}_{district}" })
            .EnsureRunningAsync();

    private static async Task<bool> SeededAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select to_regclass('timebank.mt_doc_demoseedmarker') is not null and exists (select from timebank.mt_doc_demoseedmarker)", connection);
        try
        {
            return (bool)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task<long> CountStreamsAsync(string connectionString, IReadOnlyList<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from timebank.mt_streams where id = any($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls, bounded (no timed assertion: the bound only ends a test that would otherwise hang).</summary>
    private static async Task UntilAsync(Func<Task<bool>> done, string what, ApiProcess api)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still waiting for {what}. The service's last lines:\n{api.OutputTail}");
            }

            await Task.Delay(500);
        }
    }
}
