using TimeBank.Api.Certificates;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>Star certificates (志愿服务星级证明) over GraphQL on the real host: numbered from the service certificates' register, verified the same way.</summary>
public sealed class StarCertificateTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Issue = $$"""
        mutation($input: IssueStarCertificateInput!) {
          issueStarCertificate(input: $input) { certificate { kind {{CertificateScenario.CertificateFields}} from to } }
        }
        """;

    private static readonly int Year = ChinaTime.DayOf(DateTimeOffset.UtcNow).Year;

    [Fact]
    public async Task A_star_level_reached_is_certified_with_the_next_number_of_the_register_and_verifies()
    {
        // Two credited hours in a district whose second star is at two hours.
        var scenario = await CertificateScenario.CreateAsync(app, records: 2, district: TimeBankApp.LowStarDistrict);
        await scenario.City.UntilAccountAsync(scenario.VolunteerId, a => a.StarLevel == 2);
        var prefix = $"{CommunityCode.Of(scenario.City.CommunityId)}-{Year}-";
        Assert.Equal(prefix + "000001", (await scenario.IssueDirectlyAsync()).Value<string>("number"));

        var star = (await IssueStarAsync(scenario, 2)).Ok("issueStarCertificate.certificate");
        Assert.Equal(("STAR", "ISSUED", prefix + "000002"), (star.Value<string>("kind"), star.Value<string>("status"), star.Value<string>("number")));
        Assert.Equal((2, 120L), (star.Value<int>("starLevel"), star.Long("totalMinutes")));
        Assert.Empty(star["records"]!.AsArray());

        var verified = (await scenario.Client.SendAsync(null, """
            query($number: String!, $code: String!) { verifyCertificate(number: $number, code: $code) { verdict kind number starLevel totalMinutes recordCount } }
            """, new { number = star.Value<string>("number"), code = star.Value<string>("verificationCode") })).Ok("verifyCertificate");
        Assert.Equal(("VALID", "STAR", prefix + "000002", 2), (verified.Value<string>("verdict"), verified.Value<string>("kind"), verified.Value<string>("number"), verified.Value<int>("starLevel")));
        Assert.Equal(120, verified.Long("totalMinutes"));
    }

    [Fact]
    public async Task A_level_above_the_volunteers_is_refused_and_takes_no_number()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 1, district: TimeBankApp.LowStarDistrict);
        await scenario.City.UntilAccountAsync(scenario.VolunteerId, a => a.StarLevel == 1);
        var prefix = $"{CommunityCode.Of(scenario.City.CommunityId)}-{Year}-";

        Assert.Equal("STAR_LEVEL_NOT_REACHED", (await IssueStarAsync(scenario, 2)).Code());
        Assert.Equal("INVALID_INPUT", (await IssueStarAsync(scenario, 0)).Code());
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await IssueStarAsync(scenario, 1, scenario.Volunteer)).Code());

        Assert.Equal(prefix + "000001", (await IssueStarAsync(scenario, 1)).Ok("issueStarCertificate.certificate").Value<string>("number"));
        Assert.Equal(prefix + "000002", (await scenario.IssueDirectlyAsync()).Value<string>("number"));
    }

    private static Task<GraphQLAnswer> IssueStarAsync(CertificateScenario scenario, int starLevel, string? token = null) =>
        scenario.Client.SendAsync(token ?? scenario.Staff, Issue, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), volunteerId = scenario.VolunteerId, communityId = scenario.City.CommunityId, starLevel,
                personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "",
            },
        });
}
