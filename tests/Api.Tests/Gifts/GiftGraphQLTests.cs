using Marten;
using Marten.Events;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Gifts;

/// <summary>The gifts' mutations and queries through /graphql, as the apps call them (ADR 0045).</summary>
[Collection(LedgerCollection.Name)]
public sealed class GiftGraphQLTests(TimeBankApp app)
{
    [Fact]
    public async Task Relatives_confirm_a_gift_moves_credits_a_donation_fills_the_pool_and_staff_grant_from_it()
    {
        var scenario = await LedgerScenario.StartAsync(app);
        var client = scenario.Client;
        var relativeId = Guid.CreateVersion7();
        await scenario.RegisterVolunteerAsync(relativeId);
        var relative = TestTokens.For(relativeId, "volunteer");
        await scenario.RecordVerifiedServiceAsync(90);

        var relationId = (await client.SendAsync(scenario.Staff, """
            mutation($input: RecordRelationInput!) { recordRelation(input: $input) { relation { relationId state kind } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), memberId = scenario.VolunteerId, relativeId, kind = "CHILD" } }))
            .Ok("recordRelation.relation.relationId").GetValue<string>();

        // A gift along a relation not yet confirmed by both is refused, and so is confirming the other's side.
        Assert.Equal("RELATION_NOT_CONFIRMED", (await GiveAsync(client, scenario.Volunteer, relativeId, 30)).Code());
        Assert.Equal("RELATION_NOT_OWN_SIDE", (await ConfirmAsync(client, scenario.Volunteer, relationId, relativeId)).Code());
        (await ConfirmAsync(client, scenario.Volunteer, relationId, null)).Ok("confirmRelation.relation.state");
        Assert.Equal("CONFIRMED", (await ConfirmAsync(client, relative, relationId, null)).Ok("confirmRelation.relation.state").GetValue<string>());

        var given = (await GiveAsync(client, scenario.Volunteer, relativeId, 30)).Ok("giveGift.account");
        Assert.Equal(60, given["availableTimeCredits"]!.GetValue<int>());
        Assert.Equal(30, given["gifts"]!["givenThisYear"]!.GetValue<int>());
        Assert.Equal(6000 - 30, given["gifts"]!["capLeft"]!.GetValue<int>());
        Assert.Equal("NOT_A_RELATIVE", (await GiveAsync(client, relative, Guid.CreateVersion7(), 1)).Code());

        var mine = (await client.SendAsync(relative, "{ myRelatives { relationId relativeId maskedName kind state confirmedByMember confirmedByRelative } }"))
            .Ok("myRelatives").AsArray();
        var parent = Assert.Single(mine)!;
        Assert.Equal(scenario.VolunteerId.ToString(), parent["relativeId"]!.GetValue<string>());
        Assert.Equal("PARENT", parent["kind"]!.GetValue<string>());
        Assert.Equal(TimeBank.Api.PersonalData.Masking.Name("Li Wei"), parent["maskedName"]!.GetValue<string>());
        Assert.NotEqual("Li Wei", parent["maskedName"]!.GetValue<string>());

        (await client.SendAsync(scenario.Volunteer, """
            mutation($input: DonateTimeCreditsInput!) { donateTimeCredits(input: $input) { account { availableTimeCredits } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId = scenario.CommunityId, timeCredits = 20 } }))
            .Ok("donateTimeCredits.account.availableTimeCredits");

        const string Pool = "query($id: ID!) { communityPool(communityId: $id) { balance available donated movements { kind timeCredits reason } } }";
        var seenByVolunteer = (await client.SendAsync(relative, Pool, new { id = scenario.CommunityId })).Ok("communityPool");
        Assert.Equal(20, seenByVolunteer["balance"]!.GetValue<int>());
        Assert.Null(seenByVolunteer["movements"]);
        Assert.Null(seenByVolunteer["donated"]);

        Assert.Equal("REASON_REQUIRED", (await GrantAsync(client, scenario.Staff, scenario.CommunityId, relativeId, 10, " ")).Code());
        Assert.Equal("INSUFFICIENT_POOL_CREDITS", (await GrantAsync(client, scenario.Staff, scenario.CommunityId, relativeId, 21, "术后陪护")).Code());
        Assert.Equal(10, (await GrantAsync(client, scenario.Staff, scenario.CommunityId, relativeId, 10, "术后陪护")).Ok("grantFromPool.pool.balance").GetValue<int>());
        var seenByStaff = (await client.SendAsync(scenario.Staff, Pool, new { id = scenario.CommunityId })).Ok("communityPool");
        Assert.Equal(["GRANT", "DONATION"], seenByStaff["movements"]!.AsArray().Select(m => m!["kind"]!.GetValue<string>()));
        Assert.Equal("术后陪护", seenByStaff["movements"]![0]!["reason"]!.GetValue<string>());

        // The history shows the gift, the donation and the grant (built asynchronously).
        await app.Store.CaughtUpAsync();
        Assert.Equal(["POOL_GRANT_RECEIVED", "GIFT_RECEIVED"], await HistoryKindsAsync(client, relative, relativeId));
        Assert.Equal(["TIME_CREDITS_DONATED", "GIFT_GIVEN", "SERVICE_CREDITED"], await HistoryKindsAsync(client, scenario.Volunteer, scenario.VolunteerId));
    }

    private static Task<GraphQLAnswer> GiveAsync(LedgerGraphQLClient client, string actor, Guid receiverId, int timeCredits) =>
        client.SendAsync(actor, """
            mutation($input: GiveGiftInput!) { giveGift(input: $input) { account { availableTimeCredits gifts { givenThisYear capLeft } } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), receiverId, timeCredits } });

    private static Task<GraphQLAnswer> ConfirmAsync(LedgerGraphQLClient client, string actor, string relationId, Guid? memberId) =>
        client.SendAsync(actor, """
            mutation($input: ConfirmRelationInput!) { confirmRelation(input: $input) { relation { state } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), relationId, memberId } });

    private static Task<GraphQLAnswer> GrantAsync(LedgerGraphQLClient client, string actor, Guid communityId, Guid residentId, int timeCredits, string reason) =>
        client.SendAsync(actor, """
            mutation($input: GrantFromPoolInput!) { grantFromPool(input: $input) { pool { balance } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId, residentId, timeCredits, reason } });

    private static async Task<string[]> HistoryKindsAsync(LedgerGraphQLClient client, string actor, Guid volunteerId) =>
        [.. (await client.SendAsync(actor, "query($id: ID!) { history(volunteerId: $id) { edges { node { kind } } } }", new { id = volunteerId }))
            .Ok("history.edges").AsArray().Select(e => e!["node"]!["kind"]!.GetValue<string>())];
}
