using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Year-end bulk issuance of certificates (issue 17). A community of its own is set up through GraphQL with
/// <c>--volunteers</c> volunteers, each credited one record this year; then staff start <c>startBulkIssuance</c> for the
/// year and the job (durable background work, <see cref="Steps"/> volunteers a step) is polled through
/// <c>bulkIssuance</c> every 50 ms until it is completed: certificates/s = certificates issued / the time from sending the
/// mutation to the answer that says completed. Issuance does not render PDFs, so that is "PDF excluded". "PDF included"
/// adds the time to fetch every issued certificate's PDF (<c>GET /certificates/{id}/pdf</c>, rendered by the service on
/// each request), one after another as a job issuing and rendering each in turn would. Before the timed job, a warm-up
/// community of <see cref="WarmUpVolunteers"/> volunteers goes through the same job and PDFs, untimed, so that the timed
/// ones do not pay the JIT's first compilations and tier-up, nor the font's first load. Both rows are beside pgbench tps
/// of the same run.
/// </summary>
public sealed class BulkIssueScenario : IBenchScenario
{
    private const int WarmUpVolunteers = 40;

    /// <summary>Volunteers per step of the job (ContinueBulkIssuanceHandler.StepSize), for the description only.</summary>
    private const int Steps = 10;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    public string Name => "bulk-issue";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var warmUp = await SetUpAsync(run, WarmUpVolunteers, cancellation);
        var warmJob = await IssueAsync(run, warmUp, cancellation);
        var warmPdfs = await RenderAsync(run, warmUp, await CertificatesOfAsync(run, warmUp, cancellation), cancellation);
        Console.WriteLine($"  warm-up: {warmJob.Issued} certificates in {BenchRun.Seconds(warmJob.Elapsed)}, their PDFs in {BenchRun.Seconds(warmPdfs.Elapsed)} (not recorded)");

        var volunteers = run.Settings.Volunteers;
        var city = await SetUpAsync(run, volunteers, cancellation);
        var job = await IssueAsync(run, city, cancellation);
        var perSecond = job.Issued / job.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bulk issuance of {job.Total} volunteers: {job.Issued} issued, {job.Failures} failed, in {BenchRun.Seconds(job.Elapsed)} ({perSecond:0.0} certificates/s; the job's own startedAt → finishedAt {BenchRun.Seconds(job.ServerElapsed)})"));
        Console.WriteLine("    CPU per certificate: " + job.Cpu.PerOperation(job.Issued));

        var certificates = await CertificatesOfAsync(run, city, cancellation);
        var pdfs = await RenderAsync(run, city, certificates, cancellation);
        var withPdf = job.Issued / (job.Elapsed + pdfs.Elapsed).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {pdfs.Count} PDFs one after another in {BenchRun.Seconds(pdfs.Elapsed)} ({pdfs.Count / pdfs.Elapsed.TotalSeconds:0.0}/s, {pdfs.Bytes / pdfs.Count / 1024.0:0} KiB each): {withPdf:0.0} certificates/s with their PDFs"));
        Console.WriteLine("    CPU per PDF: " + pdfs.Cpu.PerOperation(pdfs.Count));

        var pgbench = await run.PgbenchAsync(cancellation);
        var baseline = $"pgbench INSERT {BenchRun.Number(pgbench.Tps)} tps";
        return
        [
            new Figure($"bulk issuance of {job.Total:#,0} volunteers' certificates, PDF excluded: certificates/s", Rate(perSecond), baseline, BenchRun.Percent(perSecond / pgbench.Tps), "",
                $"{job.Failures} failed; {BenchRun.Seconds(job.Elapsed)} from startBulkIssuance to bulkIssuance COMPLETED (polled every {PollEvery.TotalMilliseconds:0} ms; the job's own startedAt → finishedAt {BenchRun.Seconds(job.ServerElapsed)}), {Steps} volunteers a step; CPU per certificate: {job.Cpu.PerOperation(job.Issued)}"),
            new Figure($"bulk issuance of {job.Total:#,0} volunteers' certificates, PDF included: certificates/s", Rate(withPdf), baseline, BenchRun.Percent(withPdf / pgbench.Tps), "",
                string.Create(CultureInfo.InvariantCulture,
                    $"the job's time + {BenchRun.Seconds(pdfs.Elapsed)} for {pdfs.Count} PDFs over GET /certificates/{{id}}/pdf, one after another ({pdfs.Count / pdfs.Elapsed.TotalSeconds:0.0} PDFs/s, {pdfs.Bytes / pdfs.Count / 1024.0:0} KiB each); CPU per PDF: {pdfs.Cpu.PerOperation(pdfs.Count)}")),
        ];
    }

    private static string Rate(double perSecond) => perSecond.ToString(perSecond < 100 ? "0.0" : "#,0", CultureInfo.InvariantCulture);

    /// <summary>A community of its own with <paramref name="volunteers"/> volunteers, each credited one record; the async projections caught up.</summary>
    private static async Task<GraphQLCity> SetUpAsync(BenchRun run, int volunteers, CancellationToken cancellation)
    {
        Console.Write($"  set-up: a community of {volunteers} volunteers, one credited record each ");
        var clock = Stopwatch.StartNew();
        var city = await GraphQLCity.SetUpAsync(run.Client, run.ApiOptions.Tokens, volunteers, cancellation);
        await BenchCertificates.CreditOneRecordEachAsync(run.Client, city, Enumerable.Range(0, volunteers), cancellation);
        var caughtUp = await run.WaitForProjectionsAsync(cancellation);
        Console.WriteLine($"→ {BenchRun.Seconds(clock.Elapsed)} (async projections caught up in {BenchRun.Seconds(caughtUp)})");
        return city;
    }

    private sealed record JobResult(int Total, int Issued, int Failures, TimeSpan Elapsed, TimeSpan ServerElapsed, CpuTimes Cpu);

    /// <summary>Starts the year's bulk issuance of the city's community and polls it until it is completed.</summary>
    private static async Task<JobResult> IssueAsync(BenchRun run, GraphQLCity city, CancellationToken cancellation)
    {
        var jobId = Guid.CreateVersion7();
        var before = run.Cpu.Read();
        var clock = Stopwatch.StartNew();
        (await run.Client.PostAsync(city.Staff, BenchCertificates.StartBulkMutation, BenchCertificates.BulkStart(jobId, city), cancellation)).Ok("startBulkIssuance.jobId");
        while (true)
        {
            var job = (await run.Client.PostAsync(city.Staff, BenchCertificates.BulkQuery, new { jobId }, cancellation)).Ok("bulkIssuance");
            if (job["status"]!.GetValue<string>() == "COMPLETED")
            {
                var elapsed = clock.Elapsed;
                var cpu = run.Cpu.Read() - before;
                var failures = job["failures"]!.AsArray();
                if (failures.Count > 0)
                {
                    Console.WriteLine($"    first failure: {failures[0]!["code"]} {failures[0]!["message"]}");
                }

                var server = DateTimeOffset.Parse(job["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)
                    - DateTimeOffset.Parse(job["startedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                return new JobResult(job["total"]!.GetValue<int>(), job["issued"]!.GetValue<int>(), failures.Count, elapsed, server, cpu);
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"The bulk issuance was not completed after 10 minutes: {job.ToJsonString()}");
            }

            await Task.Delay(PollEvery, cancellation);
        }
    }

    /// <summary>The ids of the certificates issued to the city's volunteers (not timed).</summary>
    private static async Task<IReadOnlyList<Guid>> CertificatesOfAsync(BenchRun run, GraphQLCity city, CancellationToken cancellation)
    {
        var ids = new List<Guid>();
        foreach (var volunteerId in city.Volunteers)
        {
            var certificates = (await run.Client.PostAsync(city.Staff, BenchCertificates.CertificatesQuery, new { volunteerId }, cancellation)).Ok("certificates").AsArray();
            ids.AddRange(certificates.Where(c => c!["status"]!.GetValue<string>() == "ISSUED").Select(c => Guid.Parse(c!["certificateId"]!.GetValue<string>())));
        }

        return ids;
    }

    private sealed record PdfResult(int Count, long Bytes, TimeSpan Elapsed, CpuTimes Cpu);

    /// <summary>Fetches every certificate's PDF with the staff's token, one after another; each must be a PDF.</summary>
    private static async Task<PdfResult> RenderAsync(BenchRun run, GraphQLCity city, IReadOnlyList<Guid> certificates, CancellationToken cancellation)
    {
        var bytes = 0L;
        var before = run.Cpu.Read();
        var clock = Stopwatch.StartNew();
        foreach (var id in certificates)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"certificates/{id}/pdf", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", city.Staff);
            using var response = await run.Client.Http.SendAsync(request, cancellation);
            var pdf = await response.Content.ReadAsByteArrayAsync(cancellation);
            if (!response.IsSuccessStatusCode || pdf.Length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F')
            {
                throw new InvalidOperationException($"GET /certificates/{id}/pdf answered {(int)response.StatusCode}, not a PDF.");
            }

            bytes += pdf.Length;
        }

        return new PdfResult(certificates.Count, bytes, clock.Elapsed, run.Cpu.Read() - before);
    }
}
