using TimeBank.Api.Commands;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.Tests.Merchants;

/// <summary>Merchants over GraphQL on the real host: their lifecycle, who sees them, and their settlement statements (GraphQL and CSV).</summary>
public sealed class MerchantTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string MerchantFields = "id merchantId communityId name status";

    private readonly LedgerGraphQLClient _client = new(app);

    [Fact]
    public async Task A_merchant_is_registered_approved_suspended_and_reinstated_through_graphql()
    {
        var city = await TestCity.CreateAsync(app);
        var staff = TestTokens.For(city.Staff);
        var merchantId = Guid.CreateVersion7();
        var register = Guid.CreateVersion7();

        var registered = await RegisterAsync(staff, register, merchantId, city.CommunityId, " 太平角爱心超市 ");
        Assert.Equal("PENDING", registered.Ok("registerMerchant.merchant.status").GetValue<string>());
        Assert.Equal("太平角爱心超市", registered.Ok("registerMerchant.merchant.name").GetValue<string>());
        Assert.Equal(GlobalId.Of(GlobalId.Merchant, merchantId), registered.Ok("registerMerchant.merchant.id").GetValue<string>());
        var again = await RegisterAsync(staff, register, merchantId, city.CommunityId, " 太平角爱心超市 ");
        Assert.True(again.Ok("registerMerchant.replayed").GetValue<bool>());

        Assert.Equal("INVALID_MERCHANT_STATE", (await ChangeAsync(staff, "suspendMerchant", merchantId, "迟到")).Code());
        Assert.Equal("INVALID_MERCHANT_STATE", (await ChangeAsync(staff, "reinstateMerchant", merchantId)).Code());
        Assert.Equal("APPROVED", (await ChangeAsync(staff, "approveMerchant", merchantId)).Ok("approveMerchant.merchant.status").GetValue<string>());
        Assert.Equal("INVALID_MERCHANT_STATE", (await ChangeAsync(staff, "approveMerchant", merchantId)).Code());
        Assert.Equal("REASON_REQUIRED", (await ChangeAsync(staff, "suspendMerchant", merchantId, "  ")).Code());
        Assert.Equal("SUSPENDED", (await ChangeAsync(staff, "suspendMerchant", merchantId, "以积分换现金")).Ok("suspendMerchant.merchant.status").GetValue<string>());
        Assert.Equal("INVALID_MERCHANT_STATE", (await ChangeAsync(staff, "approveMerchant", merchantId)).Code());
        Assert.Equal("INVALID_MERCHANT_STATE", (await ChangeAsync(staff, "suspendMerchant", merchantId, "again")).Code());
        var admin = TestTokens.For(TimeBankApp.CityAdmin);
        Assert.Equal("APPROVED", (await ChangeAsync(admin, "reinstateMerchant", merchantId)).Ok("reinstateMerchant.merchant.status").GetValue<string>());

        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(merchantId);
        Assert.Equal(
            [typeof(MerchantRegistered), typeof(MerchantApproved), typeof(MerchantSuspended), typeof(MerchantReinstated)],
            events.Select(e => e.EventType));
        Assert.Equal("以积分换现金", events.Select(e => e.Data).OfType<MerchantSuspended>().Single().Reason);
    }

    [Fact]
    public async Task Staff_of_another_community_and_another_merchants_cashier_see_no_merchant_where_there_is_one()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var merchantId = await ApprovedMerchantAsync(city);
        var missing = Guid.CreateVersion7();
        var outsiders = new[] { TestTokens.For(other.Staff), TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7())), TestTokens.For(Actor.Volunteer(Guid.CreateVersion7())) };

        foreach (var outsider in outsiders)
        {
            foreach (var (query, variables) in new (string, Func<Guid, object>)[]
            {
                ($"query($id: ID!) {{ merchant(id: $id) {{ {MerchantFields} }} }}", id => new { id }),
                ("query($id: ID!) { node(id: $id) { id } }", id => new { id = GlobalId.Of(GlobalId.Merchant, id) }),
                ("query($id: ID!) { settlementStatement(merchantId: $id, from: \"2026-01-01\", to: \"2026-01-31\") { net } }", id => new { id }),
            })
            {
                var seen = await _client.SendAsync(outsider, query, variables(merchantId));
                var absent = await _client.SendAsync(outsider, query, variables(missing));
                Assert.Equal("NOT_FOUND", seen.Code());
                Assert.Equal(Anonymised(absent.Body, missing), Anonymised(seen.Body, merchantId));
            }

            var suspend = await ChangeAsync(outsider, "suspendMerchant", merchantId, "无权");
            var suspendMissing = await ChangeAsync(outsider, "suspendMerchant", missing, "无权");
            Assert.Equal("NOT_FOUND", suspend.Code());
            Assert.Equal(Anonymised(suspendMissing.Body, missing), Anonymised(suspend.Body, merchantId));
        }

        Assert.Equal(MerchantStatus.Approved, (await app.LoadAsync<Merchant>(merchantId))!.Status);
    }

    [Fact]
    public async Task Staff_list_every_merchant_of_their_community_page_by_page_and_a_cashier_only_its_own()
    {
        var city = await TestCity.CreateAsync(app);
        var merchants = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            merchants.Add(await ApprovedMerchantAsync(city));
        }

        var staff = TestTokens.For(city.Staff);
        const string List = "query($id: ID!, $after: String) { merchants(communityId: $id, first: 2, after: $after) { edges { node { merchantId } } pageInfo { hasNextPage endCursor } } }";
        var first = await _client.SendAsync(staff, List, new { id = city.CommunityId, after = (string?)null });
        var second = await _client.SendAsync(staff, List, new { id = city.CommunityId, after = first.Ok("merchants.pageInfo.endCursor").GetValue<string>() });

        Assert.Equal(merchants[..2], Ids(first));
        Assert.True(first.Ok("merchants.pageInfo.hasNextPage").GetValue<bool>());
        Assert.Equal(merchants[2..], Ids(second));
        Assert.False(second.Ok("merchants.pageInfo.hasNextPage").GetValue<bool>());

        var cashier = TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), merchants[1]));
        Assert.Equal([merchants[1]], Ids(await _client.SendAsync(cashier, List, new { id = city.CommunityId, after = (string?)null })));
        var own = await _client.SendAsync(cashier, $"query($id: ID!) {{ node(id: $id) {{ ... on Merchant {{ {MerchantFields} }} }} }}",
            new { id = GlobalId.Of(GlobalId.Merchant, merchants[1]) });
        Assert.Equal(merchants[1].ToString(), own.Ok("node.merchantId").GetValue<string>());
        Assert.Equal("FORBIDDEN", (await _client.SendAsync(TestTokens.For(Actor.Volunteer(Guid.CreateVersion7())), List, new { id = city.CommunityId, after = (string?)null })).Code());

        static List<Guid> Ids(GraphQLAnswer answer) =>
            [.. answer.Ok("merchants.edges").AsArray().Select(e => Guid.Parse(e!["node"]!["merchantId"]!.GetValue<string>()))];
    }

    [Fact]
    public async Task A_statement_counts_completions_and_refunds_per_utc_day_and_nothing_else()
    {
        var (city, till, days) = await RedemptionHistoryAsync();
        var cashier = TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), till.MerchantId));

        var answer = await _client.SendAsync(cashier, """
            query($id: ID!, $from: DateOnly!, $to: DateOnly!) { settlementStatement(merchantId: $id, from: $from, to: $to) {
              merchantId from to redeemed refunded net redemptions refunds days { date redeemed refunded net redemptions refunds } } }
            """, new { id = till.MerchantId, from = Iso(days[0].AddDays(-3)), to = Iso(days[2].AddDays(3)) });

        var statement = answer.Ok("settlementStatement");
        Assert.Equal(
            [$"{Iso(days[0])} 35 0 35 2 0", $"{Iso(days[1])} 30 5 25 1 1", $"{Iso(days[2])} 0 30 -30 0 1"],
            statement["days"]!.AsArray().Select(d => $"{d!["date"]} {d["redeemed"]} {d["refunded"]} {d["net"]} {d["redemptions"]} {d["refunds"]}"));
        Assert.Equal("65 35 30 3 2", $"{statement["redeemed"]} {statement["refunded"]} {statement["net"]} {statement["redemptions"]} {statement["refunds"]}");

        var staffView = await _client.SendAsync(TestTokens.For(city.Staff), """
            query($id: ID!, $day: DateOnly!) { settlementStatement(merchantId: $id, from: $day, to: $day) { net days { date } } }
            """, new { id = till.MerchantId, day = Iso(days[1]) });
        Assert.Equal(25, staffView.Ok("settlementStatement.net").GetValue<long>());
        Assert.Single(staffView.Ok("settlementStatement.days").AsArray());
    }

    [Fact]
    public async Task The_csv_export_is_exactly_the_statement_as_rfc_4180_text()
    {
        var (_, till, days) = await RedemptionHistoryAsync();
        var cashier = TestTokens.For(Actor.Merchant(Guid.CreateVersion7(), till.MerchantId));

        using var response = await GetCsvAsync(cashier, till.MerchantId, Iso(days[0]), Iso(days[2]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"settlement-{till.MerchantId}-{days[0]:yyyyMMdd}-{days[2]:yyyyMMdd}.csv", response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(
            "date,redeemed,refunded,net,redemptions,refunds\r\n"
            + $"{Iso(days[0])},35,0,35,2,0\r\n"
            + $"{Iso(days[1])},30,5,25,1,1\r\n"
            + $"{Iso(days[2])},0,30,-30,0,1\r\n",
            Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);

        using var quiet = await GetCsvAsync(cashier, till.MerchantId, Iso(days[2].AddDays(1)), Iso(days[2].AddDays(1)));
        Assert.Equal("date,redeemed,refunded,net,redemptions,refunds\r\n", await quiet.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("2026-03-10", "2026-03-09", "ends (2026-03-09) before it starts")]
    [InlineData("2025-01-01", "2026-01-02", "at most 366 days")]
    [InlineData("2026-13-01", "2026-12-31", "'from' must be a date as YYYY-MM-DD")]
    [InlineData("01/03/2026", "2026-12-31", "'from' must be a date as YYYY-MM-DD")]
    [InlineData(null, "2026-12-31", "'from' is required")]
    [InlineData("2026-01-01", "", "'to' is required")]
    public async Task A_bad_or_too_long_period_is_400_with_what_is_wrong(string? from, string? to, string message)
    {
        var city = await TestCity.CreateAsync(app);
        var merchantId = await ApprovedMerchantAsync(city);

        using var response = await GetCsvAsync(TestTokens.For(city.Staff), merchantId, from, to);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("INVALID_INPUT", problem["code"]!.GetValue<string>());
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        if (IsDate(from) && IsDate(to))
        {
            // A period GraphQL's Date scalar lets through is refused by the same rule.
            var graphql = await _client.SendAsync(TestTokens.For(city.Staff),
                "query($id: ID!, $from: DateOnly!, $to: DateOnly!) { settlementStatement(merchantId: $id, from: $from, to: $to) { net } }",
                new { id = merchantId, from, to });
            Assert.Equal("INVALID_INPUT", graphql.Code());
            Assert.Contains(message, graphql.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_csv_of_a_merchant_one_may_not_see_is_404_like_a_missing_one_and_without_a_token_401()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var merchantId = await ApprovedMerchantAsync(city);

        using var hidden = await GetCsvAsync(TestTokens.For(other.Staff), merchantId, "2026-01-01", "2026-01-31");
        using var missing = await GetCsvAsync(TestTokens.For(other.Staff), Guid.CreateVersion7(), "2026-01-01", "2026-01-31");
        using var notAnId = await GetCsvAsync(TestTokens.For(other.Staff), "not-a-merchant", "2026-01-01", "2026-01-31");
        using var anonymous = await GetCsvAsync(null, merchantId, "2026-01-01", "2026-01-31");
        using var admin = await GetCsvAsync(TestTokens.For(TimeBankApp.CityAdmin), merchantId, "2026-01-01", "2026-01-31");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Equal(WithoutTraceId(await missing.Content.ReadAsStringAsync()), WithoutTraceId(await hidden.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    /// <summary>
    /// A merchant of a fresh community and its history over three past UTC days: day 0 two completions (20, 15), a void
    /// and an expired hold; day 1 a completion (30) and a partial refund (5 of the 20); day 2 the full refund of the 30.
    /// Another merchant redeems on day 0 too; none of it is this merchant's.
    /// </summary>
    private async Task<(TestCity City, MerchantTill Till, DateOnly[] Days)> RedemptionHistoryAsync()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteerId = await city.RegisterVolunteerAsync();
        await city.CreditedRecordAsync(volunteerId, day: 1, minutes: 240);
        await city.CreditedRecordAsync(volunteerId, day: 2, minutes: 240);
        var merchantId = await ApprovedMerchantAsync(city);
        var till = new MerchantTill(app, merchantId, Actor.Merchant(Guid.CreateVersion7(), merchantId));
        var elsewhere = await ApprovedMerchantAsync(city);
        var otherTill = new MerchantTill(app, elsewhere, Actor.Merchant(Guid.CreateVersion7(), elsewhere));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        DateOnly[] days = [today.AddDays(-12), today.AddDays(-11), today.AddDays(-10)];
        var at = days.Select(d => new DateTimeOffset(d.ToDateTime(new TimeOnly(23, 40)), TimeSpan.Zero)).ToArray();

        var first = await till.RedeemAsync(volunteerId, 20, at[0].AddHours(-12));
        await till.RedeemAsync(volunteerId, 15, at[0].AddHours(-11));
        await till.RedeemAsync(volunteerId, 5, at[0].AddHours(-10), HoldEnd.Void);
        await till.RedeemAsync(volunteerId, 7, at[0].AddHours(-9), HoldEnd.Expire);
        await otherTill.RedeemAsync(volunteerId, 9, at[0].AddHours(-8));
        var third = await till.RedeemAsync(volunteerId, 30, at[1].AddHours(-12));
        await till.RefundAsync(volunteerId, first, 5, at[1].AddHours(-1));
        // 23:40 UTC is already the next day in China: the statement's day is the UTC one.
        await till.RefundAsync(volunteerId, third, 30, at[2]);

        await app.Store.CaughtUpAsync();
        return (city, till, days);
    }

    private async Task<Guid> ApprovedMerchantAsync(TestCity city)
    {
        var merchantId = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.RegisterMerchant(merchantId, city.CommunityId, "爱心超市", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.ApproveMerchant(merchantId, city.Staff))));
        return merchantId;
    }

    private Task<GraphQLAnswer> RegisterAsync(string token, Guid commandId, Guid merchantId, Guid communityId, string name) =>
        _client.SendAsync(token, $"mutation($input: RegisterMerchantInput!) {{ registerMerchant(input: $input) {{ replayed merchant {{ {MerchantFields} }} }} }}",
            new { input = new { commandId, merchantId, communityId, name } });

    private Task<GraphQLAnswer> ChangeAsync(string token, string operation, Guid merchantId, string? reason = null)
    {
        var inputType = char.ToUpperInvariant(operation[0]) + operation[1..] + "Input";
        var query = $"mutation($input: {inputType}!) {{ {operation}(input: $input) {{ merchant {{ {MerchantFields} }} }} }}";
        return reason is null
            ? _client.SendAsync(token, query, new { input = new { commandId = Guid.CreateVersion7(), merchantId } })
            : _client.SendAsync(token, query, new { input = new { commandId = Guid.CreateVersion7(), merchantId, reason } });
    }

    private Task<HttpResponseMessage> GetCsvAsync(string? token, Guid merchantId, string? from, string? to) =>
        GetCsvAsync(token, merchantId.ToString(), from, to);

    private async Task<HttpResponseMessage> GetCsvAsync(string? token, string merchantId, string? from, string? to)
    {
        using var client = app.CreateClient();
        var query = string.Join('&', new[] { ("from", from), ("to", to) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/merchants/{merchantId}/statements.csv?{query}", UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    private static bool IsDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Anonymised(string body, Guid id) =>
        body.Replace(GlobalId.Of(GlobalId.Merchant, id), "<id>", StringComparison.Ordinal).Replace(id.ToString(), "<id>", StringComparison.Ordinal);

    /// <summary>A problem document without its per-request trace id.</summary>
    private static string WithoutTraceId(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }
}
