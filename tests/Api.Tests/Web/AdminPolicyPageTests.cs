using System.Globalization;
using TimeBank.Api.Tests.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;

namespace TimeBank.Api.Tests.Web;

/// <summary>The city office's page (<c>/admin</c>) shows the policy in force in every district of the city, as <c>districtPolicy</c> gives it.</summary>
public sealed class AdminPolicyPageTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    [Fact]
    public async Task The_city_admin_sees_each_districts_policy_as_the_api_gives_it()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("admin", "/admin");

        var page = await browser.OpenAsync("/admin");

        var districts = DemoCity.Cast.Communities.Select(c => c.District).Distinct().Order(StringComparer.Ordinal).ToList();
        var shown = page.QuerySelectorAll("[data-testid=policy]");
        // Every district of the demo city (and of any community the tests registered beside it), once.
        Assert.Subset(shown.Select(p => p.GetAttribute("data-district")!).ToHashSet(), districts.ToHashSet());
        Assert.Equal(shown.Length, shown.Select(p => p.GetAttribute("data-district")).Distinct().Count());
        foreach (var section in shown)
        {
            var api = (await city.Client.SendAsync(TestTokens.For(TimeBankApp.CityAdmin),
                "query($district: String!) { districtPolicy(district: $district) { defaultPointsPerHour starThresholdMinutes pointsExpiryMonths holdSeconds activeRatioTargetPercent socialOrganizationTarget } }",
                new { district = section.GetAttribute("data-district") })).Ok("districtPolicy");
            Assert.Equal(api["defaultPointsPerHour"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), PageBrowser.TestId(section, "policy-points-per-hour"));
            Assert.Equal(string.Join(" · ", api["starThresholdMinutes"]!.AsArray().Select((m, i) => $"{new string('★', i + 1)} {m!.GetValue<long>() / 60}h")),
                PageBrowser.TestId(section, "policy-stars"));
            Assert.Equal($"{api["pointsExpiryMonths"]!.GetValue<int>()} 个月", PageBrowser.TestId(section, "policy-expiry"));
            Assert.Equal($"{api["holdSeconds"]!.GetValue<int>() / 60} 分钟", PageBrowser.TestId(section, "policy-hold"));
            Assert.Equal($"超过 {api["activeRatioTargetPercent"]!.GetValue<int>()}%", PageBrowser.TestId(section, "policy-active-target"));
            Assert.Equal(api["socialOrganizationTarget"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), PageBrowser.TestId(section, "policy-organizations"));
        }
    }
}
