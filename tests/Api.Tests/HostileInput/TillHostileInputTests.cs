using Marten;
using TimeBank.Api.Accounts.Redemptions;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Redemptions;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.HostileInput;

/// <summary>
/// Hostile requests to the till's HTTP API: each a 4xx (never a 500), a refusal with a code where the request reached the
/// API, and no event, hold or code written by any of them. The host has a database of its own.
/// </summary>
public sealed class TillHostileInputTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    [Fact]
    public async Task Hostile_till_requests_are_refused_and_write_nothing()
    {
        var city = await TillCity.CreateAsync(app);
        var volunteer = await city.VolunteerWithPointsAsync(30);
        var cashier = await city.ApprovedMerchantAsync();
        await city.CodeAsync(volunteer);
        var before = await CountAsync();
        var id = Guid.NewGuid();
        var hold = "/till/holds";

        (Actor? Caller, HttpMethod Method, string Path, string? Body)[] cases =
        [
            (cashier, HttpMethod.Post, hold, ""),
            (cashier, HttpMethod.Post, hold, "null"),
            (cashier, HttpMethod.Post, hold, "{"),
            (cashier, HttpMethod.Post, hold, "\"a string\""),
            (cashier, HttpMethod.Post, hold, new string('[', 10_000)),
            (cashier, HttpMethod.Post, hold, "{\"code\": null, \"amount\": 1, \"tillRequestId\": \"" + id + "\"}"),
            (cashier, HttpMethod.Post, hold, "{\"code\": \"12345678\", \"amount\": 1, \"tillRequestId\": \"not-a-uuid\"}"),
            (cashier, HttpMethod.Post, hold, "{\"code\": \"12345678\", \"amount\": 1.5, \"tillRequestId\": \"" + id + "\"}"),
            (cashier, HttpMethod.Post, hold, "{\"code\": \"12345678\", \"amount\": -9223372036854775808, \"tillRequestId\": \"" + id + "\"}"),
            (cashier, HttpMethod.Post, hold, "{\"code\": \"' or 1=1 --\", \"amount\": 1, \"tillRequestId\": \"" + Guid.NewGuid() + "\"}"),
            (cashier, HttpMethod.Post, hold, "{\"code\": \"" + new string('9', 100_000) + "\", \"amount\": 1, \"tillRequestId\": \"" + Guid.NewGuid() + "\"}"),
            (cashier, HttpMethod.Post, $"{hold}/{Guid.NewGuid()}/refunds", "{\"amount\": 99999999999999999999, \"tillRequestId\": \"" + id + "\"}"),
            (cashier, HttpMethod.Post, $"{hold}/{Guid.NewGuid()}/refunds", "{}"),
            (cashier, HttpMethod.Post, $"{hold}/{Guid.NewGuid()}/complete", null),
            (cashier, HttpMethod.Post, $"{hold}/..%2F..%2Fgraphql/void", null),
            (cashier, HttpMethod.Delete, $"{hold}/{Guid.NewGuid()}", null),
            (null, HttpMethod.Post, hold, "{\"code\": \"12345678\", \"amount\": 1, \"tillRequestId\": \"" + Guid.NewGuid() + "\"}"),
            (Actor.CityAdmin(Guid.NewGuid()), HttpMethod.Post, hold, "{\"code\": \"12345678\", \"amount\": 1, \"tillRequestId\": \"" + Guid.NewGuid() + "\"}"),
        ];

        var failures = new List<string>();
        foreach (var (caller, method, path, body) in cases)
        {
            var answer = await city.TillAsync(caller, method, path, rawBody: body);
            if (answer.Status is < 400 or >= 500 || (answer.MediaType == "application/problem+json" && answer.Code is null))
            {
                failures.Add($"{method} {path} {Shorten(body)} → {answer.Status} {Shorten(answer.Body)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(before, await CountAsync());
    }

    private async Task<(long Events, int Holds, int Codes)> CountAsync()
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().LongCountAsync();
        return (events, await session.Query<Hold>().CountAsync(), await session.Query<RedemptionCodeLookup>().CountAsync());
    }

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length > 120 ? text[..120] + "…" : text;
}
