using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TimeBank.Api.Accounts;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Api.Tests.Redemptions;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.ServiceRecords;
using TimeBank.Projections;
using Wolverine;

namespace TimeBank.Api.Tests.Discovery;

/// <summary>
/// What a new user finds without knowing any UUID by heart: <c>me</c>, the lists staff and admins start from, and a
/// history whose kinds and references are typed. The real host on PostgreSQL, with real tokens.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DiscoveryTests(TimeBankApp app)
{
    private const string MeQuery = """
        { me { personId role account { volunteerId volunteerNumber } person { name maskedPhone erased }
               communities { communityId name } merchant { merchantId name } } }
        """;

    private readonly LedgerGraphQLClient _client = new(app);

    [Fact]
    public async Task Me_gives_a_volunteer_their_own_account_person_and_home_community()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();

        var me = (await _client.SendAsync(TestTokens.For(Actor.Volunteer(volunteer)), MeQuery)).Ok("me");

        Assert.Equal(volunteer.ToString(), me["personId"]!.GetValue<string>());
        Assert.Equal("VOLUNTEER", me["role"]!.GetValue<string>());
        Assert.Equal(volunteer.ToString(), me["account"]!["volunteerId"]!.GetValue<string>());
        Assert.Equal("测试志愿者", me["person"]!["name"]!.GetValue<string>());
        Assert.False(me["person"]!["erased"]!.GetValue<bool>());
        Assert.Equal([city.CommunityId.ToString()], me["communities"]!.AsArray().Select(c => c!["communityId"]!.GetValue<string>()));
        Assert.Null(me["merchant"]);
    }

    [Fact]
    public async Task Me_gives_staff_their_communities_a_cashier_its_merchant_and_an_admin_its_role_and_nobody_a_person()
    {
        var city = await TillCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var cashier = await city.ApprovedMerchantAsync();
        var unregistered = Guid.CreateVersion7();

        var staff = (await _client.SendAsync(TestTokens.For(Actor.Staff(Guid.CreateVersion7(), city.City.CommunityId, other.CommunityId, Guid.CreateVersion7())), MeQuery)).Ok("me");
        var merchant = (await _client.SendAsync(TestTokens.For(cashier), MeQuery)).Ok("me");
        var admin = (await _client.SendAsync(TestTokens.For(TimeBankApp.CityAdmin), MeQuery)).Ok("me");
        var nobody = (await _client.SendAsync(TestTokens.For(Actor.Volunteer(unregistered)), MeQuery)).Ok("me");

        Assert.Equal("STAFF", staff["role"]!.GetValue<string>());
        // A community the token names but that does not exist is left out.
        Assert.Equal(
            new[] { city.City.CommunityId, other.CommunityId }.Select(id => id.ToString()).Order(),
            staff["communities"]!.AsArray().Select(c => c!["communityId"]!.GetValue<string>()).Order());
        Assert.Equal("MERCHANT", merchant["role"]!.GetValue<string>());
        Assert.Equal(cashier.MerchantId.ToString(), merchant["merchant"]!["merchantId"]!.GetValue<string>());
        Assert.Equal([city.City.CommunityId.ToString()], merchant["communities"]!.AsArray().Select(c => c!["communityId"]!.GetValue<string>()));
        Assert.Equal("CITY_ADMIN", admin["role"]!.GetValue<string>());
        Assert.Empty(admin["communities"]!.AsArray());
        foreach (var me in new[] { staff, merchant, admin, nobody })
        {
            Assert.Null(me["person"]);
            Assert.Null(me["account"]);
        }

        Assert.Equal("VOLUNTEER", nobody["role"]!.GetValue<string>());
        Assert.Empty(nobody["communities"]!.AsArray());
    }

    [Fact]
    public async Task Me_without_a_token_is_UNAUTHENTICATED()
    {
        var answer = await _client.SendAsync(null, MeQuery);

        Assert.Equal("UNAUTHENTICATED", answer.Code());
        Assert.Null(answer.Data);
    }

    [Fact]
    public async Task Communities_are_listed_page_by_page_every_one_to_an_admin_their_own_to_staff_and_to_nobody_else()
    {
        var cities = new List<TestCity>();
        for (var i = 0; i < 3; i++)
        {
            cities.Add(await TestCity.CreateAsync(app));
        }

        const string List = "query($after: String) { communities(first: 2, after: $after) { edges { node { communityId } } pageInfo { hasNextPage endCursor hasPreviousPage } } }";
        var admin = TestTokens.For(TimeBankApp.CityAdmin);
        var listed = new List<Guid>();
        string? after = null;
        do
        {
            var page = await _client.SendAsync(admin, List, new { after });
            Assert.Equal(after is not null, page.Ok("communities.pageInfo.hasPreviousPage").GetValue<bool>());
            Assert.InRange(page.Ok("communities.edges").AsArray().Count, 0, 2);
            listed.AddRange(Ids(page));
            after = page.Ok("communities.pageInfo.hasNextPage").GetValue<bool>() ? page.Ok("communities.pageInfo.endCursor").GetValue<string>() : null;
        }
        while (after is not null);

        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.Superset(cities.Select(c => c.CommunityId).ToHashSet(), listed.ToHashSet());
        await using (var session = app.Store.QuerySession())
        {
            Assert.Equal(await session.Query<Community>().CountAsync(), listed.Count);
        }

        var staff = TestTokens.For(Actor.Staff(Guid.CreateVersion7(), cities[0].CommunityId, cities[2].CommunityId));
        var own = await _client.SendAsync(staff, "{ communities(first: 100) { edges { node { communityId } } pageInfo { hasNextPage } } }");
        Assert.Equal(new[] { cities[0].CommunityId, cities[2].CommunityId }.Order(), Ids(own).Order());

        foreach (var outsider in new[] { Actor.Volunteer(Guid.CreateVersion7()), Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7()) })
        {
            var refused = await _client.SendAsync(TestTokens.For(outsider), "{ communities { edges { node { communityId } } } }");
            Assert.Equal("FORBIDDEN", refused.Code());
        }

        Assert.Equal("INVALID_INPUT", (await _client.SendAsync(admin, "{ communities(first: 101) { pageInfo { hasNextPage } } }")).Code());
        Assert.Equal("INVALID_INPUT", (await _client.SendAsync(admin, "{ communities(after: \"bm90IGEgY3Vyc29y\") { pageInfo { hasNextPage } } }")).Code());

        static List<Guid> Ids(GraphQLAnswer answer) =>
            [.. answer.Ok("communities.edges").AsArray().Select(e => Guid.Parse(e!["node"]!["communityId"]!.GetValue<string>()))];
    }

    [Fact]
    public async Task A_community_lists_its_projects_to_everyone_signed_in_page_by_page()
    {
        var city = await TestCity.CreateAsync(app);
        var projects = new List<Guid> { city.ProjectId };
        for (var i = 0; i < 2; i++)
        {
            var projectId = Guid.CreateVersion7();
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new PublishProject(projectId, city.CommunityId, $"项目{i}", "elderly", 100, true, "活动室", city.Staff))));
            projects.Add(projectId);
        }

        const string List = "query($id: ID!, $after: String) { node(id: $id) { ... on Community { projects(first: 2, after: $after) { edges { node { projectId communityId } } pageInfo { hasNextPage endCursor } } } } }";
        var communityId = TimeBank.Api.GraphQL.Relay.GlobalId.Of(TimeBank.Api.GraphQL.Relay.GlobalId.Community, city.CommunityId);
        var volunteer = TestTokens.For(Actor.Volunteer(Guid.CreateVersion7()));
        var first = await _client.SendAsync(volunteer, List, new { id = communityId, after = (string?)null });
        var second = await _client.SendAsync(volunteer, List, new { id = communityId, after = first.Ok("node.projects.pageInfo.endCursor").GetValue<string>() });

        Assert.True(first.Ok("node.projects.pageInfo.hasNextPage").GetValue<bool>());
        Assert.False(second.Ok("node.projects.pageInfo.hasNextPage").GetValue<bool>());
        Assert.Equal(projects.Order(), Ids(first).Concat(Ids(second)));

        static IEnumerable<Guid> Ids(GraphQLAnswer answer) =>
            answer.Ok("node.projects.edges").AsArray().Select(e => Guid.Parse(e!["node"]!["projectId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_community_lists_its_volunteers_masked_to_its_staff_and_admins_and_refuses_everyone_else()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var volunteers = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var volunteerId = Guid.CreateVersion7();
            TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterVolunteer(
                volunteerId, city.CommunityId, $"ZY-{volunteerId.ToString()[^12..]}", city.Staff,
                new PersonalDetails("欧阳志愿者测试" + "甲乙丙"[i], "13800138000", TimeBank.Ledger.Accounts.NationalIdType.ResidentIdCard, "110101199003074311")))));
            volunteers.Add(volunteerId);
        }

        var erased = await city.RegisterVolunteerAsync();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ErasePersonalData(erased, city.Staff))));
        volunteers.Add(erased);

        const string List = """
            query($id: ID!, $after: String) { node(id: $id) { ... on Community {
              volunteers(first: 3, after: $after) { edges { node { volunteerId volunteerNumber maskedName erased account { volunteerId } } } pageInfo { hasNextPage endCursor } } } } }
            """;
        var communityId = TimeBank.Api.GraphQL.Relay.GlobalId.Of(TimeBank.Api.GraphQL.Relay.GlobalId.Community, city.CommunityId);
        foreach (var reader in new[] { TestTokens.For(city.Staff), TestTokens.For(TimeBankApp.CityAdmin) })
        {
            var first = await _client.SendAsync(reader, List, new { id = communityId, after = (string?)null });
            var second = await _client.SendAsync(reader, List, new { id = communityId, after = first.Ok("node.volunteers.pageInfo.endCursor").GetValue<string>() });
            var nodes = first.Ok("node.volunteers.edges").AsArray().Concat(second.Ok("node.volunteers.edges").AsArray()).Select(e => e!["node"]!).ToList();

            Assert.Equal(volunteers.Order().Select(v => v.ToString()), nodes.Select(n => n["volunteerId"]!.GetValue<string>()));
            foreach (var node in nodes)
            {
                var id = Guid.Parse(node["volunteerId"]!.GetValue<string>());
                Assert.Equal(id.ToString(), node["account"]!["volunteerId"]!.GetValue<string>());
                if (id == erased)
                {
                    Assert.True(node["erased"]!.GetValue<bool>());
                    Assert.Null(node["maskedName"]);
                    continue;
                }

                Assert.Equal($"ZY-{id.ToString()[^12..]}", node["volunteerNumber"]!.GetValue<string>());
                // The family name, the rest hidden, as on the boards (PersonalData.Masking.Name): 8 characters, 7 hidden.
                Assert.Equal("欧*******", node["maskedName"]!.GetValue<string>());
                Assert.False(node["erased"]!.GetValue<bool>());
            }

            Assert.DoesNotContain("13800138000", first.Body + second.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("110101199003074311", first.Body + second.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("欧阳志愿者测试", first.Body + second.Body, StringComparison.Ordinal);
        }

        foreach (var outsider in new[] { other.Staff, Actor.Volunteer(volunteers[0]), Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7()) })
        {
            var refused = await _client.SendAsync(TestTokens.For(outsider), List, new { id = communityId, after = (string?)null });
            Assert.Equal("FORBIDDEN", refused.Code());
            Assert.Null(refused.At("node"));
        }
    }

    /// <summary>A data key restored from a backup after an erasure opens nothing: the account's event says erased.</summary>
    [Fact]
    public async Task An_erased_volunteer_stays_erased_in_the_list_and_in_me_even_if_their_data_key_came_back()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var key = await app.LoadAsync<TimeBank.Api.PersonalData.PersonalDataKey>(volunteer);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ErasePersonalData(volunteer, city.Staff))));
        await using (var session = app.Store.LightweightSession())
        {
            session.Store(key!);
            await session.SaveChangesAsync();
        }

        var listed = await _client.SendAsync(TestTokens.For(city.Staff), "query($id: ID!) { node(id: $id) { ... on Community { volunteers { edges { node { maskedName erased } } } } } }",
            new { id = TimeBank.Api.GraphQL.Relay.GlobalId.Of(TimeBank.Api.GraphQL.Relay.GlobalId.Community, city.CommunityId) });
        var me = await _client.SendAsync(TestTokens.For(Actor.Volunteer(volunteer)), "{ me { person { name erased } } }");

        var node = Assert.Single(listed.Ok("node.volunteers.edges").AsArray())!["node"]!;
        Assert.Equal((null, true), (node["maskedName"]?.GetValue<string>(), node["erased"]!.GetValue<bool>()));
        Assert.Equal((null, true), (me.Ok("me.person")["name"]?.GetValue<string>(), me.Ok("me.person")["erased"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task History_kinds_are_an_enum_and_each_entry_names_its_service_record_hold_and_merchant()
    {
        var till = await TillCity.CreateAsync(app);
        var volunteer = await till.VolunteerWithPointsAsync(30);
        var cashier = await till.ApprovedMerchantAsync();
        var merchantId = cashier.MerchantId!.Value;
        var cashierToken = TestTokens.For(cashier);
        var held = await _client.SendAsync(cashierToken, "mutation($input: HoldPointsInput!) { holdPoints(input: $input) { hold { holdId } } }",
            new { input = new { code = await till.CodeAsync(volunteer), amount = 10, tillRequestId = Guid.CreateVersion7() } });
        var holdId = Guid.Parse(held.Ok("holdPoints.hold.holdId").GetValue<string>());
        (await _client.SendAsync(cashierToken, "mutation($input: CompleteHoldInput!) { completeHold(input: $input) { hold { status } } }",
            new { input = new { commandId = Guid.CreateVersion7(), holdId } })).Ok("completeHold.hold.status");
        (await _client.SendAsync(cashierToken, "mutation($input: RefundRedemptionInput!) { refundRedemption(input: $input) { hold { refunded } } }",
            new { input = new { holdId, amount = 4, tillRequestId = Guid.CreateVersion7() } })).Ok("refundRedemption.hold.refunded");
        var credited = (await app.LoadAsync<TimeBank.Ledger.Accounts.VolunteerAccount>(volunteer))!.Lots.Select(l => l.LotId).ToList();
        await app.Store.CaughtUpAsync();

        const string History = """
            query($id: ID!) { history(volunteerId: $id, first: 100) { edges { node {
              kind recordId serviceRecord { recordId } lotId holdId hold { holdId status refunded } merchantId merchant { merchantId } points } } } }
            """;
        var own = (await _client.SendAsync(TestTokens.For(Actor.Volunteer(volunteer)), History, new { id = volunteer })).Ok("history.edges").AsArray().Select(e => e!["node"]!).ToList();
        var asStaff = (await _client.SendAsync(TestTokens.For(till.City.Staff), History, new { id = volunteer })).Ok("history.edges").AsArray().Select(e => e!["node"]!).ToList();

        Assert.Equal(["POINTS_REFUNDED", "POINTS_REDEEMED", .. credited.Select(_ => "SERVICE_CREDITED")], own.Select(n => n["kind"]!.GetValue<string>()));
        var refunded = own[0];
        var redeemed = own[1];
        foreach (var (entry, points) in new[] { (refunded, 4L), (redeemed, -10L) })
        {
            Assert.Equal(points, entry["points"]!.GetValue<long>());
            Assert.Equal(holdId.ToString(), entry["holdId"]!.GetValue<string>());
            Assert.Equal(holdId.ToString(), entry["hold"]!["holdId"]!.GetValue<string>());
            Assert.Equal(("COMPLETED", 4L), (entry["hold"]!["status"]!.GetValue<string>(), entry["hold"]!["refunded"]!.GetValue<long>()));
            Assert.Equal(merchantId.ToString(), entry["merchantId"]!.GetValue<string>());
            // The volunteer reads no merchant (ReadAccess): the id, not the merchant.
            Assert.Null(entry["merchant"]);
            Assert.Null(entry["recordId"]);
            Assert.Null(entry["serviceRecord"]);
            Assert.Null(entry["lotId"]);
        }

        Assert.Equal(merchantId.ToString(), asStaff[1]["merchant"]!["merchantId"]!.GetValue<string>());
        foreach (var entry in own.Skip(2))
        {
            Assert.Contains(Guid.Parse(entry["recordId"]!.GetValue<string>()), credited);
            Assert.Equal(entry["recordId"]!.GetValue<string>(), entry["serviceRecord"]!["recordId"]!.GetValue<string>());
            Assert.Null(entry["holdId"]);
            Assert.Null(entry["hold"]);
            Assert.Null(entry["merchantId"]);
            Assert.Null(entry["lotId"]);
        }
    }

    [Fact]
    public async Task An_expiry_names_its_lot_and_the_record_that_earned_it_and_a_revocation_its_record()
    {
        var city = await TestCity.CreateAsync(app, TimeBankApp.InstantExpiryDistrict);
        var volunteer = await city.RegisterVolunteerAsync();
        var expiring = await city.CreditedRecordAsync(volunteer, day: 1, minutes: 120);
        await app.Services.GetRequiredService<IMessageBus>().InvokeAsync(new ExpireDuePoints());
        await city.UntilAccountAsync(volunteer, a => a.AvailablePoints == 0);
        var revoked = await city.CreditedRecordAsync(volunteer, day: 2, minutes: 60);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复登记", city.Staff))));
        await city.UntilAsync(revoked, RecordStatus.Revoked);
        await app.Store.CaughtUpAsync();

        var entries = (await _client.SendAsync(TestTokens.For(Actor.Volunteer(volunteer)),
                "query($id: ID!) { history(volunteerId: $id) { edges { node { kind recordId serviceRecord { recordId status } lotId holdId } } } }", new { id = volunteer }))
            .Ok("history.edges").AsArray().Select(e => e!["node"]!).ToList();

        var expiry = Assert.Single(entries, e => e["kind"]!.GetValue<string>() == "POINTS_EXPIRED");
        Assert.Equal(expiring.ToString(), expiry["lotId"]!.GetValue<string>());
        Assert.Equal(expiring.ToString(), expiry["recordId"]!.GetValue<string>());
        Assert.Equal(expiring.ToString(), expiry["serviceRecord"]!["recordId"]!.GetValue<string>());
        Assert.Null(expiry["holdId"]);
        var revocation = Assert.Single(entries, e => e["kind"]!.GetValue<string>() == "SERVICE_CREDIT_REVOKED");
        Assert.Equal(revoked.ToString(), revocation["recordId"]!.GetValue<string>());
        Assert.Equal("REVOKED", revocation["serviceRecord"]!["status"]!.GetValue<string>());
        Assert.Null(revocation["lotId"]);
    }

    /// <summary>
    /// A line stored before the kinds were an enum (the JSON the projection has always written: the kind's name as a string,
    /// the hold in <c>RecordId</c>) reads as the typed entry: the document's shape did not change.
    /// </summary>
    [Fact]
    public async Task A_history_line_stored_before_the_kind_was_an_enum_reads_with_its_typed_references()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteer = await city.RegisterVolunteerAsync();
        var (lineId, holdId, merchantId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var stored = new JsonObject
        {
            ["Id"] = lineId.ToString(),
            ["VolunteerId"] = volunteer.ToString(),
            ["Sequence"] = long.MaxValue - 1,
            ["Kind"] = "PointsRedeemed",
            ["RecordId"] = holdId.ToString(),
            ["ServiceMinutes"] = 0,
            ["TimeCredits"] = 0,
            ["Points"] = -7,
            ["StarLevel"] = null,
            ["At"] = "2026-11-30T08:00:00+00:00",
            ["MerchantId"] = merchantId.ToString(),
        };
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO timebank.mt_doc_volunteerhistoryentry (id, data, mt_dotnet_type, mt_version) VALUES (@id, @data::jsonb, @type, gen_random_uuid())", connection);
            insert.Parameters.AddWithValue("id", lineId);
            insert.Parameters.AddWithValue("data", stored.ToJsonString());
            insert.Parameters.AddWithValue("type", typeof(VolunteerHistoryEntry).FullName!);
            await insert.ExecuteNonQueryAsync();
        }

        var line = (await _client.SendAsync(TestTokens.For(Actor.Volunteer(volunteer)),
                "query($id: ID!) { history(volunteerId: $id, first: 1) { edges { node { id kind recordId holdId merchantId points } } } }", new { id = volunteer }))
            .Ok("history.edges").AsArray().Single()!["node"]!;

        Assert.Equal(lineId.ToString(), line["id"]!.GetValue<string>());
        Assert.Equal("POINTS_REDEEMED", line["kind"]!.GetValue<string>());
        Assert.Equal(holdId.ToString(), line["holdId"]!.GetValue<string>());
        Assert.Null(line["recordId"]);
        Assert.Equal(merchantId.ToString(), line["merchantId"]!.GetValue<string>());
        Assert.Equal(-7, line["points"]!.GetValue<long>());
    }
}
