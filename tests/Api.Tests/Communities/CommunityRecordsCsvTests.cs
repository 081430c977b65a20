using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.ServiceRecords;

namespace TimeBank.Api.Tests.Communities;

/// <summary><c>GET /communities/{id}/records.csv</c>: a community's verified records of a period, by volunteer number, for its staff and city admins.</summary>
public sealed class CommunityRecordsCsvTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    [Fact]
    public async Task Staff_export_the_verified_records_of_the_period_oldest_first_by_volunteer_number_only()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        var ana = await city.RegisterVolunteerAsync();
        var ben = await city.RegisterVolunteerAsync();
        var stranger = await other.RegisterVolunteerAsync();
        await city.CreditedRecordAsync(ana, day: 1, hour: 2, minutes: 90);
        await city.CreditedRecordAsync(ben, day: 3);
        await city.CreditedRecordAsync(ana, day: 3, hour: 11, minutes: 30);
        await city.CreditedRecordAsync(ben, day: 5); // before the period
        await city.SubmitAsync(ana, day: 2); // not verified
        var revoked = await city.CreditedRecordAsync(ben, day: 2);
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RevokeServiceRecord(revoked, "重复登记", city.Staff))));
        await other.CreditedRecordAsync(stranger, day: 2); // another community's
        var (from, to) = (Day(TestCity.Slot(3).Start), Day(TestCity.Slot(1).Start));

        using var response = await GetAsync(TestTokens.For(city.Staff), city.CommunityId.ToString(), $"from={from}&to={to}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"records-{city.CommunityId}-{from.Replace("-", "", StringComparison.Ordinal)}-{to.Replace("-", "", StringComparison.Ordinal)}.csv",
            response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var number = new Dictionary<Guid, string>
        {
            [ana] = (await app.LoadAsync<VolunteerAccount>(ana))!.VolunteerNumber,
            [ben] = (await app.LoadAsync<VolunteerAccount>(ben))!.VolunteerNumber,
        };
        Assert.Equal(
            "date,started_at,ended_at,volunteer_number,project,category,place,minutes,hours\r\n"
            + Row(TestCity.Slot(3), number[ben], 60, "1")
            + Row(TestCity.Slot(3, 11, 30), number[ana], 30, "0.5")
            + Row(TestCity.Slot(1, 2, 90), number[ana], 90, "1.5"),
            Encoding.UTF8.GetString(bytes[3..]));
        Assert.DoesNotContain("测试志愿者", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        using var admin = await GetAsync(TestTokens.For(TimeBankApp.CityAdmin), city.CommunityId.ToString(), $"from={from}&to={to}");
        Assert.Equal(bytes, await admin.Content.ReadAsByteArrayAsync());

        static string Row((DateTimeOffset Start, DateTimeOffset End) slot, string volunteerNumber, int minutes, string hours) =>
            $"{Day(slot.Start)},{Instant(slot.Start)},{Instant(slot.End)},{volunteerNumber},助老服务,elderly,活动室,{minutes},{hours}\r\n";
    }

    [Fact]
    public async Task Only_staff_of_the_community_and_city_admins_export_it()
    {
        var city = await TestCity.CreateAsync(app);
        var other = await TestCity.CreateAsync(app);
        const string period = "from=2026-01-01&to=2026-01-31";

        foreach (var (token, communityId, status) in new (string?, string, HttpStatusCode)[]
        {
            (TestTokens.For(other.Staff), city.CommunityId.ToString(), HttpStatusCode.Forbidden),
            (TestTokens.For(Actor.Volunteer(Guid.CreateVersion7())), city.CommunityId.ToString(), HttpStatusCode.Forbidden),
            (TestTokens.For(city.Staff), "not-a-community", HttpStatusCode.Forbidden),
            (null, city.CommunityId.ToString(), HttpStatusCode.Unauthorized),
            (TestTokens.For(city.Staff), city.CommunityId.ToString(), HttpStatusCode.OK),
        })
        {
            using var response = await GetAsync(token, communityId, period);
            Assert.Equal(status, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("from=2026-03-10&to=2026-03-09", "ends (2026-03-09) before it starts")]
    [InlineData("from=2025-01-01&to=2026-01-02", "at most 366 days")]
    [InlineData("from=2026-13-01&to=2026-12-31", "'from' must be a date as YYYY-MM-DD")]
    [InlineData("from=01/03/2026&to=2026-12-31", "'from' must be a date as YYYY-MM-DD")]
    [InlineData("to=2026-12-31", "'from' is required")]
    [InlineData("from=2026-01-01&to=", "'to' is required")]
    public async Task A_bad_or_too_long_period_is_400_with_what_is_wrong(string query, string message)
    {
        var city = await TestCity.CreateAsync(app);

        using var response = await GetAsync(TestTokens.For(city.Staff), city.CommunityId.ToString(), query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("INVALID_INPUT", problem["code"]!.GetValue<string>());
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Day(DateTimeOffset at) => TimeBank.Ledger.Units.ChinaTime.DayOf(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> GetAsync(string? token, string communityId, string query)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/communities/{communityId}/records.csv?{query}", UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }
}
