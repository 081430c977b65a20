using Marten;
using Marten.Events;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Certificates;
using TimeBank.Api.Demo;
using TimeBank.Api.Explorer;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.LocalDatabase;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Demo;

/// <summary>
/// The README's queries, exactly as written there, against the demo city seeded into a database of its own, with the
/// tokens `token volunteer|staff|admin` mints (same claims): what a new user sees in their first minutes.
/// </summary>
public sealed partial class ReadmeAgainstTheDemoCityTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(LocalPostgres.FindProjectRoot(AppContext.BaseDirectory), "README.md"));

    private static string Volunteer => TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId));

    private static string Staff => TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId));

    private static string Admin => TestTokens.For(Actor.CityAdmin(DemoPeople.CityAdminId));

    [Fact]
    public async Task The_volunteers_first_query_finds_their_own_account_without_a_uuid()
    {
        var body = JsonNode.Parse(CurlBody().Match(Readme).Groups["body"].Value)!;

        var answer = await city.Client.SendAsync(Volunteer, body["query"]!.GetValue<string>());

        Assert.Equal(DemoPeople.VolunteerId.ToString(), answer.Ok("me.account.volunteerId").GetValue<string>());
        Assert.Equal("VOLUNTEER", answer.Ok("me.role").GetValue<string>());
        Assert.False(string.IsNullOrEmpty(answer.Ok("me.person.name").GetValue<string>()));
    }

    [Fact]
    public async Task The_well_known_volunteer_sees_their_commendations_in_their_account()
    {
        var answer = await city.Client.SendAsync(Volunteer, "{ me { account { commendations { title grantingBody communityId withdrawn } } } }");

        var commendations = answer.Ok("me.account.commendations").AsArray();
        Assert.Contains(commendations, c => c!["title"]!.GetValue<string>() == "十佳志愿者" && c["communityId"] is null);
        Assert.Contains(commendations, c => c!["communityId"]?.GetValue<string>() == DemoPeople.FirstCommunityId.ToString());
    }

    [Fact]
    public async Task The_volunteer_lists_their_certificates_downloads_the_pdf_and_anyone_verifies_it_by_number_and_code_as_the_readme_says()
    {
        var listed = await city.Client.SendAsync(Volunteer, ReadmeQuery("certificates(volunteerId:"));
        var certificates = listed.Ok("certificates").AsArray();
        var issued = Assert.Single(certificates, c => c!["certificateId"]!.GetValue<string>() == DemoCertificates.VolunteerCertificateId.ToString())!;
        Assert.Equal("ISSUED", issued["status"]!.GetValue<string>());
        Assert.Contains(certificates, c => c!["certificateId"]!.GetValue<string>() == DemoCertificates.VolunteerRequestId.ToString());

        var read = await city.Client.SendAsync(Volunteer, ReadmeQuery("certificate(certificateId:"));
        var number = read.Ok("certificate.number").GetValue<string>();
        var code = read.Ok("certificate.verificationCode").GetValue<string>();
        using var http = city.App.CreateClient();
        using var verified = await http.GetAsync(new Uri($"/certificates/verify?number={number}&code={code}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("VALID", JsonNode.Parse(await verified.Content.ReadAsStringAsync())!["verdict"]!.GetValue<string>());
        using var keys = await http.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);

        var pdfPath = PdfCurl().Match(Readme).Groups["path"].Value;
        Assert.Equal(issued["pdfPath"]!.GetValue<string>(), pdfPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pdfPath, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Volunteer);
        using var pdf = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Staff_issue_the_pending_request_read_the_register_and_follow_the_bulk_issuance_as_the_readme_says()
    {
        var requests = InlineQueries().Matches(Readme).Select(m => m.Groups["query"].Value).Single(q => q.StartsWith("{ certificateRequests(", StringComparison.Ordinal));
        var pending = await city.Client.SendAsync(Staff, requests);
        Assert.Contains(pending.Ok("certificateRequests.edges").AsArray(),
            e => e!["node"]!["certificateId"]!.GetValue<string>() == DemoCertificates.VolunteerRequestId.ToString());

        var issue = ReadmeBody("issueCertificate(");
        var issued = await city.Client.SendAsync(Staff, issue["query"]!.GetValue<string>(), issue["variables"]);
        Assert.Equal("ISSUED", issued.Ok("issueCertificate.certificate.status").GetValue<string>());
        Assert.StartsWith(CommunityCode.Of(DemoPeople.FirstCommunityId) + "-", issued.Ok("issueCertificate.certificate.number").GetValue<string>(), StringComparison.Ordinal);

        using var http = city.App.CreateClient();
        using var csv = new HttpRequestMessage(HttpMethod.Get, new Uri(CsvCurl().Match(Readme).Groups["path"].Value, UriKind.Relative));
        csv.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Staff);
        using var register = await http.SendAsync(csv);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Contains(",REVOKED,", await register.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bulk = await city.Client.SendAsync(Staff, ReadmeQuery("bulkIssuance(jobId:"));
        Assert.Equal(DemoCertificates.BulkYear(DateTimeOffset.UtcNow), bulk.Ok("bulkIssuance.year").GetValue<int>());
        Assert.True(bulk.Ok("bulkIssuance.total").GetValue<int>() > 0);
    }

    /// <summary>The query of the README's curl whose body contains <paramref name="marker"/>.</summary>
    private static string ReadmeQuery(string marker) => ReadmeBody(marker)["query"]!.GetValue<string>();

    private static JsonNode ReadmeBody(string marker) =>
        JsonNode.Parse(CurlBodies().Matches(Readme).Select(m => m.Groups["body"].Value).Single(b => b.Contains(marker, StringComparison.Ordinal)))!;

    /// <summary>The JSON bodies of the README's curls to /graphql.</summary>
    [GeneratedRegex(@"-d '(?<body>\{""query"":[^']*)'")]
    private static partial Regex CurlBodies();

    /// <summary>The README's download of the demo volunteer's certificate.</summary>
    [GeneratedRegex(@"curl -s -o certificate\.pdf http://localhost:5162(?<path>/certificates/[0-9a-f-]+/pdf)")]
    private static partial Regex PdfCurl();

    /// <summary>The README's download of the first community's register.</summary>
    [GeneratedRegex(@"""http://localhost:5162(?<path>/communities/[0-9a-f-]+/certificates\.csv)""")]
    private static partial Regex CsvCurl();

    [Fact]
    public async Task The_staff_example_shows_records_awaiting_verification_in_the_first_community()
    {
        var staffQuery = InlineQueries().Matches(Readme).Select(m => m.Groups["query"].Value).Single(q => q.Contains("recordsAwaitingVerification(", StringComparison.Ordinal));
        var findCommunity = InlineQueries().Matches(Readme).Select(m => m.Groups["query"].Value).Single(q => q.StartsWith("{ me { communities", StringComparison.Ordinal));

        var queue = await city.Client.SendAsync(Staff, staffQuery);
        var communities = await city.Client.SendAsync(Staff, findCommunity);

        Assert.NotEmpty(queue.Ok("recordsAwaitingVerification.edges").AsArray());
        Assert.Equal([(DemoPeople.FirstCommunityId.ToString(), "太平角社区")],
            communities.Ok("me.communities").AsArray().Select(c => (c!["communityId"]!.GetValue<string>(), c["name"]!.GetValue<string>())));
    }

    [Fact]
    public async Task The_admin_example_lists_the_six_communities_and_the_explorer_examples_run_for_each_demo_role()
    {
        var adminQuery = InlineQueries().Matches(Readme).Select(m => m.Groups["query"].Value).Single(q => q.StartsWith("{ communities", StringComparison.Ordinal));

        var answer = await city.Client.SendAsync(Admin, adminQuery);

        Assert.Equal(6, answer.Ok("communities.edges").AsArray().Count);
        foreach (var actor in new[] { Actor.Volunteer(DemoPeople.VolunteerId), Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId),
                     Actor.Merchant(DemoPeople.MerchantCashierId, DemoPeople.MerchantId), Actor.CityAdmin(DemoPeople.CityAdminId) })
        {
            var example = ExplorerExamples.For(actor, DateOnly.FromDateTime(DateTime.UtcNow));
            var ran = await city.Client.SendAsync(TestTokens.For(actor), example.Query, example.Variables);
            Assert.True(ran.Errors.Count == 0, $"{example.Role}: {ran.Body}");
        }
    }

    /// <summary>The JSON body of the README's first curl to /graphql.</summary>
    [GeneratedRegex(@"-d '(?<body>\{""query"":""\{ me \{[^']*)'")]
    private static partial Regex CurlBody();

    /// <summary>Queries written inline in the README's text: `{ … }`.</summary>
    [Fact]
    public async Task The_city_office_sees_communities_above_and_below_both_targets_and_stations_missing_haves_as_the_readme_says()
    {
        await city.App.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(120));
        var answer = await city.Client.SendAsync(Admin, ReadmeQuery("communityKpis("));
        var communities = answer.Ok("communityKpis.edges").AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(6, communities.Count);
        bool Active(string name) => communities.Single(c => c!["communityName"]!.GetValue<string>() == name)!["activeRatioTargetMet"]!.GetValue<bool>();
        bool Organizations(string name) => communities.Single(c => c!["communityName"]!.GetValue<string>() == name)!["socialOrganizationTargetMet"]!.GetValue<bool>();
        Assert.Equal([true, true, false, false, true, true], new[] { "太平角社区", "汇泉社区", "燕儿岛社区", "东海路社区", "台东一路社区", "威海路社区" }.Select(Active));
        Assert.Equal([true, false, true, false, true, false], new[] { "太平角社区", "汇泉社区", "燕儿岛社区", "东海路社区", "台东一路社区", "威海路社区" }.Select(Organizations));
        Assert.True(answer.Ok("areaKpis.registered").GetValue<long>() > 0);

        var volunteer = await city.Client.SendAsync(Volunteer, ReadmeQuery("myStanding("));
        Assert.Equal(5, volunteer.Ok("leaderboard.edges").AsArray().Count);
        Assert.Single(volunteer.Ok("myStanding.entries").AsArray(), e => e!["you"]!.GetValue<bool>());

        var stations = await city.Client.SendAsync(Staff, $"{{ serviceStations(communityId: \"{DemoPeople.FirstCommunityId}\") {{ name sixHaves {{ have met }} }} }}");
        Assert.Single(stations.Ok("serviceStations").AsArray());
    }

    [Fact]
    public async Task The_time_bank_example_shows_the_demo_citys_open_slots_and_needs_on_the_board()
    {
        var board = await city.Client.SendAsync(Volunteer, ReadmeQuery("slotBoard("));

        var slots = board.Ok("slotBoard.edges").AsArray().Select(e => e!["node"]!).ToList();
        var needs = board.Ok("needBoard.edges").AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal(5, slots.Count);
        Assert.Equal(5, needs.Count);
        Assert.All(slots, s => Assert.True(s!["startsAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddHours(-12)));
        Assert.All(needs, n => Assert.True(n!["minutes"]!.GetValue<int>() > 0));
    }

    [GeneratedRegex(@"`(?<query>\{ [^`]+ \})`")]
    private static partial Regex InlineQueries();
}
