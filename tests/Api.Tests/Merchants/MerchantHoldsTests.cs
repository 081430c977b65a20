using System.Text.Json.Nodes;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Tests.Merchants;

/// <summary>
/// The two reads of issue 19's till and volunteer pages: a merchant's holds of a day (<c>Merchant.holds</c>), and where
/// points can be spent (<c>merchantsTakingPoints</c>); what each shows and to whom.
/// </summary>
public sealed class MerchantHoldsTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Holds = """
        query($id: ID!, $day: DateOnly!, $first: Int, $after: String) { merchant(id: $id) { holds(day: $day, first: $first, after: $after) {
          edges { node { holdId merchantId status amount refunded refundable heldAt completedAt } } pageInfo { hasNextPage endCursor } } } }
        """;

    private readonly LedgerGraphQLClient _client = new(app);

    [Fact]
    public async Task A_merchants_holds_of_a_utc_day_are_listed_newest_first_page_by_page_and_no_one_elses()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        await city.CreditedRecordAsync(volunteerId, day: 1, minutes: 240);
        await city.CreditedRecordAsync(volunteerId, day: 2, minutes: 240);
        var merchantId = await ApprovedMerchantAsync(city);
        var till = new MerchantTill(app, merchantId, Actor.Merchant(Guid.CreateVersion7(), merchantId));
        var elsewhere = await ApprovedMerchantAsync(city);
        var otherTill = new MerchantTill(app, elsewhere, Actor.Merchant(Guid.CreateVersion7(), elsewhere));
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-5);
        var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

        var completed = await till.RedeemAsync(volunteerId, 20, noon.AddHours(-11));
        var voided = await till.RedeemAsync(volunteerId, 5, noon.AddHours(-10), HoldEnd.Void);
        var latest = await till.RedeemAsync(volunteerId, 7, noon.AddHours(-9));
        await otherTill.RedeemAsync(volunteerId, 9, noon.AddHours(-8));
        // Held the day before (23:59:00 UTC, 07:59 the next morning in China) and the day after: not this UTC day's.
        await till.RedeemAsync(volunteerId, 1, noon.AddHours(-12).AddMinutes(-1).AddSeconds(-20));
        await till.RedeemAsync(volunteerId, 2, noon.AddHours(12));
        await till.RefundAsync(volunteerId, completed, 6, noon.AddDays(1));
        var cashier = TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), merchantId));

        var first = await _client.SendAsync(cashier, Holds, new { id = merchantId, day = Iso(day), first = 2, after = (string?)null });
        var second = await _client.SendAsync(cashier, Holds, new { id = merchantId, day = Iso(day), first = 2, after = first.Ok("merchant.holds.pageInfo.endCursor").GetValue<string>() });

        Assert.Equal([latest, voided], Ids(first));
        Assert.True(first.Ok("merchant.holds.pageInfo.hasNextPage").GetValue<bool>());
        Assert.Equal([completed], Ids(second));
        Assert.False(second.Ok("merchant.holds.pageInfo.hasNextPage").GetValue<bool>());
        var rows = first.Ok("merchant.holds.edges").AsArray().Concat(second.Ok("merchant.holds.edges").AsArray()).Select(e => e!["node"]!).ToList();
        Assert.Equal(["COMPLETED 7 0 7", "VOIDED 5 0 0", "COMPLETED 20 6 14"], rows.Select(h => $"{h["status"]} {h["amount"]} {h["refunded"]} {h["refundable"]}"));
        Assert.All(rows, h => Assert.Equal(merchantId.ToString(), h["merchantId"]!.GetValue<string>()));

        // The merchant's community's staff read them too (as they read its statements); nobody else reaches them.
        Assert.Equal(3, (await _client.SendAsync(TestTokens.For(city.Staff), Holds, new { id = merchantId, day = Iso(day), first = 10, after = (string?)null }))
            .Ok("merchant.holds.edges").AsArray().Count);
        var other = await TestCity.CreateAsync(app);
        foreach (var outsider in new[] { TestTokens.For(other.Staff), TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), elsewhere)), TestTokens.For(Actor.Volunteer(volunteerId)) })
        {
            var refused = await _client.SendAsync(outsider, Holds, new { id = merchantId, day = Iso(day), first = 10, after = (string?)null });
            Assert.Equal("NOT_FOUND", refused.Code());
            Assert.Null(refused.At("merchant"));
        }

        Assert.Equal("INVALID_INPUT", (await _client.SendAsync(cashier, Holds, new { id = merchantId, day = Iso(day), first = 2, after = "bm90IGEgY3Vyc29y" })).Code());

        static List<Guid> Ids(GraphQLAnswer answer) =>
            [.. answer.Ok("merchant.holds.edges").AsArray().Select(e => Guid.Parse(e!["node"]!["holdId"]!.GetValue<string>()))];
    }

    [Fact]
    public async Task A_hold_and_a_merchant_taking_points_tell_nothing_of_the_volunteer_or_of_the_merchants_books()
    {
        var answer = await _client.SendAsync(TestTokens.For(TimeBankApp.CityAdmin), """
            { hold: __type(name: "Hold") { fields { name } } taking: __type(name: "MerchantTakingPoints") { fields { name } } }
            """);

        Assert.DoesNotContain(Names(answer.Ok("hold")), name => name.Contains("volunteer", StringComparison.OrdinalIgnoreCase) || name.Contains("code", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["community", "communityId", "merchantId", "name"], Names(answer.Ok("taking")).Order(StringComparer.Ordinal));

        static IEnumerable<string> Names(JsonNode type) => type["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Where_points_can_be_spent_lists_approved_merchants_of_the_whole_city_the_readers_own_community_first()
    {
        var a = await TestCity.CreateAsync(app);
        var b = await TestCity.CreateAsync(app);
        var approved = new[] { await ApprovedMerchantAsync(a), await ApprovedMerchantAsync(a) };
        var pending = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterMerchant(pending, a.CommunityId, "待审核超市", a.Staff))));
        var suspended = await ApprovedMerchantAsync(a);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new SuspendMerchant(suspended, "暂停", a.Staff))));
        var nearHome = await ApprovedMerchantAsync(b);
        var volunteerOfB = TestTokens.For(Actor.Volunteer(await b.RegisterVolunteerAsync()));
        const string List = """
            query($community: ID, $first: Int, $after: String) { merchantsTakingPoints(communityId: $community, first: $first, after: $after) {
              edges { node { merchantId name communityId community { name } } } pageInfo { hasNextPage endCursor } } }
            """;

        // Community A's: only the approved ones, in the order they were registered, with their community's name.
        var ofA = await _client.SendAsync(volunteerOfB, List, new { community = a.CommunityId, first = 100, after = (string?)null });
        Assert.Equal(approved, Ids(ofA));
        Assert.All(ofA.Ok("merchantsTakingPoints.edges").AsArray(), e => Assert.False(string.IsNullOrEmpty(e!["node"]!["community"]!["name"]!.GetValue<string>())));

        // The whole city: the volunteer's home community (B) first, then every other, page by page, none twice.
        var first = await _client.SendAsync(volunteerOfB, List, new { community = (Guid?)null, first = 1, after = (string?)null });
        Assert.Equal([nearHome], Ids(first));
        Assert.True(first.Ok("merchantsTakingPoints.pageInfo.hasNextPage").GetValue<bool>());
        var seen = new List<Guid>(Ids(first));
        var after = first.Ok("merchantsTakingPoints.pageInfo.endCursor").GetValue<string>();
        while (after is not null)
        {
            var page = await _client.SendAsync(volunteerOfB, List, new { community = (Guid?)null, first = 100, after });
            seen.AddRange(Ids(page));
            after = page.Ok("merchantsTakingPoints.pageInfo.hasNextPage").GetValue<bool>() ? page.Ok("merchantsTakingPoints.pageInfo.endCursor").GetValue<string>() : null;
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), approved.ToHashSet());
        Assert.DoesNotContain(pending, seen);
        Assert.DoesNotContain(suspended, seen);

        // A's staff see A's first; anonymous callers nothing.
        Assert.Equal(approved[0], Ids(await _client.SendAsync(TestTokens.For(a.Staff), List, new { community = (Guid?)null, first = 1, after = (string?)null }))[0]);
        Assert.Equal("UNAUTHENTICATED", (await _client.SendAsync(null, List, new { community = (Guid?)null, first = 1, after = (string?)null })).Code());

        static List<Guid> Ids(GraphQLAnswer answer) =>
            [.. answer.Ok("merchantsTakingPoints.edges").AsArray().Select(e => Guid.Parse(e!["node"]!["merchantId"]!.GetValue<string>()))];
    }

    private async Task<Guid> ApprovedMerchantAsync(TestCity city)
    {
        var merchantId = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterMerchant(merchantId, city.CommunityId, "爱心超市", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new ApproveMerchant(merchantId, city.Staff))));
        return merchantId;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
