using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.GraphQL;

/// <summary>
/// A fresh community with a staff member, a project and a volunteer, all set up through GraphQL with fresh ids, so
/// tests sharing the database never meet.
/// </summary>
public sealed class LedgerScenario
{
    public const string AccountFields =
        "volunteerId homeCommunityId volunteerNumber serviceMinutes serviceHours timeCredits timeCreditDebt availablePoints pointsDebt starLevel nextPointsExpiryAt lots { lotId communityId earned remaining expired earnedAt expiresAt }";

    private static int _slot;

    private LedgerScenario(LedgerGraphQLClient client)
    {
        Client = client;
    }

    public LedgerGraphQLClient Client { get; }

    public Guid CommunityId { get; } = Guid.CreateVersion7();
    public Guid StaffId { get; } = Guid.CreateVersion7();
    public Guid ProjectId { get; } = Guid.CreateVersion7();
    public Guid VolunteerId { get; } = Guid.CreateVersion7();

    public static string Admin { get; } = TestTokens.For(TimeBankApp.CityAdmin.PersonId, "city_admin");

    public string Staff => TestTokens.For(StaffId, "staff", CommunityId);

    public string Volunteer => TestTokens.For(VolunteerId, "volunteer");

    public static async Task<LedgerScenario> StartAsync(TimeBankApp app)
    {
        var scenario = new LedgerScenario(new LedgerGraphQLClient(app));
        await scenario.SetUpAsync();
        return scenario;
    }

    private async Task SetUpAsync()
    {
        (await Client.SendAsync(Admin, """
            mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId = CommunityId, name = "Harmony", street = "East Street", district = "Central" } }))
            .Ok("registerCommunity.community.id");
        (await Client.SendAsync(Admin, """
            mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId = CommunityId, staffId = StaffId } }))
            .Ok("assignStaff.community.staffIds");
        (await Client.SendAsync(Staff, """
            mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), projectId = ProjectId, communityId = CommunityId, name = "Reading to elders", category = "elder care", place = "Station 1" } }))
            .Ok("publishProject.project.id");
        await RegisterVolunteerAsync(VolunteerId);
    }

    public async Task RegisterVolunteerAsync(Guid volunteerId) =>
        (await Client.SendAsync(Staff, """
            mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId, homeCommunityId = CommunityId, volunteerNumber = "V-" + volunteerId.ToString("N")[^12..], displayName = "Li Wei" } }))
            .Ok("registerVolunteer.account.volunteerId");

    /// <summary>A start time in the past that no other test of this volunteer uses.</summary>
    public static DateTimeOffset PastSlot() =>
        new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2).AddHours(2 * (Interlocked.Increment(ref _slot) % 20));

    public Task<GraphQLAnswer> SubmitAsync(Guid recordId, DateTimeOffset start, int minutes, Guid? volunteerId = null, Guid? commandId = null) =>
        Client.SendAsync(Staff, """
            mutation($input: SubmitServiceRecordInput!) {
              submitServiceRecord(input: $input) { commandId replayed record { id recordId status minutesServed volunteerId communityId } }
            }
            """, new
        {
            input = new
            {
                commandId = commandId ?? Guid.CreateVersion7(),
                recordId,
                volunteerId = volunteerId ?? VolunteerId,
                projectId = ProjectId,
                startedAt = start,
                endedAt = start.AddMinutes(minutes),
                minutesServed = minutes,
                content = "Read the newspaper aloud",
                personInCharge = "Zhang Min",
            },
        });

    public Task<GraphQLAnswer> VerifyAsync(string actor, params Guid[] recordIds) =>
        Client.SendAsync(actor, """
            mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { commandId replayed recordIds } }
            """, new { input = new { commandId = Guid.CreateVersion7(), recordIds } });

    /// <summary>Submits and verifies one record; returns its id.</summary>
    public async Task<Guid> RecordVerifiedServiceAsync(int minutes)
    {
        var recordId = Guid.CreateVersion7();
        (await SubmitAsync(recordId, PastSlot(), minutes)).Ok("submitServiceRecord.record.id");
        (await VerifyAsync(Staff, recordId)).Ok("verifyServiceRecords.recordIds");
        return recordId;
    }

    public Task<GraphQLAnswer> AccountAsync(string actor, Guid volunteerId, DateTimeOffset? asOf = null) =>
        Client.SendAsync(actor, $$"""
            query($id: ID!, $asOf: DateTimeOffset) { account(volunteerId: $id, asOf: $asOf) { {{AccountFields}} } }
            """, new { id = volunteerId, asOf });

    /// <summary>
    /// Polls the account until its service reaches <paramref name="serviceMinutes"/>, for at most 10 seconds (a
    /// verification credits the account in its own transaction, so the first look normally finds it).
    /// </summary>
    public async Task<JsonNodeAccount> WaitForServiceMinutesAsync(long serviceMinutes, Guid? volunteerId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var answer = volunteerId is null ? await AccountAsync(Volunteer, VolunteerId) : await AccountAsync(Staff, volunteerId.Value);
            var account = answer.Ok("account");
            if (account.Long("serviceMinutes") >= serviceMinutes)
            {
                return new JsonNodeAccount(account);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The account did not reach {serviceMinutes} service minutes within 10 s: {answer}");
            }

            await Task.Delay(50);
        }
    }
}

public sealed record JsonNodeAccount(System.Text.Json.Nodes.JsonNode Node)
{
    public long this[string name] => Node.Long(name);
}
