using System.Text.Json.Nodes;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Needs;

/// <summary>A fresh community of a district with its staff, a resident with time credits and volunteers, set up through GraphQL.</summary>
public sealed class NeedCity(LedgerGraphQLClient client)
{
    public const string NeedFields =
        "needId communityId what place startsAt minutes skills status residentId volunteerId postedBy endedBy onBehalfOfResident paidMinutes releasedMinutes disputeReason expiresAt";

    public LedgerGraphQLClient Client { get; } = client;

    public Guid CommunityId { get; } = Guid.CreateVersion7();
    public Guid StaffId { get; } = Guid.CreateVersion7();
    public Guid ProjectId { get; } = Guid.CreateVersion7();

    public string Staff => TestTokens.For(StaffId, "staff", CommunityId);

    public static string Member(Guid id) => TestTokens.For(id, "volunteer");

    public static async Task<NeedCity> CreateAsync(TimeBankApp app, string district = "Central")
    {
        var city = new NeedCity(new LedgerGraphQLClient(app));
        (await city.Client.SendAsync(LedgerScenario.Admin, """
            mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId = city.CommunityId, name = "Harmony", street = "East Street", district } }))
            .Ok("registerCommunity.community.id");
        (await city.Client.SendAsync(LedgerScenario.Admin, """
            mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId = city.CommunityId, staffId = city.StaffId } }))
            .Ok("assignStaff.community.staffIds");
        (await city.Client.SendAsync(city.Staff, """
            mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), projectId = city.ProjectId, communityId = city.CommunityId, name = "Helping", category = "elder care", place = "Station 1" } }))
            .Ok("publishProject.project.id");
        return city;
    }

    /// <summary>A registered member with <paramref name="credits"/> minutes of time credits earned by verified service.</summary>
    public async Task<Guid> MemberAsync(int credits = 0)
    {
        var id = Guid.CreateVersion7();
        (await Client.SendAsync(Staff, """
            mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId = id, homeCommunityId = CommunityId, volunteerNumber = "N-" + id.ToString("N")[^12..], displayName = "Wang Fang" } }))
            .Ok("registerVolunteer.account.volunteerId");
        if (credits > 0)
        {
            var recordId = Guid.CreateVersion7();
            var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2);
            (await Client.SendAsync(Staff, """
                mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { record { id } } }
                """, new
            {
                input = new
                {
                    commandId = Guid.CreateVersion7(), recordId, volunteerId = id, projectId = ProjectId, startedAt = start, endedAt = start.AddMinutes(credits),
                    minutesServed = credits, content = "Shopping", personInCharge = "Zhang Min",
                },
            })).Ok("submitServiceRecord.record.id");
            (await Client.SendAsync(Staff, """
                mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { recordIds } }
                """, new { input = new { commandId = Guid.CreateVersion7(), recordIds = new[] { recordId } } })).Ok("verifyServiceRecords.recordIds");
        }

        return id;
    }

    public Task<GraphQLAnswer> PostAsync(string actor, Guid needId, int minutes, DateTimeOffset? startsAt = null, Guid? residentId = null, Guid? commandId = null) =>
        Client.SendAsync(actor, $$"""
            mutation($input: PostNeedInput!) { postNeed(input: $input) { replayed need { {{NeedFields}} } } }
            """, new
        {
            input = new
            {
                commandId = commandId ?? Guid.CreateVersion7(), needId, residentId, communityId = CommunityId, what = "Walk me to the clinic", place = "8 Pine Road",
                startsAt = startsAt ?? DateTimeOffset.UtcNow.AddDays(2), minutes, skills = new[] { "walking" },
            },
        });

    /// <summary>acceptNeed, confirmNeed or cancelNeed.</summary>
    public Task<GraphQLAnswer> SendAsync(string actor, string mutation, Guid needId, Guid? commandId = null) =>
        Client.SendAsync(actor, $$"""
            mutation($input: {{char.ToUpperInvariant(mutation[0]) + mutation[1..]}}Input!) { {{mutation}}(input: $input) { replayed need { {{NeedFields}} } } }
            """, new { input = new { commandId = commandId ?? Guid.CreateVersion7(), needId } });

    public Task<GraphQLAnswer> DisputeAsync(string actor, Guid needId) =>
        Client.SendAsync(actor, $$"""
            mutation($input: DisputeNeedInput!) { disputeNeed(input: $input) { need { {{NeedFields}} } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), needId, reason = "Did not come" } });

    public Task<GraphQLAnswer> DecideAsync(string actor, Guid needId, int toVolunteer, int toResident) =>
        Client.SendAsync(actor, $$"""
            mutation($input: DecideNeedDisputeInput!) { decideNeedDispute(input: $input) { need { {{NeedFields}} } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), needId, toVolunteerMinutes = toVolunteer, toResidentMinutes = toResident, reason = "Came late" } });

    public async Task<JsonNode> AccountAsync(Guid memberId) =>
        (await Client.SendAsync(Staff, """
            query($id: ID!) { account(volunteerId: $id) { timeCredits escrowedTimeCredits availableTimeCredits timeCreditDebt } }
            """, new { id = memberId })).Ok("account");

    public async Task<JsonNode?> NeedAsync(string actor, Guid needId) =>
        (await Client.SendAsync(actor, $$"""query($id: ID!) { need(id: $id) { {{NeedFields}} } }""", new { id = needId })).At("need");
}
