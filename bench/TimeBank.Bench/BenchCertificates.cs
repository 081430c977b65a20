using System.Globalization;
using TimeBank.Ledger.Units;
using TimeBank.TestSupport;

namespace TimeBank.Bench;

/// <summary>
/// What the certificate scenarios set up through GraphQL: credited service for volunteers of a city (one record each,
/// submitted and verified as the credit scenario does), certificates issued directly by its staff, and the mutation and
/// query of a year-end bulk issuance.
/// </summary>
public static class BenchCertificates
{
    public const string IssueMutation = """
        mutation($input: IssueCertificateInput!) { issueCertificate(input: $input) { certificate { certificateId number verificationCode status } } }
        """;

    public const string StartBulkMutation = """
        mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId status total } }
        """;

    public const string BulkQuery = """
        query($jobId: ID!) { bulkIssuance(jobId: $jobId) { status total done issued failures { code message } startedAt finishedAt } }
        """;

    public const string CertificatesQuery = """
        query($volunteerId: ID!) { certificates(volunteerId: $volunteerId) { certificateId status } }
        """;

    /// <summary>An issued certificate: its id, and the number and code printed on it.</summary>
    public sealed record Issued(Guid CertificateId, string Number, string Code);

    /// <summary>Today in China time: the day certificates are numbered and their periods end.</summary>
    public static DateOnly Today => ChinaTime.DayOf(DateTimeOffset.UtcNow);

    /// <summary>One record of 15 minutes, submitted and verified (which credits it), for each of the volunteers given.</summary>
    public static async Task CreditOneRecordEachAsync(GraphQLHttpClient client, GraphQLCity city, IEnumerable<int> volunteers, CancellationToken cancellation) =>
        await Parallel.ForEachAsync(volunteers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (volunteer, ct) =>
        {
            var recordId = Guid.CreateVersion7();
            (await client.PostAsync(city.Staff, GraphQLCity.SubmitMutation, city.Submission(volunteer, Guid.CreateVersion7(), recordId), ct))
                .Ok("submitServiceRecord.record.recordId");
            (await client.PostAsync(city.Staff, GraphQLCity.VerifyMutation, GraphQLCity.Verification(Guid.CreateVersion7(), [recordId]), ct))
                .Ok("verifyServiceRecords.recordIds");
        });

    /// <summary>The city's staff issue a certificate directly to volunteer number <paramref name="volunteer"/>, over the last year up to today.</summary>
    public static async Task<Issued> IssueDirectlyAsync(GraphQLHttpClient client, GraphQLCity city, int volunteer, CancellationToken cancellation)
    {
        var answer = await client.PostAsync(city.Staff, IssueMutation, new
        {
            input = new
            {
                commandId = Guid.CreateVersion7(), volunteerId = city.Volunteers[volunteer], communityId = city.CommunityId,
                from = Day(Today.AddDays(-365)), to = Day(Today), personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "",
            },
        }, cancellation);
        var certificate = answer.Ok("issueCertificate.certificate");
        return new Issued(Guid.Parse(certificate["certificateId"]!.GetValue<string>()), certificate["number"]!.GetValue<string>(),
            certificate["verificationCode"]!.GetValue<string>());
    }

    public static object BulkStart(Guid jobId, GraphQLCity city) => new
    {
        input = new { commandId = jobId, communityId = city.CommunityId, year = Today.Year, personInCharge = "李主任", handlingOfficer = "赵经办", contact = "0532-8888 8888", notes = "年度证明" },
    };

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
