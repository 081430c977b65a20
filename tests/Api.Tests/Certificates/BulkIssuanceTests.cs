using Marten;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Certificates;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>Year-end bulk issuance on the real host: progress over GraphQL, one certificate per volunteer, the refusals.</summary>
public sealed class BulkIssuanceTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Start = "mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId status total done } }";
    private const string Progress = "query($id: ID!) { bulkIssuance(jobId: $id) { status total done issued failures { volunteerId code } } }";

    private readonly LedgerGraphQLClient _client = new(app);

    [Fact]
    public async Task A_bulk_issuance_issues_one_certificate_per_volunteer_reports_progress_and_is_not_repeated()
    {
        var city = await TestCity.CreateAsync(app);
        var volunteers = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var volunteer = await city.RegisterVolunteerAsync();
            await city.CreditedRecordAsync(volunteer, day: 2);
            volunteers.Add(volunteer);
        }

        var staff = TestTokens.For(city.Staff);
        var jobId = Guid.CreateVersion7();
        var year = ChinaTime.DayOf(DateTimeOffset.UtcNow.AddDays(-3)).Year;
        var input = new { commandId = jobId, communityId = city.CommunityId, year, personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-88888888" };
        var started = (await _client.SendAsync(staff, Start, new { input })).Ok("startBulkIssuance");
        Assert.Equal(12, started.Value<int>("total"));

        var job = await UntilCompletedAsync(staff, jobId);
        Assert.Equal(12, job.Value<int>("done"));
        Assert.Equal(12, job.Value<int>("issued"));
        Assert.Empty(job["failures"]!.AsArray());

        // The same command id again is the same job; a new job for the same year issues nothing twice.
        Assert.Equal("COMPLETED", (await _client.SendAsync(staff, Start, new { input })).Ok("startBulkIssuance").Value<string>("status"));
        var again = Guid.CreateVersion7();
        (await _client.SendAsync(staff, Start, new { input = input with { commandId = again } })).Ok("startBulkIssuance");
        // (The same day, the same period: its commands are the first job's, answered as they were; a later day's period
        // finds the certificates issued and lists them as failures.)
        await UntilCompletedAsync(staff, again);
        await using var session = app.Store.QuerySession();
        var certificates = await session.Query<Certificate>().Where(c => c.CommunityId == city.CommunityId).ToListAsync();
        Assert.Equal(volunteers.Order(), certificates.Select(c => c.VolunteerId).Order());

        // Someone else's community, a year not begun: refused, nothing started.
        var other = TestTokens.For(Actor.Staff(Guid.CreateVersion7(), Guid.CreateVersion7()));
        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await _client.SendAsync(other, Start, new { input = input with { commandId = Guid.CreateVersion7() } })).Code());
        Assert.Equal("CERTIFICATE_PERIOD_INVALID", (await _client.SendAsync(staff, Start, new { input = input with { commandId = Guid.CreateVersion7(), year = year + 1 } })).Code());
        Assert.Equal("NO_CERTIFIABLE_SERVICE", (await _client.SendAsync(staff, Start, new { input = input with { commandId = Guid.CreateVersion7(), year = year - 3 } })).Code());
        Assert.Equal("NOT_FOUND", (await _client.SendAsync(other, Progress, new { id = jobId })).Code());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> UntilCompletedAsync(string token, Guid jobId)
    {
        for (var wait = 0; ; wait++)
        {
            var job = (await _client.SendAsync(token, Progress, new { id = jobId })).Ok("bulkIssuance");
            if (job.Value<string>("status") == "COMPLETED" || wait == 600)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }
}
