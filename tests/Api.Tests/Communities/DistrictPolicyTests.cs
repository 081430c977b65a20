using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Communities;

/// <summary>
/// <c>districtPolicy</c>: what is in force in a district — its own configured rules, or the product's defaults — read by
/// the city office only: city admins every district's, a district admin their own (the other callers: the matrix).
/// </summary>
public sealed class DistrictPolicyTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Query = """
        query($district: String!) {
          districtPolicy(district: $district) {
            district ownPolicy defaultPointsPerHour pointsPerHourByCategory { category pointsPerHour } starThresholdMinutes
            pointsExpiryMonths timeCreditCapMinutes maxRecordMinutes redemptionCodeDigits redemptionCodeSeconds maxLiveRedemptionCodes
            holdSeconds refundWindowDays autoIssueCertificates activeMonthsRequired activeWindowMonths activeRatioTargetPercent
            socialOrganizationTarget stationTeamMinVolunteers stationServiceMinProjects stationRecordsMinVerified
          }
        }
        """;

    private readonly LedgerGraphQLClient client = new(app);

    private static string CityAdmin => TestTokens.For(Actor.CityAdmin(Guid.CreateVersion7()));

    [Fact]
    public async Task A_city_admin_reads_a_districts_own_rules_and_the_defaults_beside_them()
    {
        await TestCity.CreateAsync(app, TimeBankApp.LowStarDistrict);

        var policy = (await client.SendAsync(CityAdmin, Query, new { district = TimeBankApp.LowStarDistrict })).Ok("districtPolicy");

        Assert.Equal(TimeBankApp.LowStarDistrict, policy["district"]!.GetValue<string>());
        Assert.True(policy["ownPolicy"]!.GetValue<bool>());
        // The test host gives this district 1 to 5 hours for 1★ to 5★; everything else is the product's default.
        Assert.Equal([60L, 120L, 180L, 240L, 300L], policy["starThresholdMinutes"]!.AsArray().Select(m => m!.GetValue<long>()));
        Assert.Equal(10, policy["defaultPointsPerHour"]!.GetValue<int>());
        Assert.Empty(policy["pointsPerHourByCategory"]!.AsArray());
        Assert.Equal(24, policy["pointsExpiryMonths"]!.GetValue<int>());
        Assert.Equal(1500L * 60, policy["timeCreditCapMinutes"]!.GetValue<long>());
        Assert.Equal(12L * 60, policy["maxRecordMinutes"]!.GetValue<long>());
        Assert.Equal(8, policy["redemptionCodeDigits"]!.GetValue<int>());
        Assert.Equal(120, policy["redemptionCodeSeconds"]!.GetValue<int>());
        Assert.Equal(5, policy["maxLiveRedemptionCodes"]!.GetValue<int>());
        Assert.Equal(900, policy["holdSeconds"]!.GetValue<int>());
        Assert.Equal(30, policy["refundWindowDays"]!.GetValue<int>());
        Assert.False(policy["autoIssueCertificates"]!.GetValue<bool>());
        Assert.Equal((2, 3), (policy["activeMonthsRequired"]!.GetValue<int>(), policy["activeWindowMonths"]!.GetValue<int>()));
        Assert.Equal((50, 12), (policy["activeRatioTargetPercent"]!.GetValue<int>(), policy["socialOrganizationTarget"]!.GetValue<int>()));
        Assert.Equal((30, 1, 10), (policy["stationTeamMinVolunteers"]!.GetValue<int>(), policy["stationServiceMinProjects"]!.GetValue<int>(),
            policy["stationRecordsMinVerified"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_district_with_no_rules_of_its_own_has_the_products_defaults()
    {
        var district = "默认区-" + Guid.NewGuid().ToString("N")[..8];
        await TestCity.CreateAsync(app, district);

        var policy = (await client.SendAsync(CityAdmin, Query, new { district })).Ok("districtPolicy");

        Assert.False(policy["ownPolicy"]!.GetValue<bool>());
        Assert.Equal([100L * 60, 300L * 60, 600L * 60, 1000L * 60, 1500L * 60], policy["starThresholdMinutes"]!.AsArray().Select(m => m!.GetValue<long>()));
    }

    [Fact]
    public async Task A_districts_automatic_certificates_show_as_in_force()
    {
        await TestCity.CreateAsync(app, TimeBankApp.AutoIssueDistrict);

        var policy = (await client.SendAsync(CityAdmin, Query, new { district = TimeBankApp.AutoIssueDistrict })).Ok("districtPolicy");

        Assert.True(policy["autoIssueCertificates"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_district_admin_reads_their_own_districts_policy_and_no_other()
    {
        var other = "他区-" + Guid.NewGuid().ToString("N")[..8];
        await TestCity.CreateAsync(app, TimeBankApp.LowStarDistrict);
        await TestCity.CreateAsync(app, other);
        var districtAdmin = TestTokens.For(Actor.DistrictAdmin(Guid.CreateVersion7(), TimeBankApp.LowStarDistrict));

        var own = await client.SendAsync(districtAdmin, Query, new { district = TimeBankApp.LowStarDistrict });
        var another = await client.SendAsync(districtAdmin, Query, new { district = other });
        var unknown = await client.SendAsync(districtAdmin, Query, new { district = "无此区" });

        Assert.Equal(TimeBankApp.LowStarDistrict, own.Ok("districtPolicy.district").GetValue<string>());
        // Another district, known or not, is refused alike: the answer tells nothing of the city.
        Assert.Equal(("FORBIDDEN", "FORBIDDEN"), (another.Code(), unknown.Code()));
    }

    [Fact]
    public async Task A_district_the_city_does_not_have_is_unknown_to_a_city_admin()
    {
        var answer = await client.SendAsync(CityAdmin, Query, new { district = "无此区-" + Guid.NewGuid().ToString("N")[..8] });

        Assert.Equal("AREA_UNKNOWN", answer.Code());
    }
}
