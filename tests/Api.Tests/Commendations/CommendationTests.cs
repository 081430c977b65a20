using Marten;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Commendations;

/// <summary>Commendations (嘉许) over GraphQL on the real host: granted, read in the volunteer's account, withdrawn once, hidden from everyone else.</summary>
public sealed class CommendationTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Fields =
        "commendationId volunteerId communityId title reason awardedOn grantingBody grantedBy grantedAt withdrawn withdrawalReason withdrawnBy withdrawnAt";

    private readonly LedgerGraphQLClient _client = new(app);

    private static string Yesterday => ChinaTime.DayOf(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Staff_grant_a_commendation_the_volunteer_reads_in_their_account_and_a_replay_changes_nothing()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        var staff = TestTokens.For(city.Staff);
        var commandId = Guid.CreateVersion7();

        var granted = await GrantAsync(staff, commandId, volunteerId, city.CommunityId);
        var replayed = await GrantAsync(staff, commandId, volunteerId, city.CommunityId);

        var commendation = granted.Ok("grantCommendation.commendation");
        Assert.False(granted.Ok("grantCommendation.replayed").GetValue<bool>());
        Assert.Equal(commandId.ToString(), commendation.Value<string>("commendationId"));
        Assert.Equal("优秀志愿者 优秀社区志愿者，三年如一日陪伴独居老人 八大关街道办事处 " + Yesterday + " False",
            $"{commendation.Value<string>("title")} {commendation.Value<string>("reason")} {commendation.Value<string>("grantingBody")} {commendation.Value<string>("awardedOn")} {commendation.Value<bool>("withdrawn")}");
        Assert.Equal(city.Staff.PersonId.ToString(), commendation.Value<string>("grantedBy"));
        Assert.True(replayed.Ok("grantCommendation.replayed").GetValue<bool>());
        Assert.Equal(commendation.ToJsonString(), replayed.Ok("grantCommendation.commendation").ToJsonString());
        Assert.Single(await EventsAsync(commandId));

        var volunteer = TestTokens.For(Actor.Volunteer(volunteerId));
        var own = await ListAsync(volunteer, volunteerId);
        Assert.Equal([commandId.ToString()], own.Ok("commendations").AsArray().Select(c => c!.Value<string>("commendationId")));
        Assert.Equal(city.CommunityId.ToString(), own.Ok("commendations").AsArray()[0]!.Value<string>("communityId"));
        var account = await _client.SendAsync(volunteer, $"query($id: ID!) {{ account(volunteerId: $id) {{ commendations {{ {Fields} community {{ name }} }} }} }}", new { id = volunteerId });
        Assert.Equal(own.Ok("commendations").AsArray()[0]!["title"]!.ToJsonString(), account.Ok("account.commendations").AsArray()[0]!["title"]!.ToJsonString());
        Assert.Equal("八大关社区", account.Ok("account.commendations").AsArray()[0]!["community"]!.Value<string>("name"));
    }

    [Fact]
    public async Task A_withdrawn_commendation_shows_as_withdrawn_and_is_not_withdrawn_twice()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        var commendationId = Guid.CreateVersion7();
        (await GrantAsync(TestTokens.For(city.Staff), commendationId, volunteerId, city.CommunityId)).Ok("grantCommendation.commendation");

        var withdrawn = await WithdrawAsync(TestTokens.For(city.OtherStaff), commendationId, " 事迹核实有误 ");
        var twice = await WithdrawAsync(TestTokens.For(TimeBankApp.CityAdmin), commendationId, "再次撤销");
        var reasonless = await WithdrawAsync(TestTokens.For(city.Staff), commendationId, " ");

        Assert.True(withdrawn.Ok("withdrawCommendation.commendation.withdrawn").GetValue<bool>());
        Assert.Equal("ALREADY_REVOKED", twice.Code());
        Assert.Contains("already withdrawn", twice.Errors[0]!.Value<string>("message"), StringComparison.Ordinal);
        Assert.Equal("ALREADY_REVOKED", reasonless.Code());
        var seen = (await ListAsync(TestTokens.For(Actor.Volunteer(volunteerId)), volunteerId)).Ok("commendations").AsArray().Single()!;
        Assert.True(seen.Value<bool>("withdrawn"));
        Assert.Equal("事迹核实有误", seen.Value<string>("withdrawalReason"));
        Assert.Equal(city.OtherStaff.PersonId.ToString(), seen.Value<string>("withdrawnBy"));
        Assert.Equal("优秀志愿者", seen.Value<string>("title"));
        Assert.Equal([typeof(CommendationGranted), typeof(CommendationWithdrawn)], (await EventsAsync(commendationId)).Select(e => e.GetType()));
    }

    [Fact]
    public async Task Staff_of_another_community_cannot_grant_in_its_name_and_nothing_is_written()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        var commendationId = Guid.CreateVersion7();

        var refused = await GrantAsync(TestTokens.For(other.Staff), commendationId, volunteerId, city.CommunityId);
        var inTheCitysName = await GrantAsync(TestTokens.For(city.Staff), Guid.CreateVersion7(), volunteerId, communityId: null);

        Assert.Equal("NOT_STAFF_OF_COMMUNITY", refused.Code());
        Assert.Null(refused.At("grantCommendation"));
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", inTheCitysName.Code());
        Assert.Empty(await EventsAsync(commendationId));
        Assert.Null(await app.LoadAsync<Commendation>(commendationId));
        Assert.Empty((await ListAsync(TestTokens.For(Actor.Volunteer(volunteerId)), volunteerId)).Ok("commendations").AsArray());
    }

    [Fact]
    public async Task Another_volunteer_and_staff_of_another_community_see_no_commendations_where_there_are_some()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        var otherVolunteerId = await other.RegisterVolunteerAsync();
        var commendationId = Guid.CreateVersion7();
        (await GrantAsync(TestTokens.For(city.Staff), commendationId, volunteerId, city.CommunityId)).Ok("grantCommendation.commendation");
        var missing = Guid.CreateVersion7();

        foreach (var outsider in new[] { TestTokens.For(Actor.Volunteer(otherVolunteerId)), TestTokens.For(other.Staff), TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7())) })
        {
            var seen = await ListAsync(outsider, volunteerId);
            var absent = await ListAsync(outsider, missing);
            Assert.Equal("NOT_FOUND", seen.Code());
            Assert.Equal(absent.Body.Replace(missing.ToString(), "<id>", StringComparison.Ordinal), seen.Body.Replace(volunteerId.ToString(), "<id>", StringComparison.Ordinal));

            var withdraw = await WithdrawAsync(outsider, commendationId, "无权");
            var withdrawMissing = await WithdrawAsync(outsider, missing, "无权");
            Assert.Equal("NOT_FOUND", withdraw.Code());
            Assert.Equal(withdrawMissing.Body.Replace(missing.ToString(), "<id>", StringComparison.Ordinal), withdraw.Body.Replace(commendationId.ToString(), "<id>", StringComparison.Ordinal));
        }

        Assert.Single(await EventsAsync(commendationId));
    }

    [Fact]
    public async Task A_city_admin_grants_in_the_citys_name_and_staff_of_a_granting_community_see_only_their_communitys()
    {
        var home = await TestCity.CreateAsync(app);
        var granting = await TestCity.CreateAsync(app);
        var volunteerId = await home.RegisterVolunteerAsync();
        var citys = Guid.CreateVersion7();
        var grantingCommunitys = Guid.CreateVersion7();

        var byTheCity = await GrantAsync(TestTokens.For(TimeBankApp.CityAdmin), citys, volunteerId, communityId: null, awardedOn: Yesterday);
        (await GrantAsync(TestTokens.For(granting.Staff), grantingCommunitys, volunteerId, granting.CommunityId)).Ok("grantCommendation.commendation");

        Assert.Null(byTheCity.Ok("grantCommendation.commendation")["communityId"]);
        // The latest awarded first; on the same day, the latest granted first.
        Assert.Equal([grantingCommunitys, citys], Ids(await ListAsync(TestTokens.For(home.Staff), volunteerId)));
        Assert.Equal([grantingCommunitys, citys], Ids(await ListAsync(TestTokens.For(TimeBankApp.CityAdmin), volunteerId)));
        Assert.Equal([grantingCommunitys], Ids(await ListAsync(TestTokens.For(granting.Staff), volunteerId)));
        Assert.Equal("NOT_FOUND", (await WithdrawAsync(TestTokens.For(home.Staff), citys, "无权")).Code());
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await WithdrawAsync(TestTokens.For(Actor.Volunteer(volunteerId)), citys, "不要")).Code());

        static List<Guid> Ids(GraphQLAnswer answer) => [.. answer.Ok("commendations").AsArray().Select(c => Guid.Parse(c!.Value<string>("commendationId")))];
    }

    [Fact]
    public async Task A_commendation_awarded_after_today_or_for_nobody_is_refused()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        var staff = TestTokens.For(city.Staff);
        var tomorrow = ChinaTime.DayOf(DateTimeOffset.UtcNow).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("INVALID_INPUT", (await GrantAsync(staff, Guid.CreateVersion7(), volunteerId, city.CommunityId, awardedOn: tomorrow)).Code());
        Assert.Equal("VOLUNTEER_NOT_FOUND", (await GrantAsync(staff, Guid.CreateVersion7(), Guid.CreateVersion7(), city.CommunityId)).Code());
        Assert.Equal("TEXT_TOO_LONG", (await GrantAsync(staff, Guid.CreateVersion7(), volunteerId, city.CommunityId, title: new string('优', 51))).Code());
        Assert.Equal("INVALID_INPUT", (await GrantAsync(staff, Guid.CreateVersion7(), volunteerId, city.CommunityId, title: " ")).Code());
    }

    private Task<GraphQLAnswer> GrantAsync(
        string actor, Guid commandId, Guid volunteerId, Guid? communityId, string? awardedOn = null, string title = " 优秀志愿者 ") =>
        _client.SendAsync(actor, $$"""
            mutation($input: GrantCommendationInput!) { grantCommendation(input: $input) { commandId replayed commendation { {{Fields}} } } }
            """, new
        {
            input = new
            {
                commandId,
                volunteerId,
                communityId,
                title,
                reason = "优秀社区志愿者，三年如一日陪伴独居老人",
                awardedOn = awardedOn ?? Yesterday,
                grantingBody = "八大关街道办事处",
            },
        });

    private Task<GraphQLAnswer> WithdrawAsync(string actor, Guid commendationId, string reason) =>
        _client.SendAsync(actor, $$"""
            mutation($input: WithdrawCommendationInput!) { withdrawCommendation(input: $input) { commandId replayed commendation { {{Fields}} } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), commendationId, reason } });

    private Task<GraphQLAnswer> ListAsync(string actor, Guid volunteerId) =>
        _client.SendAsync(actor, $"query($id: ID!) {{ commendations(volunteerId: $id) {{ {Fields} }} }}", new { id = volunteerId });

    private async Task<IReadOnlyList<object>> EventsAsync(Guid commendationId)
    {
        await using var session = app.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(commendationId)).Select(e => e.Data)];
    }
}
