using System.Globalization;
using System.Text.Json.Nodes;
using JasperFx.Events.Projections;
using Npgsql;
using TimeBank.Api.Auth;
using TimeBank.Api.Infrastructure;
using TimeBank.TestSupport;

namespace TimeBank.Fault.Tests;

/// <summary>
/// API nodes in Wolverine's Balanced mode (docs/adr/0046-several-nodes.md), all on 127.0.0.1, against one Wolverine main
/// database (the single database, or the city's in districts mode), with what Wolverine records there: its nodes and
/// the agents it placed on them.
/// </summary>
public sealed class BalancedNodes : IAsyncDisposable
{
    /// <summary>An async projection shard's agent: <c>event-subscriptions://marten/main/&lt;database&gt;/&lt;shard&gt;/all</c>.</summary>
    public const string ProjectionAgents = "event-subscriptions://%";

    /// <summary>Wolverine's recurring-message agent, one per cluster: it keeps the next occurrence of each schedule scheduled.</summary>
    public const string RecurringAgent = "wolverine-recurring:";

    private readonly string _mainDatabase;

    private BalancedNodes(string mainDatabase) => _mainDatabase = mainDatabase;

    /// <summary>Each node's process and its row in <c>wolverine_nodes</c>, in the order they started.</summary>
    public List<(ApiProcess Api, Guid NodeId)> Nodes { get; } = [];

    /// <summary>Balanced mode with short timings: heartbeat and assignment check every second, a node stale after <paramref name="staleNodeTimeout"/>.</summary>
    public static Dictionary<string, string> Settings(TimeSpan staleNodeTimeout) => new()
    {
        ["Cluster__Mode"] = "Balanced",
        ["Cluster__HealthCheckPollingTime"] = "00:00:01",
        ["Cluster__StaleNodeTimeout"] = staleNodeTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Cluster__CheckAssignmentPeriod"] = "00:00:01",
    };

    /// <summary>
    /// Starts <paramref name="count"/> nodes one after another (each on a port of its own), so that each process is known by
    /// the node row it adds. A node that does not start stops the others.
    /// </summary>
    public static async Task<BalancedNodes> StartAsync(string mainDatabase, ApiProcessOptions first, int count)
    {
        ArgumentNullException.ThrowIfNull(first);
        var cluster = new BalancedNodes(mainDatabase);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var api = await ApiProcess.StartAsync(i == 0 ? first : first with { Port = ApiProcessOptions.FreeLoopbackPort() });
                var known = cluster.Nodes.Select(n => n.NodeId).ToHashSet();
                cluster.Nodes.Add((api, Guid.Empty));
                var added = await Poll.UntilAsync(TimeSpan.FromSeconds(30), $"node {cluster.Nodes.Count} (pid {api.Pid}) registered in wolverine_nodes", async () =>
                    (await cluster.NodeIdsAsync()).Except(known).ToList() is [_] one ? one : null);
                cluster.Nodes[^1] = (api, added[0]);
            }

            return cluster;
        }
        catch (Exception e)
        {
            var tails = cluster.OutputTails();
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"The cluster did not start: {e.Message}\n{tails}", e);
        }
    }

    /// <summary>The node's number in start order (1, 2, 3), for the test's output.</summary>
    public int NumberOf(Guid nodeId) => Nodes.FindIndex(n => n.NodeId == nodeId) + 1;

    /// <summary>How many async projection shards the service has (one agent each, per database in districts mode).</summary>
    public static int AsyncShards()
    {
        using var store = ProjectionRebuild.Store("Host=127.0.0.1");
        return store.Options.Projections.All.Count(p => p.Lifecycle == ProjectionLifecycle.Async);
    }

    /// <summary>Waits until <paramref name="shards"/> projection agents are placed, each on a node that <paramref name="live"/> accepts.</summary>
    public Task<Dictionary<string, Guid>> UntilShardsPlacedAsync(int shards, TimeSpan within, string what, Func<Guid, bool> live) =>
        Poll.UntilAsync(within, what, async () =>
            await ProjectionPlacementAsync() is { Count: var placed } placement && placed == shards && placement.Values.All(live) ? placement : null);

    /// <summary>
    /// The node that runs the most projection shards; of those, the one that runs the recurring-message agent (the
    /// points-expiry job's occurrences) when it is one of them.
    /// </summary>
    public async Task<(ApiProcess Api, Guid NodeId)> BusiestAsync(IReadOnlyDictionary<string, Guid> placed)
    {
        var agents = await AgentsAsync();
        return Nodes.MaxBy(n => (placed.Count(p => p.Value == n.NodeId) * 2)
            + (agents.Any(a => a.Node == n.NodeId && a.Agent.StartsWith(RecurringAgent, StringComparison.Ordinal)) ? 1 : 0));
    }

    /// <summary>Each async projection shard's agent and the node it is assigned to (wolverine_node_assignments).</summary>
    public async Task<Dictionary<string, Guid>> ProjectionPlacementAsync() =>
        (await Db.QueryAsync(_mainDatabase, $"SELECT id, node_id FROM timebank.wolverine_node_assignments WHERE id LIKE '{ProjectionAgents}'",
            r => (Agent: r.GetString(0), Node: r.GetGuid(1)))).ToDictionary(a => a.Agent, a => a.Node);

    /// <summary>Every agent Wolverine placed and its node.</summary>
    public async Task<List<(string Agent, Guid Node)>> AgentsAsync() =>
        await Db.QueryAsync(_mainDatabase, "SELECT id, node_id FROM timebank.wolverine_node_assignments", r => (r.GetString(0), r.GetGuid(1)));

    /// <summary>Every node's last lines, for a failure message.</summary>
    public string OutputTails() => string.Join('\n', Nodes.Select(n => $"--- pid {n.Api.Pid}:\n{n.Api.OutputTail}"));

    /// <summary>Stops every node still running (SIGTERM, as an operator would).</summary>
    public async Task StopAsync()
    {
        foreach (var (api, _) in Nodes)
        {
            await api.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (api, _) in Nodes)
        {
            await api.DisposeAsync();
        }
    }

    private async Task<List<Guid>> NodeIdsAsync() =>
        await Db.QueryAsync(_mainDatabase, "SELECT id FROM timebank.wolverine_nodes", r => r.GetGuid(0));
}

/// <summary>What the fault tests read from a service's database besides its events (<see cref="Ledger"/>): Wolverine's and the job's rows.</summary>
public static class Db
{
    /// <summary>How many times each lot expired (PointsExpired events, by their LotId: the credited record's id).</summary>
    public static async Task<Dictionary<Guid, long>> ExpiriesByLotAsync(string connectionString) =>
        (await QueryAsync(connectionString, "SELECT (data->>'LotId')::uuid, count(*) FROM timebank.mt_events WHERE type = 'points_expired.v1' GROUP BY 1",
            r => (Lot: r.GetGuid(0), Count: r.GetInt64(1)))).ToDictionary(e => e.Lot, e => e.Count);

    /// <summary>The points-expiry job's runs (PointsExpirySweep documents): the occurrence's id and when it ran.</summary>
    public static async Task<List<(string Id, DateTimeOffset RanAt)>> SweepsAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT id, (data->>'RanAt')::timestamptz FROM timebank.mt_doc_pointsexpirysweep",
            r => (r.GetString(0), new DateTimeOffset(r.GetDateTime(1), TimeSpan.Zero)));

    /// <summary>Every dead letter of the database's Wolverine store: its message type and exception.</summary>
    public static async Task<List<string>> DeadLettersAsync(string connectionString) =>
        await QueryAsync(connectionString, "SELECT message_type || ': ' || coalesce(exception_message, '') FROM timebank.wolverine_dead_letters", r => r.GetString(0));

    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

public static class Poll
{
    /// <summary>Polls until <paramref name="attempt"/> has an answer; fails with <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static async Task<T> UntilAsync<T>(TimeSpan within, string what, Func<Task<T?>> attempt)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await attempt() is { } done)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not within {within.TotalSeconds:0} s: {what}.");
            await Task.Delay(200);
        }
    }
}

/// <summary>A community of one district with its staff member and a project, set up through GraphQL.</summary>
public sealed class DistrictCommunity(Guid communityId, Guid projectId, string staff)
{
    private const string RegisterCommunity = """
        mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
        """;

    private int _slot;

    public Guid CommunityId => communityId;

    /// <summary>A bearer token of the community's staff member.</summary>
    public string Staff => staff;

    public static async Task<DistrictCommunity> SetUpAsync(GraphQLHttpClient client, TokenIssuer tokens, string district)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tokens);
        var admin = DistrictWorld.Admin(tokens, district);
        var communityId = Guid.CreateVersion7();
        var staffId = Guid.CreateVersion7();
        var projectId = Guid.CreateVersion7();
        var staff = tokens.Issue(new TokenClaims(staffId.ToString(), "staff", [communityId], HomeDistrict: district), TimeSpan.FromHours(1));
        (await client.PostAsync(admin, RegisterCommunity,
            new { input = new { commandId = Guid.CreateVersion7(), communityId, name = $"{district}社区", street = $"{district}街道", district } }))
            .Ok("registerCommunity.community.id");
        (await client.PostAsync(admin, """
            mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId, staffId } }))
            .Ok("assignStaff.community.staffIds");
        (await client.PostAsync(staff, """
            mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), projectId, communityId, name = "助老服务", category = "elderly", place = "活动室" } }))
            .Ok("publishProject.project.id");
        return new DistrictCommunity(communityId, projectId, staff);
    }

    public async Task<Guid> RegisterVolunteerAsync(GraphQLHttpClient client, Guid? id = null, string displayName = "志愿者")
    {
        ArgumentNullException.ThrowIfNull(client);
        var volunteerId = id ?? Guid.CreateVersion7();
        (await client.PostAsync(staff, """
            mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId, homeCommunityId = communityId, volunteerNumber = "V-" + volunteerId.ToString("N")[^12..], displayName } }))
            .Ok("registerVolunteer.account.volunteerId");
        return volunteerId;
    }

    /// <summary>A certificate of the volunteer's service here, one record verified, issued directly by staff: its number and code.</summary>
    public async Task<(string Number, string Code)> IssueCertificateAsync(GraphQLHttpClient client, Guid volunteerId)
    {
        await SubmitAndVerifyAsync(client, volunteerId);
        var certificate = (await IssueAsync(client, volunteerId, "number verificationCode")).Ok("issueCertificate.certificate");
        return (certificate["number"]!.GetValue<string>(), certificate["verificationCode"]!.GetValue<string>());
    }

    /// <summary>Staff issue directly a certificate of the volunteer's service here over the last 30 days (to yesterday): the answer, with the <paramref name="fields"/> of the certificate.</summary>
    public async Task<GraphQLResponse> IssueAsync(GraphQLHttpClient client, Guid volunteerId, string fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return await client.PostAsync(staff, $$"""
            mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { certificate { {{fields}} } } }
            """, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), volunteerId, communityId, from = today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                to = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "",
            },
        });
    }

    /// <summary>A slot of this district's project, published by its staff (places may be given up until <paramref name="withdrawUntil"/>); the slot's id.</summary>
    public async Task<Guid> PublishSlotAsync(GraphQLHttpClient client, DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset? withdrawUntil = null)
    {
        var slotId = Guid.CreateVersion7();
        await DistrictTests.SlotAsync(client, staff, "publishSlot", "PublishSlotInput",
            new { commandId = Guid.CreateVersion7(), slotId, projectId, startsAt, endsAt, capacity = 5, personInCharge = "张主任", withdrawUntil });
        return slotId;
    }

    /// <summary>This district's staff act on a volunteer's attendance (check in, check out), or on the whole slot (no volunteer).</summary>
    public Task AttendAsync(GraphQLHttpClient client, string mutation, Guid slotId, Guid? volunteerId) =>
        volunteerId is { } volunteer
            ? DistrictTests.SlotAsync(client, staff, mutation, "AttendanceInput", new { commandId = Guid.CreateVersion7(), slotId, volunteerId = volunteer })
            : DistrictTests.SlotAsync(client, staff, mutation, "SlotInput", new { commandId = Guid.CreateVersion7(), slotId });

    /// <summary>15 minutes served in this district's project, submitted and verified by its staff; the record's id.</summary>
    public async Task<Guid> SubmitAndVerifyAsync(GraphQLHttpClient client, Guid volunteerId)
    {
        var recordId = await SubmitAsync(client, volunteerId);
        await VerifyAsync(client, recordId, Guid.CreateVersion7());
        return recordId;
    }

    /// <summary>15 minutes served in this district's project, submitted by its staff; the record's id.</summary>
    public async Task<Guid> SubmitAsync(GraphQLHttpClient client, Guid volunteerId)
    {
        ArgumentNullException.ThrowIfNull(client);
        var recordId = Guid.CreateVersion7();
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1).AddMinutes(-20 * Interlocked.Increment(ref _slot));
        (await client.PostAsync(staff, GraphQLCity.SubmitMutation, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), recordId, volunteerId, projectId, startedAt = start, endedAt = start.AddMinutes(15),
                minutesServed = 15, content = "陪伴老人读报", personInCharge = "张主任",
            },
        })).Ok("submitServiceRecord.record.recordId");
        return recordId;
    }

    /// <summary>The record verified by this district's staff under <paramref name="commandId"/> (send it twice to send it again).</summary>
    public async Task VerifyAsync(GraphQLHttpClient client, Guid recordId, Guid commandId)
    {
        ArgumentNullException.ThrowIfNull(client);
        (await client.PostAsync(staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(commandId, [recordId])))
            .Ok("verifyServiceRecords.recordIds");
    }
}

/// <summary>The KPIs of an area (<c>areaKpis</c>), and the rule that the city's are the sum of its districts' (ADR 0047).</summary>
public static class AreaKpis
{
    public const string Query = """
        query($area: AreaInput!) { areaKpis(area: $area) {
          level district communities registered active activeRatioPercent socialOrganizations stations stationsMeetingSixHaves
          minutes points verifiedRecords projectsServed stars { level volunteers } } }
        """;

    private static readonly string[] Counts =
        ["communities", "registered", "active", "socialOrganizations", "stations", "stationsMeetingSixHaves", "minutes", "points", "verifiedRecords", "projectsServed"];

    public static long Count(JsonNode kpis, string name)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        return kpis[name]!.GetValue<long>();
    }

    /// <summary>Every count of the city is the districts' counts added, field by field; its ratio is recomputed from the sums, never averaged.</summary>
    public static void AssertTheSum(JsonNode city, params JsonNode[] districts)
    {
        ArgumentNullException.ThrowIfNull(city);
        foreach (var count in Counts)
        {
            Assert.True(districts.Sum(d => Count(d, count)) == Count(city, count), $"{count}: the districts' sum ≠ the city's");
        }

        Assert.Equal(districts.Select(Stars).Aggregate((a, b) => [.. a.Zip(b, (x, y) => x + y)]), Stars(city));
        var registered = Count(city, "registered");
        double? ratio = registered == 0 ? null : Math.Round(Count(city, "active") * 100.0 / registered, 1, MidpointRounding.AwayFromZero);
        Assert.Equal(ratio, city["activeRatioPercent"]?.GetValue<double>());
    }

    private static long[] Stars(JsonNode kpis) =>
        [.. kpis["stars"]!.AsArray().OrderBy(s => s!["level"]!.GetValue<int>()).Select(s => s!["volunteers"]!.GetValue<long>())];
}
