using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Configuration;
using TimeBank.Api.Auth;
using TimeBank.Demo;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Auth;

/// <summary>
/// Bearer tokens against the real host, on a database of its own (so that counting the events of the whole store says
/// exactly whether a request wrote anything).
/// </summary>
public sealed class BearerTokenTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string RegisterCommunity = """
        mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { community { communityId } } }
        """;

    private static readonly Guid AdminId = Guid.CreateVersion7();

    public static TheoryData<string, string> InvalidCredentials => new()
    {
        { "forged signature", "The signature of the bearer token is not valid." },
        { "signed with another key", "The signature of the bearer token is not valid." },
        { "expired", "The bearer token has expired." },
        { "not yet valid", "The bearer token is not valid yet." },
        { "wrong issuer", "The bearer token comes from an issuer this service does not trust." },
        { "wrong audience", "The bearer token is meant for another audience." },
        { "alg none", "The signature of the bearer token is not valid." },
        { "garbage", "The bearer token is not a well-formed JWT." },
        { "empty bearer", "The Authorization header must be 'Bearer <token>'." },
        { "basic credentials", "The Authorization header must be 'Bearer <token>'." },
    };

    [Theory]
    [MemberData(nameof(InvalidCredentials))]
    public async Task Invalid_credentials_get_401_INVALID_TOKEN_and_nothing_runs(string kind, string reason)
    {
        var credentials = CredentialsOf(kind);
        var communityId = Guid.CreateVersion7();
        var eventsBefore = await CountEventsAsync();

        HttpResponseMessage response;
        string body;
        using (app.Logs.Record())
        {
            response = await PostAsync(credentials, RegisterCommunity, RegisterCommunityVariables(communityId), GraphQLResponseJson);
            body = await response.Content.ReadAsStringAsync();
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate);
            Assert.Equal("Bearer", challenge.Scheme);
            Assert.StartsWith("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
            Assert.Equal(GraphQLResponseJson, response.Content.Headers.ContentType?.MediaType);
        }

        var json = JsonNode.Parse(body)!.AsObject();
        Assert.False(json.ContainsKey("data"), body);
        var error = Assert.Single(json["errors"]!.AsArray())!;
        Assert.Equal("INVALID_TOKEN", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(reason, error["message"]!.GetValue<string>());

        Assert.Equal(eventsBefore, await CountEventsAsync());
        await using (var session = app.Store.QuerySession())
        {
            Assert.Null(await session.Events.FetchStreamStateAsync(communityId));
        }

        // The token is a credential: it never reaches the logs, not even its signature.
        if (credentials is { Scheme: "Bearer", Parameter: { Length: > 0 } token })
        {
            var secretPart = token.Split('.').Last(part => part.Length > 0);
            Assert.Contains(app.Logs.Lines, line => line.Contains("JwtBearerHandler: Failed to validate the token", StringComparison.Ordinal));
            Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(secretPart, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_401_comes_as_application_json_to_a_client_that_asks_for_it()
    {
        using var response = await PostAsync(CredentialsOf("expired"), "{ __typename }", null, "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("INVALID_TOKEN", answer!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_valid_token_runs_and_writes()
    {
        var communityId = Guid.CreateVersion7();
        var eventsBefore = await CountEventsAsync();

        using var response = await PostAsync(
            Bearer(TestTokens.For(AdminId, "city_admin")), RegisterCommunity, RegisterCommunityVariables(communityId), GraphQLResponseJson);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(communityId.ToString(), JsonNode.Parse(body)!["data"]!["registerCommunity"]!["community"]!["communityId"]!.GetValue<string>());
        Assert.Equal(eventsBefore + 1, await CountEventsAsync());
    }

    public static TheoryData<string, string> ClaimsNamingNobody => new()
    {
        { "not-a-uuid", "city_admin" },
        { Guid.Empty.ToString(), "city_admin" },
        { "0194d0c4-0000-7000-8000-000000000001", "janitor" },
        { "0194d0c4-0000-7000-8000-000000000002", "system" },
        { "0194d0c4-0000-7000-8000-000000000003", "merchant" }, // a merchant token must name its merchant
        { "0194d0c4-0000-7000-8000-000000000005", "district_admin" }, // a district admin's token must name its district
    };

    [Theory]
    [MemberData(nameof(ClaimsNamingNobody))]
    public async Task A_valid_token_whose_claims_name_nobody_is_UNAUTHENTICATED(string subject, string role)
    {
        var token = TestTokens.Issuer.Issue(new TokenClaims(subject, role, []), TimeSpan.FromHours(1));
        var communityId = Guid.CreateVersion7();
        var eventsBefore = await CountEventsAsync();

        var answer = await new LedgerGraphQLClient(app).SendAsync(token, RegisterCommunity, RegisterCommunityVariables(communityId));

        Assert.Equal("UNAUTHENTICATED", answer.Code());
        Assert.Equal(eventsBefore, await CountEventsAsync());
    }

    [Fact]
    public async Task Tokens_of_the_token_command_act_as_the_demo_people()
    {
        var client = new LedgerGraphQLClient(app);
        var admin = MintWithCommand("admin");
        var staff = MintWithCommand("staff");
        var volunteer = MintWithCommand("volunteer");

        // The admin registers the demo's first community and its staff member; the staff member registers the volunteer.
        (await client.SendAsync(admin, RegisterCommunity, RegisterCommunityVariables(DemoPeople.FirstCommunityId))).Ok("registerCommunity.community.communityId");
        (await client.SendAsync(admin, """
            mutation($input: AssignStaffInput!) { assignStaff(input: $input) { community { staffIds } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), communityId = DemoPeople.FirstCommunityId, staffId = DemoPeople.FirstCommunityStaffId } }))
            .Ok("assignStaff.community.staffIds");
        (await client.SendAsync(staff, """
            mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { account { volunteerId } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), volunteerId = DemoPeople.VolunteerId, homeCommunityId = DemoPeople.FirstCommunityId, volunteerNumber = "V-DEMO", displayName = "Demo" } }))
            .Ok("registerVolunteer.account.volunteerId");

        var account = await client.SendAsync(volunteer, "query($id: ID!) { account(volunteerId: $id) { volunteerId } }", new { id = DemoPeople.VolunteerId });

        Assert.Equal(DemoPeople.VolunteerId.ToString(), account.Ok("account.volunteerId").GetValue<string>());

        // The staff member registers the demo merchant; its cashier reads it.
        (await client.SendAsync(staff, """
            mutation($input: RegisterMerchantInput!) { registerMerchant(input: $input) { merchant { merchantId } } }
            """, new { input = new { commandId = Guid.CreateVersion7(), merchantId = DemoPeople.MerchantId, communityId = DemoPeople.FirstCommunityId, name = "Demo mart" } }))
            .Ok("registerMerchant.merchant.merchantId");
        var merchant = await client.SendAsync(MintWithCommand("merchant"), "query($id: ID!) { merchant(id: $id) { merchantId } }", new { id = DemoPeople.MerchantId });
        Assert.Equal(DemoPeople.MerchantId.ToString(), merchant.Ok("merchant.merchantId").GetValue<string>());
    }

    [Fact]
    public async Task A_token_of_explicit_claims_carries_them()
    {
        var staffId = Guid.CreateVersion7();
        var communityId = Guid.CreateVersion7();
        var token = MintWithCommand("--sub", staffId.ToString(), "--role", "staff", "--community", Guid.CreateVersion7().ToString(), "--community", communityId.ToString(), "--hours", "2");

        var queue = await new LedgerGraphQLClient(app).SendAsync(token,
            "query($c: ID!) { recordsAwaitingVerification(communityId: $c) { edges { cursor } } }", new { c = communityId });

        Assert.Empty(queue.Ok("recordsAwaitingVerification.edges").AsArray());
    }

    [Fact]
    public async Task A_district_admin_token_carries_its_district()
    {
        var token = MintWithCommand("--sub", Guid.CreateVersion7().ToString(), "--role", "district_admin", "--district", "市南区");

        var me = await new LedgerGraphQLClient(app).SendAsync(token, "{ me { role } }");

        Assert.Equal("DISTRICT_ADMIN", me.Ok("me.role").GetValue<string>());
        // The district decides what it reads: this one has no community of the city, so its KPIs are unknown, not refused.
        var kpis = await new LedgerGraphQLClient(app).SendAsync(token, "{ areaKpis(area: { district: \"市南区\" }) { registered } }");
        Assert.Equal("AREA_UNKNOWN", kpis.Code());
    }

    private const string DistrictProblem = "A district admin token needs --district <name>, and --district goes only with --role district_admin.";

    public static TheoryData<string[], string> BadCommandLines => new()
    {
        { [], "Name a demo user, or give both --sub and --role." },
        { ["mayor"], "Unknown demo user 'mayor': use admin, staff, volunteer or merchant." },
        { ["staff", "volunteer"], "Name one demo user; got 'staff' and 'volunteer'." },
        { ["--sub", "42", "--role", "staff"], "--sub must be a non-empty UUID; got '42'." },
        { ["--sub", "0194d0c4-0000-7000-8000-000000000004", "--role", "system"], "--role must be one of volunteer, staff, merchant, city_admin, district_admin; got 'system'." },
        { ["--sub", "0194d0c4-0000-7000-8000-000000000004", "--role", "merchant"], "A merchant token needs --merchant <uuid> (the merchant the cashier acts for)." },
        { ["--sub", "0194d0c4-0000-7000-8000-000000000004", "--role", "district_admin"], DistrictProblem },
        { ["--sub", "0194d0c4-0000-7000-8000-000000000004", "--role", "staff", "--district", "市南区"], DistrictProblem },
        { ["staff", "--hours", "0"], "--hours must be a whole number from 1 to 720; got '0'." },
        { ["staff", "--hours"], "--hours needs a value." },
        { ["staff", "--role", "staff"], "Give either a demo user ('staff') or --sub/--role, not both." },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void The_token_command_refuses_a_bad_command_line_and_prints_no_token(string[] args, string problem)
    {
        var (code, output, error) = RunCommand(Configuration(), args);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith(problem + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_command_refuses_when_an_identity_provider_issues_the_tokens()
    {
        var configuration = Configuration(("Auth:Authority", "https://id.example.org/realms/city"));

        var (code, output, error) = RunCommand(configuration, "staff");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("Auth:Authority is configured (https://id.example.org/realms/city)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void In_the_demo_citys_districts_mode_the_token_command_names_the_demo_peoples_home_district()
    {
        static string? HomeDistrictOf(IConfiguration configuration, params string[] args)
        {
            var (code, output, error) = RunCommand(configuration, args);
            Assert.True(code == 0, error);
            var payload = output.Trim().Split('.')[1].Replace('-', '+').Replace('_', '/');
            var claims = JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')))!;
            return claims["home_district"]?.GetValue<string>();
        }

        var districts = Configuration(("Demo:Districts", "north,south"));
        var southVolunteer = DemoCity.Cast.Volunteers.First(v => DemoCity.Cast.Communities.Single(c => c.Id == v.HomeCommunityId).District == DemoCity.Districts[1]);
        Assert.Equal("north", HomeDistrictOf(districts, "volunteer"));
        Assert.Equal("north", HomeDistrictOf(districts, "staff"));
        Assert.Equal("north", HomeDistrictOf(districts, "admin"));
        Assert.Equal("south", HomeDistrictOf(districts, "--sub", southVolunteer.Id.ToString(), "--role", "volunteer"));
        Assert.Equal("east", HomeDistrictOf(districts, "--sub", Guid.CreateVersion7().ToString(), "--role", "volunteer", "--home-district", "east"));
        Assert.Null(HomeDistrictOf(districts, "--sub", Guid.CreateVersion7().ToString(), "--role", "city_admin"));
        Assert.Null(HomeDistrictOf(Configuration(), "volunteer"));
    }

    private static string MintWithCommand(params string[] args)
    {
        var (code, output, error) = RunCommand(Configuration(), args);
        Assert.True(code == 0, error);
        Assert.Empty(error);
        // Only the token, on one line: TOKEN=$(... token staff) takes it whole.
        Assert.EndsWith(Environment.NewLine, output, StringComparison.Ordinal);
        var token = output.TrimEnd();
        Assert.DoesNotContain('\n', token);
        return token;
    }

    private static (int Code, string Output, string Error) RunCommand(IConfiguration configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = TokenCommand.Run(args, configuration, AppContext.BaseDirectory, TimeProvider.System, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The test host's configuration as far as tokens go: its signing key.</summary>
    private static IConfiguration Configuration(params (string Key, string Value)[] more) =>
        new ConfigurationBuilder().AddInMemoryCollection(
        [
            new($"Secrets:{TokenIssuer.SigningKeyName}", Convert.ToBase64String(TestTokens.SigningKey)),
            .. more.Select(m => new KeyValuePair<string, string?>(m.Key, m.Value)),
        ]).Build();

    private const string GraphQLResponseJson = "application/graphql-response+json";

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static AuthenticationHeaderValue CredentialsOf(string kind)
    {
        var admin = new TokenClaims(AdminId, "city_admin");
        var now = DateTimeOffset.UtcNow;
        return kind switch
        {
            // An admin's claims under the signature of a genuine volunteer token.
            "forged signature" => Bearer(WithPayloadOf(TestTokens.For(Guid.CreateVersion7(), "volunteer"), TestTokens.For(AdminId, "city_admin"))),
            "signed with another key" => Bearer(new TokenIssuer(AuthSettings.LocalIssuer, AuthSettings.DefaultAudience,
                RandomNumberGenerator.GetBytes(TokenIssuer.SigningKeyBytes), TimeProvider.System).Issue(admin, TimeSpan.FromHours(1))),
            "expired" => Bearer(TestTokens.IssuerAt(new FixedClock(now.AddHours(-2))).Issue(admin, TimeSpan.FromHours(1))),
            "not yet valid" => Bearer(TestTokens.IssuerAt(new FixedClock(now.AddHours(1))).Issue(admin, TimeSpan.FromHours(1))),
            "wrong issuer" => Bearer(new TokenIssuer("https://elsewhere.example", AuthSettings.DefaultAudience, TestTokens.SigningKey, TimeProvider.System)
                .Issue(admin, TimeSpan.FromHours(1))),
            "wrong audience" => Bearer(new TokenIssuer(AuthSettings.LocalIssuer, "another-service", TestTokens.SigningKey, TimeProvider.System)
                .Issue(admin, TimeSpan.FromHours(1))),
            "alg none" => Bearer(Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + TestTokens.For(AdminId, "city_admin").Split('.')[1] + "."),
            "garbage" => Bearer("not-a-token"),
            "empty bearer" => new AuthenticationHeaderValue("Bearer"),
            "basic credentials" => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin"))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static string WithPayloadOf(string signed, string other)
    {
        var parts = signed.Split('.');
        return $"{parts[0]}.{other.Split('.')[1]}.{parts[2]}";
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static object RegisterCommunityVariables(Guid communityId) =>
        new { input = new { commandId = Guid.CreateVersion7(), communityId, name = "Token test", street = "Token street", district = "Token district" } };

    private async Task<HttpResponseMessage> PostAsync(AuthenticationHeaderValue? credentials, string query, object? variables, string accept)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        request.Headers.Authorization = credentials;
        request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }

    private async Task<int> CountEventsAsync()
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
