using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using TimeBank.Api.Hosting;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger.Actors;
using Wolverine;

namespace TimeBank.Api.Tests.Host;

/// <summary>The <c>Cluster</c> section (docs/adr/0046-several-nodes.md): Solo unless told otherwise, and a bad value stops the start.</summary>
public sealed class ClusterSettingsTests
{
    private static ClusterSettings From(params (string Key, string Value)[] settings) => ClusterSettings.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Without_a_cluster_section_the_node_is_alone_with_wolverine_s_timings()
    {
        var durability = new WolverineOptions().Durability;
        var (polling, stale, check) = (durability.HealthCheckPollingTime, durability.StaleNodeTimeout, durability.CheckAssignmentPeriod);

        From().ApplyTo(durability);

        Assert.Equal(DurabilityMode.Solo, durability.Mode);
        Assert.Equal((polling, stale, check), (durability.HealthCheckPollingTime, durability.StaleNodeTimeout, durability.CheckAssignmentPeriod));
    }

    [Fact]
    public void A_balanced_cluster_takes_its_timings_from_configuration()
    {
        var durability = new WolverineOptions().Durability;

        From(("Cluster:Mode", "balanced"), ("Cluster:HealthCheckPollingTime", "00:00:01"), ("Cluster:StaleNodeTimeout", "00:00:05"),
            ("Cluster:CheckAssignmentPeriod", "00:00:02")).ApplyTo(durability);

        Assert.Equal(DurabilityMode.Balanced, durability.Mode);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)),
            (durability.HealthCheckPollingTime, durability.StaleNodeTimeout, durability.CheckAssignmentPeriod));
    }

    [Theory]
    [InlineData("Cluster:Mode", "Serverless", "Cluster:Mode is 'Serverless'")]
    [InlineData("Cluster:Mode", "1", "Cluster:Mode is '1'")]
    [InlineData("Cluster:StaleNodeTimeout", "-00:00:05", "Cluster:StaleNodeTimeout is '-00:00:05'")]
    [InlineData("Cluster:HealthCheckPollingTime", "0", "Cluster:HealthCheckPollingTime is '0'")]
    [InlineData("Cluster:CheckAssignmentPeriod", "soon", "Cluster:CheckAssignmentPeriod is 'soon'")]
    public void A_bad_value_is_a_start_up_problem_that_names_the_setting(string key, string value, string expected)
    {
        var problem = Assert.Throws<StartupProblem>(() => From((key, value)));
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }
}

/// <summary>Wolverine's dead-letter endpoints are the city administrator's alone.</summary>
[Collection(LedgerCollection.Name)]
public sealed class DeadLetterEndpointsTests(TimeBankApp app)
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("staff", HttpStatusCode.Forbidden)]
    [InlineData("city_admin", HttpStatusCode.OK)]
    public async Task Only_a_city_administrator_may_query_the_dead_letters(string? role, HttpStatusCode expected)
    {
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TimeBankHost.DeadLettersPath) { Content = JsonContent.Create(new { }) };
        if (role is not null)
        {
            var actor = role == "staff" ? Actor.Staff(Guid.CreateVersion7(), Guid.CreateVersion7()) : Actor.CityAdmin(Guid.CreateVersion7());
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(actor));
        }

        using var response = await http.SendAsync(request);

        Assert.True(expected == response.StatusCode, $"{role ?? "anonymous"}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
