using TimeBank.Api.Auth;

namespace TimeBank.TestSupport;

/// <summary>
/// A community with a staff member, a project and volunteers, set up through the service's GraphQL mutations as a
/// city would do it, with the tokens its people present and the mutations the benchmark and fault tests send.
/// </summary>
public sealed class GraphQLCity
{
    public const string SubmitMutation = """
        mutation($input: SubmitServiceRecordInput!) { submitServiceRecord(input: $input) { commandId replayed record { recordId status } } }
        """;

    public const string VerifyMutation = """
        mutation($input: VerifyServiceRecordsInput!) { verifyServiceRecords(input: $input) { commandId replayed recordIds } }
        """;

    public const string BalanceQuery = """
        query($id: ID!) { account(volunteerId: $id) { volunteerId serviceMinutes timeCredits availablePoints starLevel } }
        """;

    private readonly int[] _slots;

    private GraphQLCity(TokenIssuer tokens, Guid communityId, Guid staffId, Guid projectId, IReadOnlyList<Guid> volunteers, IReadOnlyList<Guid> visitors, string? district)
    {
        CommunityId = communityId;
        StaffId = staffId;
        ProjectId = projectId;
        District = district;
        Volunteers = [.. volunteers, .. visitors];
        Staff = tokens.Issue(new TokenClaims(staffId.ToString(), "staff", [communityId], HomeDistrict: district), TimeSpan.FromHours(8));
        VolunteerTokens = [.. volunteers.Select(v => tokens.Issue(new TokenClaims(v.ToString(), "volunteer", [], HomeDistrict: district), TimeSpan.FromHours(8)))];
        _slots = new int[Volunteers.Count];
    }

    public Guid CommunityId { get; }
    public Guid StaffId { get; }
    public Guid ProjectId { get; }

    /// <summary>In districts mode, the district of the community (its database); null for the single database.</summary>
    public string? District { get; }

    /// <summary>The volunteers registered here, then the visitors (homed in another district) who serve here.</summary>
    public IReadOnlyList<Guid> Volunteers { get; }

    /// <summary>The staff member's token: records and verifies service.</summary>
    public string Staff { get; }

    /// <summary>Each registered volunteer's own token, in the order of <see cref="Volunteers"/> (visitors have none here).</summary>
    public IReadOnlyList<string> VolunteerTokens { get; }

    /// <summary>A city administrator's token; in districts mode, one whose requests go to <paramref name="district"/>.</summary>
    public static string AdminToken(TokenIssuer tokens, string? district = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.Issue(new TokenClaims("00000000-0000-0000-0000-00000000a001", "city_admin", [], HomeDistrict: district), TimeSpan.FromHours(8));
    }

    /// <summary>
    /// Sets the community up. In districts mode (<paramref name="district"/> given) it is registered in that district and
    /// its people's tokens name it as their home; <paramref name="visitors"/>, volunteers registered in another district,
    /// serve here too (their credits go home).
    /// </summary>
    public static async Task<GraphQLCity> SetUpAsync(
        GraphQLHttpClient client, TokenIssuer tokens, int volunteers, CancellationToken cancellation = default, string? district = null, IReadOnlyList<Guid>? visitors = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var admin = AdminToken(tokens, district);
        var communityId = Guid.CreateVersion7();
        var staffId = Guid.CreateVersion7();
        var projectId = Guid.CreateVersion7();
        var ids = Enumerable.Range(0, volunteers).Select(_ => Guid.CreateVersion7()).ToList();
        var city = new GraphQLCity(tokens, communityId, staffId, projectId, ids, visitors ?? [], district);

        (await client.PostAsync(admin, """
            mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId, name = "太平角社区", street = "太平角街道", district = district ?? "市南区" } }, cancellation))
            .Ok("registerCommunity.community.id");
        (await client.PostAsync(admin, """
            mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId, staffId } }, cancellation))
            .Ok("assignStaff.community.staffIds");
        (await client.PostAsync(city.Staff, """
            mutation($input: PublishProjectInput!) { publishProject(input: $input) { project { id } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), projectId, communityId, name = "助老服务", category = "elderly", place = "活动室" } }, cancellation))
            .Ok("publishProject.project.id");

        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (volunteerId, ct) =>
            (await client.PostAsync(city.Staff, """
                mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
                """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId, homeCommunityId = communityId, volunteerNumber = "V-" + volunteerId.ToString("N")[^12..], displayName = "志愿者" } }, ct))
                .Ok("registerVolunteer.account.volunteerId"));
        return city;
    }

    /// <summary>
    /// The variables of a submission of 15 minutes for volunteer number <paramref name="volunteer"/>, in a time slot no
    /// other submission of this city uses (20 minutes further back each time), so it never overlaps.
    /// </summary>
    public object Submission(int volunteer, Guid commandId, Guid recordId)
    {
        var slot = Interlocked.Increment(ref _slots[volunteer]);
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1).AddMinutes(-20 * slot);
        return new
        {
            input = new
            {
                commandId, recordId, volunteerId = Volunteers[volunteer], projectId = ProjectId, startedAt = start, endedAt = start.AddMinutes(15),
                minutesServed = 15, content = "陪伴老人读报", personInCharge = "张主任",
            },
        };
    }

    public static object Verification(Guid commandId, IReadOnlyList<Guid> recordIds) => new { input = new { commandId, recordIds } };
}
