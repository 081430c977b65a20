using System.Globalization;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Public verification of certificates (issue 17): <see cref="Certificates"/> certificates are issued in the set-up (one
/// credited record each for as many volunteers, then <c>issueCertificate</c> directly by staff); then 64 connections,
/// without a token, each ask <c>GET /certificates/verify?number=&amp;code=</c> of a random one of them and expect the
/// verdict valid. Beside <c>GET /ping</c> of the same process with as many connections (the balance scenario's baseline,
/// measured once a run). The service runs with <c>Verification:PerMinute</c> raised (Program.cs): every request comes
/// from 127.0.0.1, which the per-client limit would otherwise stop after 30 a minute.
/// </summary>
public sealed class CertificateVerifyScenario : IBenchScenario
{
    private const int Connections = 64;

    private const int Certificates = 16;

    public string Name => "verify-certificate";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var city = run.City;
        var volunteers = Enumerable.Range(0, Math.Min(Certificates, city.Volunteers.Count)).ToArray();
        await BenchCertificates.CreditOneRecordEachAsync(run.Client, city, volunteers, cancellation);
        var issued = new List<BenchCertificates.Issued>();
        foreach (var volunteer in volunteers)
        {
            issued.Add(await BenchCertificates.IssueDirectlyAsync(run.Client, city, volunteer, cancellation));
        }

        var addresses = issued.Select(c => new Uri(
            $"certificates/verify?number={Uri.EscapeDataString(c.Number)}&code={Uri.EscapeDataString(c.Code)}", UriKind.Relative)).ToArray();
        Console.WriteLine($"  set-up: {issued.Count} certificates issued ({issued[0].Number} … {issued[^1].Number})");
        var load = await LoadDriver.RunAsync("GET /certificates/verify", Connections, run.Settings.Duration, run.Cpu, async (_, ct) =>
        {
            using var response = await run.Client.Http.GetAsync(addresses[Random.Shared.Next(addresses.Length)], ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode && body.Contains("\"verdict\":\"VALID\"", StringComparison.Ordinal);
        }, cancellation);
        var ping = await run.PingAsync(Connections, cancellation);
        var requests = load.Succeeded + load.Failed;
        return
        [
            new Figure($"public certificate verification, GET /certificates/verify (number + code, no token), {Connections} connections: req/s",
                BenchRun.Number(load.OpsPerSecond), $"GET /ping {BenchRun.Number(ping.OpsPerSecond)} req/s", BenchRun.Percent(load.OpsPerSecond / ping.OpsPerSecond), "",
                string.Create(CultureInfo.InvariantCulture, $"{load.Failed} failed (not 200 or not valid); {issued.Count} certificates verified at random")),
            new Figure("verify certificate: p50 / p99", $"{BenchRun.Ms(load.P50)} / {BenchRun.Ms(load.P99)}", $"/ping {BenchRun.Ms(ping.P50)} / {BenchRun.Ms(ping.P99)}", "", ""),
            new Figure("verify certificate: CPU per request", load.Cpu.PerOperation(requests), "/ping: " + ping.Cpu.PerOperation(ping.Succeeded + ping.Failed), "", ""),
        ];
    }
}
