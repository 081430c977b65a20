using Marten.Events;
using Marten;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Communities;

/// <summary>
/// Social organizations (社区社会组织) and volunteer service stations (志愿服务站) over GraphQL on the real host: kept by
/// staff of their community, listed to them and city admins, a name once per community even under concurrency, and
/// nothing of another community's station changed by its staff.
/// </summary>
public sealed class CommunityBodyTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string OrganizationFields = "organizationId communityId name kind standing contactRole status active reason registeredAt statusChangedAt";
    private const string StationFields = "stationId communityId name registeredAt attested { have attestedOn attestedBy attestedAt }";

    private readonly LedgerGraphQLClient _client = new(app);

    private static string Day(int daysFromToday) =>
        ChinaTime.DayOf(DateTimeOffset.UtcNow).AddDays(daysFromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // Social organizations

    [Fact]
    public async Task Staff_register_suspend_reinstate_and_dissolve_an_organization_and_a_replay_changes_nothing()
    {
        var city = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var commandId = Guid.CreateVersion7();

        var registered = await RegisterOrganizationAsync(staff, city.CommunityId, " 银龄互助队 ", commandId);
        var replayed = await RegisterOrganizationAsync(staff, city.CommunityId, " 银龄互助队 ", commandId);

        var organization = registered.Ok("registerSocialOrganization.organization");
        var id = Guid.Parse(organization.Value<string>("organizationId")!);
        Assert.Equal(SocialOrganizationName.IdOf(city.CommunityId, "银龄互助队"), id);
        Assert.Equal("银龄互助队 LIVING_SERVICES FILED 队长 ACTIVE True",
            $"{organization.Value<string>("name")} {organization.Value<string>("kind")} {organization.Value<string>("standing")} {organization.Value<string>("contactRole")} {organization.Value<string>("status")} {organization.Value<bool>("active")}");
        Assert.True(replayed.Ok("registerSocialOrganization.replayed").GetValue<bool>());

        var suspended = await ChangeOrganizationAsync(staff, "suspendSocialOrganization", id, "换届未完成");
        Assert.Equal("SUSPENDED 换届未完成 False", $"{suspended.Value<string>("status")} {suspended.Value<string>("reason")} {suspended.Value<bool>("active")}");
        Assert.Equal("INVALID_ORGANIZATION_STATE", (await SendOrganizationChangeAsync(staff, "suspendSocialOrganization", id, "再次")).Code());

        var reinstated = await ChangeOrganizationAsync(TestTokens.For(TimeBankApp.CityAdmin), "reinstateSocialOrganization", id, null);
        Assert.Equal("ACTIVE", reinstated.Value<string>("status"));
        Assert.Null(reinstated["reason"]);

        var dissolved = await ChangeOrganizationAsync(TestTokens.For(city.OtherStaff), "dissolveSocialOrganization", id, "停止活动");
        Assert.Equal("DISSOLVED 停止活动", $"{dissolved.Value<string>("status")} {dissolved.Value<string>("reason")}");
        Assert.Equal("INVALID_ORGANIZATION_STATE", (await SendOrganizationChangeAsync(staff, "reinstateSocialOrganization", id, null)).Code());
        Assert.Equal("REASON_REQUIRED", (await SendOrganizationChangeAsync(staff, "dissolveSocialOrganization", id, " ")).Code());

        Assert.Equal(
            [typeof(SocialOrganizationRegistered), typeof(SocialOrganizationSuspended), typeof(SocialOrganizationReinstated), typeof(SocialOrganizationDissolved)],
            (await EventsAsync(id)).Select(e => e.GetType()));
    }

    [Fact]
    public async Task A_name_taken_in_the_community_is_refused_whatever_its_width_case_or_spaces_and_nothing_is_written()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var id = Guid.Parse((await RegisterOrganizationAsync(staff, city.CommunityId, "ABC 舞蹈队")).Ok("registerSocialOrganization.organization").Value<string>("organizationId")!);

        foreach (var variant in new[] { "ABC 舞蹈队", "ＡＢＣ　舞蹈队", " abc   舞蹈队 " })
        {
            var taken = await RegisterOrganizationAsync(staff, city.CommunityId, variant);
            Assert.Equal("SOCIAL_ORGANIZATION_NAME_TAKEN", taken.Code());
            Assert.Null(taken.At("registerSocialOrganization"));
        }

        Assert.Single(await EventsAsync(id));
        // The same name in another community is another organization.
        (await RegisterOrganizationAsync(TestTokens.For(other.Staff), other.CommunityId, "ABC 舞蹈队")).Ok("registerSocialOrganization.organization");
    }

    [Fact]
    public async Task Of_registrations_of_one_name_sent_at_once_exactly_one_is_accepted()
    {
        var city = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var otherStaff = TestTokens.For(city.OtherStaff);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            RegisterOrganizationAsync(i % 2 == 0 ? staff : otherStaff, city.CommunityId, i % 3 == 0 ? "夕阳红合唱团" : "夕阳红合唱团 ")));

        Assert.Single(answers, a => a.At("registerSocialOrganization.organization") is not null);
        Assert.Equal(5, answers.Count(a => a.Codes.SequenceEqual(["SOCIAL_ORGANIZATION_NAME_TAKEN"])));
        Assert.Single(await EventsAsync(SocialOrganizationName.IdOf(city.CommunityId, "夕阳红合唱团")));
    }

    [Fact]
    public async Task Staff_of_another_community_neither_register_nor_change_nor_list_its_organizations()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var outsider = TestTokens.For(other.Staff);
        var id = Guid.Parse((await RegisterOrganizationAsync(TestTokens.For(city.Staff), city.CommunityId, "调解小组"))
            .Ok("registerSocialOrganization.organization").Value<string>("organizationId")!);

        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await RegisterOrganizationAsync(outsider, city.CommunityId, "另一个组织")).Code());
        var suspend = await SendOrganizationChangeAsync(outsider, "suspendSocialOrganization", id, "无权");
        var suspendMissing = await SendOrganizationChangeAsync(outsider, "suspendSocialOrganization", Guid.CreateVersion7(), "无权");
        Assert.Equal("NOT_FOUND", suspend.Code());
        Assert.Equal(suspendMissing.Errors[0]!.Value<string>("message")![..20], suspend.Errors[0]!.Value<string>("message")![..20]);
        Assert.Equal("FORBIDDEN", (await ListOrganizationsAsync(outsider, city.CommunityId)).Code());
        Assert.Equal("FORBIDDEN", (await ListOrganizationsAsync(TestTokens.For(Actor.Volunteer(Guid.CreateVersion7())), city.CommunityId)).Code());
        Assert.Equal("NOT_FOUND", (await RegisterOrganizationAsync(TestTokens.For(TimeBankApp.CityAdmin), Guid.CreateVersion7(), "无处")).Code());
        Assert.Single(await EventsAsync(id));
    }

    [Fact]
    public async Task A_communitys_organizations_are_listed_page_by_page_to_its_staff_and_city_admins()
    {
        var city = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var names = Enumerable.Range(1, 5).Select(i => $"组织{i}").ToList();
        foreach (var name in names)
        {
            (await RegisterOrganizationAsync(staff, city.CommunityId, name)).Ok("registerSocialOrganization.organization");
        }

        var first = (await ListOrganizationsAsync(staff, city.CommunityId, 3)).Ok("socialOrganizations");
        Assert.True(first["pageInfo"]!.Value<bool>("hasNextPage"));
        var second = (await ListOrganizationsAsync(TestTokens.For(TimeBankApp.CityAdmin), city.CommunityId, 3, first["pageInfo"]!.Value<string>("endCursor"))).Ok("socialOrganizations");
        Assert.False(second["pageInfo"]!.Value<bool>("hasNextPage"));

        var listed = first["edges"]!.AsArray().Concat(second["edges"]!.AsArray()).Select(e => e!["node"]!.Value<string>("name")!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(listed.Select(n => SocialOrganizationName.IdOf(city.CommunityId, n)).Order(), listed.Select(n => SocialOrganizationName.IdOf(city.CommunityId, n)));
        Assert.Equal("INVALID_INPUT", (await ListOrganizationsAsync(staff, city.CommunityId, 101)).Code());
    }

    // Service stations

    [Fact]
    public async Task Staff_register_a_station_attest_its_place_facilities_and_rules_and_withdraw_one()
    {
        var city = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var stationId = Guid.CreateVersion7();

        var registered = await RegisterStationAsync(staff, city.CommunityId, stationId, " 八大关志愿服务站 ");
        Assert.Equal("八大关志愿服务站", registered.Ok("registerServiceStation.station").Value<string>("name"));
        Assert.Equal("ALREADY_EXISTS", (await RegisterStationAsync(staff, city.CommunityId, stationId, "另一站")).Code());

        (await AttestAsync(staff, stationId, "PLACE", Day(-10))).Ok("attestStationHave.station");
        (await AttestAsync(staff, stationId, "RULES", Day(0))).Ok("attestStationHave.station");
        var attested = (await AttestAsync(TestTokens.For(TimeBankApp.CityAdmin), stationId, "FACILITIES", Day(-1))).Ok("attestStationHave.station");
        Assert.Equal([("PLACE", Day(-10)), ("FACILITIES", Day(-1)), ("RULES", Day(0))],
            attested["attested"]!.AsArray().Select(a => (a!.Value<string>("have")!, a!.Value<string>("attestedOn")!)));

        var withdrawn = (await WithdrawAsync(staff, stationId, "FACILITIES", "设施损坏")).Ok("withdrawStationHave.station");
        Assert.Equal(["PLACE", "RULES"], withdrawn["attested"]!.AsArray().Select(a => a!.Value<string>("have")!));
        Assert.Equal("STATION_HAVE_NOT_ATTESTED", (await WithdrawAsync(staff, stationId, "FACILITIES", "再次")).Code());

        var listed = (await ListStationsAsync(staff, city.CommunityId)).Ok("serviceStations").AsArray();
        Assert.Equal(stationId.ToString(), Assert.Single(listed)!.Value<string>("stationId"));
        Assert.Equal(2, listed[0]!["attested"]!.AsArray().Count);
        Assert.Equal(5, (await EventsAsync(stationId)).Count);

        // The six haves this month: the attested three as attested; team, service and records from the KPI read model
        // (a test community has neither 30 volunteers nor a quarter of verified service).
        await app.Store.CaughtUpAsync();
        var haves = (await _client.SendAsync(staff, "query($id: ID!) { serviceStations(communityId: $id) { sixHaves { have met attestable } } }",
            new { id = city.CommunityId })).Ok("serviceStations").AsArray()[0]!["sixHaves"]!.AsArray();
        Assert.Equal(
            [("TEAM", false, false), ("PLACE", true, true), ("FACILITIES", false, true), ("RULES", true, true), ("SERVICE", false, false), ("RECORDS", false, false)],
            haves.Select(h => (h!.Value<string>("have")!, h!["met"]!.GetValue<bool>(), h!["attestable"]!.GetValue<bool>())));
    }

    [Fact]
    public async Task Team_service_and_records_cannot_be_attested_nor_a_day_after_today()
    {
        var city = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var stationId = Guid.CreateVersion7();
        (await RegisterStationAsync(staff, city.CommunityId, stationId, "站")).Ok("registerServiceStation.station");

        foreach (var have in new[] { "TEAM", "SERVICE", "RECORDS" })
        {
            Assert.Equal("STATION_HAVE_NOT_ATTESTABLE", (await AttestAsync(staff, stationId, have, Day(0))).Code());
        }

        Assert.Equal("INVALID_INPUT", (await AttestAsync(staff, stationId, "PLACE", Day(1))).Code());
        Assert.Single(await EventsAsync(stationId));
    }

    [Fact]
    public async Task An_attestation_for_a_station_of_another_community_is_refused_as_for_a_missing_station_and_nothing_changes()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var stationId = Guid.CreateVersion7();
        (await RegisterStationAsync(TestTokens.For(city.Staff), city.CommunityId, stationId, "站")).Ok("registerServiceStation.station");
        (await AttestAsync(TestTokens.For(city.Staff), stationId, "PLACE", Day(-1))).Ok("attestStationHave.station");
        var before = await app.LoadAsync<ServiceStation>(stationId);
        var outsider = TestTokens.For(other.Staff);
        var missing = Guid.CreateVersion7();

        var attest = await AttestAsync(outsider, stationId, "RULES", Day(0));
        var attestMissing = await AttestAsync(outsider, missing, "RULES", Day(0));
        var withdraw = await WithdrawAsync(outsider, stationId, "PLACE", "无权");

        Assert.Equal("NOT_FOUND", attest.Code());
        Assert.Equal(attestMissing.Body.Replace(missing.ToString(), "<id>", StringComparison.Ordinal), attest.Body.Replace(stationId.ToString(), "<id>", StringComparison.Ordinal));
        Assert.Equal("NOT_FOUND", withdraw.Code());
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await RegisterStationAsync(outsider, city.CommunityId, Guid.CreateVersion7(), "站")).Code());
        Assert.Equal("FORBIDDEN", (await ListStationsAsync(outsider, city.CommunityId)).Code());
        Assert.Equal(2, (await EventsAsync(stationId)).Count);
        Assert.Equal(before, await app.LoadAsync<ServiceStation>(stationId), new StationComparer());
    }

    private sealed class StationComparer : IEqualityComparer<ServiceStation?>
    {
        public bool Equals(ServiceStation? x, ServiceStation? y) =>
            x is not null && y is not null && x with { Attested = [] } == y with { Attested = [] } && x.Attested.SequenceEqual(y.Attested);

        public int GetHashCode(ServiceStation? obj) => obj?.Id.GetHashCode() ?? 0;
    }

    private Task<GraphQLAnswer> RegisterOrganizationAsync(string actor, Guid communityId, string name, Guid? commandId = null) =>
        _client.SendAsync(actor, $$"""
            mutation($input: RegisterSocialOrganizationInput!) { registerSocialOrganization(input: $input) { commandId replayed organization { {{OrganizationFields}} } } }
            """, new { input = new { commandId = commandId ?? Guid.CreateVersion7(), communityId, name, kind = "LIVING_SERVICES", standing = "FILED", contactRole = "队长" } });

    private Task<GraphQLAnswer> SendOrganizationChangeAsync(string actor, string mutation, Guid organizationId, string? reason) =>
        _client.SendAsync(actor, $$"""
            mutation($input: {{char.ToUpperInvariant(mutation[0])}}{{mutation[1..]}}Input!) { {{mutation}}(input: $input) { organization { {{OrganizationFields}} } } }
            """, reason is null
            ? new { input = (object)new { commandId = Guid.CreateVersion7(), organizationId } }
            : new { input = (object)new { commandId = Guid.CreateVersion7(), organizationId, reason } });

    private async Task<System.Text.Json.Nodes.JsonNode> ChangeOrganizationAsync(string actor, string mutation, Guid organizationId, string? reason) =>
        (await SendOrganizationChangeAsync(actor, mutation, organizationId, reason)).Ok(mutation + ".organization");

    private Task<GraphQLAnswer> ListOrganizationsAsync(string actor, Guid communityId, int first = 20, string? after = null) =>
        _client.SendAsync(actor, $$"""
            query($id: ID!, $first: Int, $after: String) { socialOrganizations(communityId: $id, first: $first, after: $after) { edges { cursor node { {{OrganizationFields}} } } pageInfo { hasNextPage endCursor } } }
            """, new { id = communityId, first, after });

    private Task<GraphQLAnswer> RegisterStationAsync(string actor, Guid communityId, Guid stationId, string name) =>
        _client.SendAsync(actor, $$"""
            mutation($input: RegisterServiceStationInput!) { registerServiceStation(input: $input) { station { {{StationFields}} } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), stationId, communityId, name } });

    private Task<GraphQLAnswer> AttestAsync(string actor, Guid stationId, string have, string attestedOn) =>
        _client.SendAsync(actor, $$"""
            mutation($input: AttestStationHaveInput!) { attestStationHave(input: $input) { station { {{StationFields}} } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), stationId, have, attestedOn } });

    private Task<GraphQLAnswer> WithdrawAsync(string actor, Guid stationId, string have, string reason) =>
        _client.SendAsync(actor, $$"""
            mutation($input: WithdrawStationHaveInput!) { withdrawStationHave(input: $input) { station { {{StationFields}} } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), stationId, have, reason } });

    private Task<GraphQLAnswer> ListStationsAsync(string actor, Guid communityId) =>
        _client.SendAsync(actor, $"query($id: ID!) {{ serviceStations(communityId: $id) {{ {StationFields} }} }}", new { id = communityId });

    private async Task<IReadOnlyList<object>> EventsAsync(Guid streamId)
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(streamId)).Select(e => e.Data)];
    }
}
