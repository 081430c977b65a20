using System.Text.Json.Nodes;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>The till's HTTP API and the same use cases over GraphQL, on the real host and PostgreSQL.</summary>
[Collection(LedgerCollection.Name)]
public sealed class TillFlowTests(TimeBankApp app)
{
    [Fact]
    public async Task A_volunteer_has_several_live_codes_up_to_the_limit_and_each_holds_once()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(60);
        const string issue = "mutation($input: IssueRedemptionCodeInput!) { issueRedemptionCode(input: $input) { redemptionCode { code } } }";
        var token = TestTokens.For(Actor.Volunteer(volunteer));
        var client = new LedgerGraphQLClient(app);

        // Each request answers its own new code; a replay of the request answers the same code.
        var first = new { input = new { commandId = Guid.CreateVersion7() } };
        var codes = new List<string> { (await client.SendAsync(token, issue, first)).Ok("issueRedemptionCode.redemptionCode").Value<string>("code") };
        for (var i = 1; i < 5; i++)
        {
            codes.Add(await city.CodeAsync(volunteer));
        }

        Assert.Equal(codes[0], (await client.SendAsync(token, issue, first)).Ok("issueRedemptionCode.redemptionCode").Value<string>("code"));
        Assert.Equal(5, codes.Distinct().Count());
        Assert.Equal(codes.Order(), (await city.AccountAsync(volunteer)).Codes.Select(c => c.Value).Order());

        var refused = await client.SendAsync(token, issue, new { input = new { commandId = Guid.CreateVersion7() } });
        Assert.Equal("TOO_MANY_LIVE_CODES", refused.Code());

        // The oldest and the newest code both hold, at two tills; a used code is refused; then a new code may be issued.
        var (mart, teaHouse) = (await city.ApprovedMerchantAsync(), await city.ApprovedMerchantAsync());
        (await city.HoldAsync(mart, codes[0], 10, Guid.NewGuid())).Ok();
        (await city.HoldAsync(teaHouse, codes[4], 10, Guid.NewGuid())).Ok();
        (await city.HoldAsync(teaHouse, codes[0], 10, Guid.NewGuid())).Refused(422, "REDEMPTION_CODE_INVALID");
        Assert.Equal(codes[1..4].Order(), (await city.AccountAsync(volunteer)).Codes.Select(c => c.Value).Order());
        Assert.DoesNotContain(await city.CodeAsync(volunteer), codes);
        Assert.Equal((40L, 20L), ((await city.AccountAsync(volunteer)).AvailablePoints, (await city.AccountAsync(volunteer)).HeldPoints));
    }

    [Fact]
    public async Task A_till_holds_completes_and_refunds_and_the_volunteer_sees_the_hold()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(60);
        var cashier = await city.ApprovedMerchantAsync();

        // Typed as the volunteer's screen groups it: the spaces are only grouping.
        var code = await city.CodeAsync(volunteer);
        var held = (await city.HoldAsync(cashier, $"{code[..4]} {code[4..]}", 25, Guid.NewGuid())).Ok();
        Assert.Equal(("HELD", 25L), (held.Get<string>("status"), held.Points("amount")));
        var holdId = held.Get<Guid>("holdId");

        var account = await new LedgerGraphQLClient(app).SendAsync(TestTokens.For(Actor.Volunteer(volunteer)),
            "query($id: ID!) { account(volunteerId: $id) { availablePoints heldPoints openHolds { holdId amount status } } }", new { id = volunteer });
        var seen = account.Ok("account");
        Assert.Equal((35L, 25L), (seen.Long("availablePoints"), seen.Long("heldPoints")));
        Assert.Equal(holdId.ToString(), seen["openHolds"]!.AsArray().Single()!["holdId"]!.GetValue<string>());

        Assert.Equal("COMPLETED", (await city.CompleteAsync(cashier, holdId)).Ok().Get<string>("status"));
        Assert.Equal("COMPLETED", (await city.CompleteAsync(cashier, holdId)).Ok().Get<string>("status"));
        var refunded = (await city.RefundAsync(cashier, holdId, 10, Guid.NewGuid())).Ok();
        Assert.Equal((10L, 15L), (refunded.Points("refunded"), refunded.Points("refundable")));
        Assert.Equal(10L, (await city.GetAsync(cashier, holdId)).Ok().Points("refunded"));

        var after = await city.AccountAsync(volunteer);
        Assert.Equal((45L, 0L, 45L), (after.AvailablePoints, after.HeldPoints, after.PointsBalance));
    }

    [Fact]
    public async Task Graphql_mutations_send_the_same_commands_as_the_till()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        var client = new LedgerGraphQLClient(app);
        var token = TestTokens.For(cashier);
        var tillRequestId = Guid.NewGuid();

        var code = await city.CodeAsync(volunteer);
        var hold = await client.SendAsync(token,
            "mutation($input: HoldPointsInput!) { holdPoints(input: $input) { commandId replayed hold { holdId status amount } } }",
            new { input = new { code, amount = 12, tillRequestId } });
        var holdId = hold.Ok("holdPoints.hold").Value<string>("holdId");
        Assert.Equal(TillRequests.CommandId(cashier, tillRequestId).ToString(), holdId);

        // The same till request over HTTP is the same command: the first outcome. The same key with another body is refused.
        Assert.Equal(holdId, (await city.HoldAsync(cashier, code, 12, tillRequestId)).Ok().Get<Guid>("holdId").ToString());
        var reused = await city.HoldAsync(cashier, code, 13, tillRequestId);
        reused.Refused(409, "IDEMPOTENCY_KEY_REUSED");
        Assert.Contains("till request id was already used", reused.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var voided = await client.SendAsync(token,
            "mutation($input: VoidHoldInput!) { voidHold(input: $input) { hold { status } } }",
            new { input = new { commandId = Guid.CreateVersion7(), holdId } });
        Assert.Equal("VOIDED", voided.Ok("voidHold.hold").Value<string>("status"));

        var completed = await client.SendAsync(token,
            "mutation($input: CompleteHoldInput!) { completeHold(input: $input) { hold { status } } }",
            new { input = new { commandId = Guid.CreateVersion7(), holdId } });
        Assert.Equal("HOLD_ALREADY_ENDED", completed.Code());
        Assert.Equal(30, (await city.AccountAsync(volunteer)).AvailablePoints);
    }

    [Fact]
    public async Task The_till_api_wants_a_merchant_token()
    {
        var city = await TillCity.CreateAsync(app);
        var holdId = Guid.CreateVersion7();

        (await city.TillAsync(null, HttpMethod.Get, $"/till/holds/{holdId}")).Refused(401, "UNAUTHENTICATED");
        (await city.TillAsync(city.City.Staff, HttpMethod.Get, $"/till/holds/{holdId}")).Refused(403, "NOT_CASHIER_OF_MERCHANT");
        (await city.TillAsync(city.City.Staff, HttpMethod.Post, "/till/holds", new { code = "12345678", amount = 1, tillRequestId = Guid.NewGuid() }))
            .Refused(403, "NOT_CASHIER_OF_MERCHANT");

        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/till/holds/{holdId}", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        using var response = await client.SendAsync(request);
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_TOKEN", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_till_endpoints()
    {
        using var client = app.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var paths = document["paths"]!.AsObject();

        Assert.Equal(
            ["/till/holds", "/till/holds/{holdId}", "/till/holds/{holdId}/complete", "/till/holds/{holdId}/refunds", "/till/holds/{holdId}/void"],
            paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(paths["/till/holds"]!["post"]!["requestBody"]);
        Assert.NotNull(paths["/till/holds"]!["post"]!["responses"]!["422"]);
        Assert.NotNull(paths["/till/holds/{holdId}"]!["get"]!["responses"]!["200"]);
    }
}
