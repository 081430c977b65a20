using System.Text;
using System.Text.Json;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.PersonalData;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Projections;

namespace TimeBank.Api.Tests.PersonalData;

/// <summary>Personal information end to end on PostgreSQL: stored encrypted, read masked, erased by destroying the key.</summary>
[Collection(LedgerCollection.Name)]
public sealed class PersonalDataErasureTests(TimeBankApp app)
{
    private const string PersonFields = "person { name maskedPhone nationalIdType maskedNationalId erased }";

    [Fact]
    public async Task Personal_information_is_stored_encrypted_and_read_masked_by_those_who_may_read_the_account()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var person = Person.Fresh();
        var volunteerId = await RegisterAsync(scenario, person);

        foreach (var reader in new[] { scenario.Staff, LedgerScenario.Admin, Volunteer(volunteerId) })
        {
            var read = (await PersonAsync(scenario, reader, volunteerId)).Ok("account.person");
            Assert.Equal(person.Name, read.Value<string>("name"));
            Assert.Equal(person.Phone[..3] + "****" + person.Phone[^4..], read.Value<string>("maskedPhone"));
            Assert.Equal("RESIDENT_ID_CARD", read.Value<string>("nationalIdType"));
            Assert.Equal(person.NationalId[..3] + new string('*', 11) + person.NationalId[^4..], read.Value<string>("maskedNationalId"));
            Assert.False(read.Value<bool>("erased"));
        }

        Assert.Equal("NOT_FOUND", (await PersonAsync(scenario, Volunteer(Guid.CreateVersion7()), volunteerId)).Code());
        Assert.Empty(await TablesHoldingAsync(person.Name, person.Phone, person.NationalId));
        // The search does find what is stored in the clear: the volunteer number, in the profile and in the events.
        var plain = await TablesHoldingAsync("V-" + volunteerId.ToString("N")[^12..]);
        Assert.Contains("timebank.mt_doc_volunteerprofile", plain);
        Assert.Contains("timebank.mt_events", plain);
        Assert.Equal(1, await CountAsync("mt_doc_personal_data_key", volunteerId));
    }

    [Fact]
    public async Task A_refused_registration_writes_nothing_and_does_not_repeat_the_value()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var person = Person.Fresh() with { NationalId = "99000119900101" };
        var volunteerId = Guid.CreateVersion7();

        var refused = await RegisterAnswerAsync(scenario, person, volunteerId, Guid.CreateVersion7());

        Assert.Equal("INVALID_NATIONAL_ID", refused.Code());
        Assert.Equal("nationalId must be 18 characters for a resident ID card.", refused.Errors[0]!.Value<string>("message"));
        Assert.DoesNotContain(person.NationalId, refused.Body, StringComparison.Ordinal);
        Assert.Null(await app.LoadAsync<VolunteerAccount>(volunteerId));
        Assert.Null(await app.LoadAsync<VolunteerProfile>(volunteerId));
        Assert.Null(await app.LoadAsync<PersonalDataKey>(volunteerId));
        await using (var session = app.Store.QuerySession())
        {
            Assert.Null(await session.Events.FetchStreamStateAsync(volunteerId));
        }

        // The same person, with the number corrected, registers.
        await RegisterAsync(scenario, Person.Fresh(), volunteerId);
    }

    [Fact]
    public async Task Erasure_destroys_the_key_leaves_every_total_and_survives_a_full_projection_rebuild()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var person = Person.Fresh();
        var volunteerId = await RegisterAsync(scenario, person);
        foreach (var minutes in new[] { 90, 45 })
        {
            var recordId = Guid.CreateVersion7();
            (await scenario.SubmitAsync(recordId, LedgerScenario.PastSlot(), minutes, volunteerId)).Ok("submitServiceRecord.record.id");
            (await scenario.VerifyAsync(scenario.Staff, recordId)).Ok("verifyServiceRecords.recordIds");
        }

        await scenario.WaitForServiceMinutesAsync(135, volunteerId);
        await app.Store.CaughtUpAsync();
        var before = await SnapshotAsync(scenario, volunteerId);
        var beforeErasure = DateTimeOffset.UtcNow;
        var sealedName = (await app.LoadAsync<VolunteerProfile>(volunteerId))!.Name;

        // Only a city admin or staff of the home community erase.
        var outsider = TestTokens.For(Guid.CreateVersion7(), "staff", Guid.CreateVersion7());
        Assert.Equal("VOLUNTEER_NOT_FOUND", (await EraseAsync(scenario, outsider, volunteerId, Guid.CreateVersion7())).Code());
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await EraseAsync(scenario, Volunteer(volunteerId), volunteerId, Guid.CreateVersion7())).Code());
        Assert.False((await PersonAsync(scenario, scenario.Staff, volunteerId)).Ok("account.person").Value<bool>("erased"));

        var commandId = Guid.CreateVersion7();
        var erased = await EraseAsync(scenario, scenario.Staff, volunteerId, commandId);
        Assert.False(erased.Ok("erasePersonalData.replayed").GetValue<bool>());
        AssertErased(erased.Ok("erasePersonalData.account.person"));

        // Idempotent: the same command replays; another erasure changes nothing.
        Assert.True((await EraseAsync(scenario, scenario.Staff, volunteerId, commandId)).Ok("erasePersonalData.replayed").GetValue<bool>());
        (await EraseAsync(scenario, LedgerScenario.Admin, volunteerId, Guid.CreateVersion7())).Ok("erasePersonalData.account");
        await using (var session = app.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(volunteerId);
            var erasure = Assert.Single(events.Select(e => e.Data).OfType<PersonalDataErased>());
            Assert.Equal(scenario.StaffId, erasure.ErasedBy);
        }

        // Every read shows the person erased, also as the account stood before the erasure; every total stays.
        foreach (var reader in new[] { scenario.Staff, LedgerScenario.Admin, Volunteer(volunteerId) })
        {
            AssertErased((await PersonAsync(scenario, reader, volunteerId)).Ok("account.person"));
        }

        AssertErased((await scenario.Client.SendAsync(scenario.Staff, $$"""
            query($id: ID!, $asOf: DateTimeOffset) { account(volunteerId: $id, asOf: $asOf) { {{PersonFields}} } }
            """, new { id = volunteerId, asOf = beforeErasure })).Ok("account.person"));
        await app.Store.CaughtUpAsync();
        Assert.Equal(before, await SnapshotAsync(scenario, volunteerId));

        // The key is gone from its table; the ciphertext stays and opens with nothing the service holds.
        Assert.Equal(0, await CountAsync("mt_doc_personal_data_key", volunteerId));
        Assert.Equal(1, await CountAsync("mt_doc_volunteerprofile", volunteerId));
        var profile = (await app.LoadAsync<VolunteerProfile>(volunteerId))!;
        Assert.Equal(sealedName, profile.Name);
        var masterKey = LocalSecrets.GetOrCreate(
            app.Services.GetRequiredService<IConfiguration>(), app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath,
            PersonalDataCipher.MasterKeySecretName, PersonalDataCipher.KeySize);
        Assert.Throws<PersonalDataUnreadableException>(() => PersonalDataCipher.Open(masterKey, volunteerId, PersonalDataVault.NameField, profile.Name));
        var vault = app.Services.GetRequiredService<PersonalDataVault>();
        await using (var session = app.Store.QuerySession())
        {
            Assert.True((await vault.ReadAsync(session, volunteerId, CancellationToken.None))!.Erased);
        }

        // A full rebuild of every projection from the events gives the same totals, and still no person.
        using (var daemon = await app.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<VolunteerAccount>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<ServiceRecord>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<LedgerAccountBalance>(CancellationToken.None);
            await daemon.RebuildProjectionAsync(typeof(VolunteerHistoryProjection), CancellationToken.None);
        }

        Assert.Equal(before, await SnapshotAsync(scenario, volunteerId));
        Assert.NotNull((await app.LoadAsync<VolunteerAccount>(volunteerId))!.PersonalDataErasedAt);
        AssertErased((await PersonAsync(scenario, scenario.Staff, volunteerId)).Ok("account.person"));
        Assert.Empty(await TablesHoldingAsync(person.Name, person.Phone, person.NationalId));
    }

    /// <summary>A distinctive person of the test: a fresh name, phone and resident ID number that no other test uses.</summary>
    internal sealed record Person(string Name, string Phone, string NationalId)
    {
        private static int _next = Environment.ProcessId % 1000 * 1000;

        public static Person Fresh()
        {
            var n = Interlocked.Increment(ref _next) % 1_000_000;
            var first17 = $"990777{1950 + (n % 50)}0{1 + (n % 9)}1{n % 10}{n % 1000:000}";
            return new Person($"测试人{n:000000}号", $"1555{n:0000000}", first17 + PersonalDetailRules.ResidentIdCheckCharacter(first17));
        }
    }

    internal static async Task<Guid> RegisterAsync(LedgerScenario scenario, Person person, Guid? volunteerId = null)
    {
        var id = volunteerId ?? Guid.CreateVersion7();
        (await RegisterAnswerAsync(scenario, person, id, Guid.CreateVersion7())).Ok("registerVolunteer.account.volunteerId");
        return id;
    }

    internal static Task<GraphQLAnswer> RegisterAnswerAsync(LedgerScenario scenario, Person person, Guid volunteerId, Guid commandId) =>
        scenario.Client.SendAsync(scenario.Staff, """
            mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
            """, new
        {
            input = new
            {
                commandId,
                volunteerId,
                homeCommunityId = scenario.CommunityId,
                volunteerNumber = "V-" + volunteerId.ToString("N")[^12..],
                displayName = person.Name,
                phone = person.Phone,
                nationalIdType = "RESIDENT_ID_CARD",
                nationalId = person.NationalId,
            },
        });

    internal static Task<GraphQLAnswer> EraseAsync(LedgerScenario scenario, string actor, Guid volunteerId, Guid commandId) =>
        scenario.Client.SendAsync(actor, $$"""
            mutation($input: ErasePersonalDataInput!) { erasePersonalData(input: $input) { commandId replayed account { volunteerId {{PersonFields}} } } }
            """, new { input = new { commandId, volunteerId } });

    internal static Task<GraphQLAnswer> PersonAsync(LedgerScenario scenario, string actor, Guid volunteerId) =>
        scenario.Client.SendAsync(actor, $$"""
            query($id: ID!) { account(volunteerId: $id) { {{PersonFields}} } }
            """, new { id = volunteerId });

    internal static string Volunteer(Guid volunteerId) => TestTokens.For(volunteerId, "volunteer");

    private static void AssertErased(System.Text.Json.Nodes.JsonNode person)
    {
        Assert.True(person.Value<bool>("erased"));
        Assert.Null(person["name"]);
        Assert.Null(person["maskedPhone"]);
        Assert.Null(person["nationalIdType"]);
        Assert.Null(person["maskedNationalId"]);
    }

    /// <summary>The account through GraphQL, its history, its records and the trial balance lines of its volunteer and community.</summary>
    private async Task<string> SnapshotAsync(LedgerScenario scenario, Guid volunteerId)
    {
        var account = (await scenario.AccountAsync(scenario.Staff, volunteerId)).Ok("account").ToJsonString();
        var history = (await scenario.Client.SendAsync(scenario.Staff, """
            query($id: ID!) { history(volunteerId: $id) { edges { cursor node { kind recordId serviceMinutes timeCredits points starLevel at } } } }
            """, new { id = volunteerId })).Ok("history").ToJsonString();
        await using var session = app.Store.QuerySession();
        var records = await session.Query<ServiceRecord>().Where(r => r.VolunteerId == volunteerId).OrderBy(r => r.Id).ToListAsync();
        var balances = await session.Query<LedgerAccountBalance>().OrderBy(b => b.Id).ToListAsync();
        var lines = balances.Where(b => b.Id.Contains(volunteerId.ToString(), StringComparison.Ordinal)
            || b.Id.Contains(scenario.CommunityId.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(135, lines.Single(l => l.Id == AccountId.Volunteer(volunteerId).Value).ServiceMinutes);
        return JsonSerializer.Serialize(new { account, history, records, lines });
    }

    private async Task<long> CountAsync(string table, Guid id)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from timebank.{table} where id = $1", connection) { Parameters = { new() { Value = id } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every table of the service whose rows, as text, hold any of the values (raw, or in base64).</summary>
    private async Task<List<string>> TablesHoldingAsync(params string[] values)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_schema || '.' || table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("timebank.mt_doc_volunteerprofile", tables);
        Assert.Contains("timebank.mt_events", tables);
        var holding = new List<string>();
        var needles = values.SelectMany(v => new[] { v, Convert.ToBase64String(Encoding.UTF8.GetBytes(v)) }).ToArray();
        foreach (var table in tables)
        {
            var quoted = string.Join('.', table.Split('.').Select(part => '"' + part + '"'));
            await using var search = new NpgsqlCommand($"select count(*) from {quoted} t, unnest($1::text[]) as needle where strpos(t::text, needle) > 0", connection);
            search.Parameters.Add(new NpgsqlParameter { Value = needles });
            if ((long)(await search.ExecuteScalarAsync())! > 0)
            {
                holding.Add(table);
            }
        }

        return holding;
    }
}
