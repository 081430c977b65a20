using TimeBank.Api.Commands;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Redemptions;

/// <summary>
/// A community with volunteers who have points, approved merchants and their cashiers, and the till's HTTP API and the
/// volunteer's GraphQL as they call them. Merchants are made through the merchant use cases, as staff make them.
/// </summary>
public sealed class TillCity(TimeBankApp app, TestCity city)
{
    public TestCity City => city;

    public static async Task<TillCity> CreateAsync(TimeBankApp app, string district = "市南区") =>
        new(app, await TestCity.CreateAsync(app, district));

    /// <summary>A volunteer with exactly <paramref name="points"/> points (the test project earns 15 points an hour).</summary>
    public async Task<Guid> VolunteerWithPointsAsync(long points)
    {
        var volunteer = await city.RegisterVolunteerAsync();
        var minutes = (int)(points * 4); // 60 min × 10 points/h × 150 % = 15 points: 4 minutes a point
        var day = 0;
        while (minutes > 0)
        {
            var slice = Math.Min(minutes, 720);
            await city.CreditedRecordAsync(volunteer, day++, hour: 8, minutes: slice);
            minutes -= slice;
        }

        var account = await city.UntilAccountAsync(volunteer, a => a.AvailablePoints == points);
        Assert.Equal(points, account.AvailablePoints);
        return volunteer;
    }

    /// <summary>A merchant of the community, registered and approved, and one of its cashiers.</summary>
    public async Task<Actor> ApprovedMerchantAsync() => await ApprovedMerchantAsync(Actor.Merchant(Guid.CreateVersion7(), Guid.CreateVersion7()));

    /// <summary>The cashier's merchant, registered in the community and approved.</summary>
    public async Task<Actor> ApprovedMerchantAsync(Actor cashier)
    {
        ArgumentNullException.ThrowIfNull(cashier);
        var merchantId = cashier.MerchantId!.Value;
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.RegisterMerchant(merchantId, city.CommunityId, "爱心超市", city.Staff))));
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.ApproveMerchant(merchantId, city.Staff))));
        return cashier;
    }

    public async Task SuspendAsync(Guid merchantId) =>
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new TimeBank.Ledger.Merchants.SuspendMerchant(merchantId, "检查", city.Staff))));

    /// <summary>The volunteer asks for a code through GraphQL, as their app does.</summary>
    public async Task<string> CodeAsync(Guid volunteerId)
    {
        var answer = await new LedgerGraphQLClient(app).SendAsync(TestTokens.For(Actor.Volunteer(volunteerId)),
            "mutation($input: IssueRedemptionCodeInput!) { issueRedemptionCode(input: $input) { redemptionCode { code expiresAt qrCodeSvg } } }",
            new { input = new { commandId = Guid.CreateVersion7() } });
        return answer.Ok("issueRedemptionCode.redemptionCode").Value<string>("code");
    }

    public Task<TillAnswer> HoldAsync(Actor cashier, string code, long amount, Guid tillRequestId) =>
        TillAsync(cashier, HttpMethod.Post, "/till/holds", new { code, amount, tillRequestId });

    public Task<TillAnswer> CompleteAsync(Actor cashier, Guid holdId) => TillAsync(cashier, HttpMethod.Post, $"/till/holds/{holdId}/complete");

    public Task<TillAnswer> VoidAsync(Actor cashier, Guid holdId) => TillAsync(cashier, HttpMethod.Post, $"/till/holds/{holdId}/void");

    public Task<TillAnswer> RefundAsync(Actor cashier, Guid holdId, long amount, Guid tillRequestId) =>
        TillAsync(cashier, HttpMethod.Post, $"/till/holds/{holdId}/refunds", new { amount, tillRequestId });

    public Task<TillAnswer> GetAsync(Actor cashier, Guid holdId) => TillAsync(cashier, HttpMethod.Get, $"/till/holds/{holdId}");

    /// <summary>A request to the till API with the caller's token (none for <see langword="null"/>) and a body (JSON unless told).</summary>
    public async Task<TillAnswer> TillAsync(
        Actor? caller, HttpMethod method, string path, object? body = null, string? rawBody = null, string contentType = "application/json")
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, System.Text.Encoding.UTF8, contentType);
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (caller is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(caller));
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new TillAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text,
            response.Headers.RetryAfter?.Delta);
    }

    public async Task<VolunteerAccount> AccountAsync(Guid volunteerId) => (await app.LoadAsync<VolunteerAccount>(volunteerId))!;

    public async Task<long> StreamVersionAsync(Guid volunteerId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(volunteerId))!.Version;
    }
}

/// <summary>
/// The real host with <see cref="ModelClock"/> as its clock, moved only by the test: lifetimes of holds and codes and
/// the minute of the code-attempt limit are crossed exactly, without waiting and without a race with the wall clock.
/// Two hosts given the same clock are two instances (or a restart) of one service.
/// </summary>
public sealed class ClockedTillApp : TimeBankApp
{
    public ModelClock Clock { get; init; } = new();

    /// <summary>Moves the clock forward to <paramref name="at"/> (never back).</summary>
    public void MoveClockTo(DateTimeOffset at)
    {
        Assert.True(at >= Clock.Now, $"The clock is at {Clock.Now:O} and does not go back to {at:O}.");
        Clock.Advance(at - Clock.Now);
    }

    /// <summary>Moves the clock to <paramref name="second"/> seconds into the next calendar minute (worked out here, not by the service).</summary>
    public void MoveClockIntoNextMinute(int second)
    {
        var now = Clock.Now;
        MoveClockTo(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1).AddSeconds(second));
    }

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
}

/// <summary>What the till API answered: status, media type and body (a hold, or problem details).</summary>
public sealed record TillAnswer(int Status, string? MediaType, string Body, TimeSpan? RetryAfter)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public Guid HoldId => Json["holdId"]!.GetValue<Guid>();

    public string? Code => MediaType == "application/problem+json" ? Json["code"]?.GetValue<string>() : null;

    /// <summary>The hold answered with 200; fails the test with the whole answer otherwise.</summary>
    public JsonObject Ok()
    {
        Assert.True(Status == 200, $"Expected 200, got {Status}: {Body}");
        return Json;
    }

    public void Refused(int status, string code)
    {
        Assert.True(Status == status && MediaType == "application/problem+json" && Code == code, $"Expected {status} {code}, got {Status} {MediaType}: {Body}");
        Assert.False(string.IsNullOrWhiteSpace(Json["detail"]?.GetValue<string>()), "A refusal says what is wrong: " + Body);
    }

    public override string ToString() => $"{Status} {Body}";
}

internal static class TillJson
{
    public static T Get<T>(this JsonObject json, string name) => json[name]!.GetValue<T>();

    public static long Points(this JsonObject json, string name) => json[name]!.GetValue<JsonElement>().GetInt64();
}
