using System.Text.Json.Nodes;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>A community with a volunteer whose service it verified, and the certificate mutations and verification over GraphQL.</summary>
public sealed class CertificateScenario
{
    public const string CertificateFields = "certificateId status number verificationCode totalMinutes starLevel organization records { recordId day minutes content project } revocationCategory";

    public const string VerifyQuery = """
        query($number: String!, $code: String!, $name: String, $idNumber: String) {
          verifyCertificate(number: $number, code: $code, name: $name, idNumber: $idNumber) {
            verdict message number organization totalMinutes recordCount maskedName idType maskedIdNumber personMatches revokedAt revocationCategory
            recordsRevokedAfterIssue { recordId day revokedAt }
          }
        }
        """;

    public const string Name = "王小明";
    public const string IdNumber = "11010519491231002X";

    private readonly TimeBankApp _app;

    private CertificateScenario(TimeBankApp app, TestCity city, Guid volunteerId)
    {
        _app = app;
        City = city;
        VolunteerId = volunteerId;
        Client = new LedgerGraphQLClient(app);
    }

    public TestCity City { get; }
    public Guid VolunteerId { get; }
    public LedgerGraphQLClient Client { get; }
    public string Staff => TestTokens.For(City.Staff);
    public string Volunteer => TestTokens.For(Actor.Volunteer(VolunteerId));

    /// <summary>The whole period up to today (China time).</summary>
    public static (DateOnly From, DateOnly To) Period => (ChinaTime.DayOf(DateTimeOffset.UtcNow).AddDays(-60), ChinaTime.DayOf(DateTimeOffset.UtcNow));

    /// <summary>A community, a volunteer with a name and an ID, and <paramref name="records"/> credited hours of service.</summary>
    public static async Task<CertificateScenario> CreateAsync(TimeBankApp app, int records = 2, string district = "市南区")
    {
        var city = await TestCity.CreateAsync(app, district);
        var volunteerId = Guid.CreateVersion7();
        TestCity.Accept(await app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), new RegisterVolunteer(volunteerId, city.CommunityId,
            "V-" + volunteerId.ToString("N")[^12..], city.Staff, new PersonalDetails(Name, null, NationalIdType.ResidentIdCard, IdNumber)))));
        var scenario = new CertificateScenario(app, city, volunteerId);
        for (var day = 1; day <= records; day++)
        {
            scenario.RecordIds.Add(await city.CreditedRecordAsync(volunteerId, day * 3));
        }

        return scenario;
    }

    public List<Guid> RecordIds { get; } = [];

    public Task<GraphQLAnswer> RequestAsync(Guid commandId, DateOnly from, DateOnly to, Guid? communityId = null) =>
        Client.SendAsync(Volunteer, $"mutation($input: RequestCertificateInput!) {{ requestCertificate(input: $input) {{ replayed certificate {{ {CertificateFields} }} }} }}",
            new { input = new { commandId, communityId = communityId ?? City.CommunityId, from = Day(from), to = Day(to) } });

    /// <summary>Issues the request <paramref name="certificateId"/>, or (with a subject) directly.</summary>
    public Task<GraphQLAnswer> IssueAsync(string token, Guid commandId, Guid? certificateId = null, bool direct = false, DateOnly? from = null, DateOnly? to = null, Guid? volunteerId = null) =>
        Client.SendAsync(token, $"mutation($input: IssueCertificateInput!) {{ issueCertificate(input: $input) {{ replayed certificate {{ {CertificateFields} }} }} }}",
            new
            {
                input = direct
                    ? (object)new
                    {
                        commandId, certificateId, volunteerId = volunteerId ?? VolunteerId, communityId = City.CommunityId,
                        from = Day(from ?? Period.From), to = Day(to ?? Period.To),
                        personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "",
                    }
                    : new { commandId, certificateId, personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "年度证明" },
            });

    public async Task<JsonNode> IssueDirectlyAsync() =>
        (await IssueAsync(Staff, Guid.CreateVersion7(), direct: true)).Ok("issueCertificate.certificate");

    public Task<GraphQLAnswer> RevokeAsync(Guid certificateId, string category = "ISSUED_IN_ERROR", string reason = "期间有误") =>
        Client.SendAsync(Staff, "mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { certificate { status revokedAt revocationCategory } } }",
            new { input = new { commandId = Guid.CreateVersion7(), certificateId, category, reason } });

    /// <summary>Public verification: no token.</summary>
    public Task<GraphQLAnswer> VerifyAsync(string number, string code, string? name = null, string? idNumber = null) =>
        Client.SendAsync(null, VerifyQuery, new { number, code, name, idNumber });

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
