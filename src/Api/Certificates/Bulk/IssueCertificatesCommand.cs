using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace TimeBank.Api.Certificates.Bulk;

/// <summary>
/// <c>dotnet run --project src/Api -- issue-certificates --community &lt;uuid&gt; --year 2026 --person-in-charge … --handling-officer … --contact …</c>:
/// starts a year-end bulk issuance on the running service (its GraphQL API, with the caller's bearer token from
/// <c>--token</c> or <c>TIMEBANK_TOKEN</c>) and shows its progress as a bar until it completes, then the failures. Run
/// again with the same <c>--job</c>, it follows the job already started (after a restart of the service too).
/// </summary>
public static class IssueCertificatesCommand
{
    public const string Name = "issue-certificates";

    public const string Usage = """
        Usage:
          issue-certificates --community <uuid> --year <yyyy> --person-in-charge <name> --handling-officer <name> --contact <text>
                             [--notes <text>] [--job <uuid>] [--url http://localhost:5162] [--token <bearer token>]
        Starts issuing the year's certificates to every volunteer with verified service in the community, on the running
        service, and shows the progress. The token (or TIMEBANK_TOKEN) is a staff member's of the community or a city admin's.
        """;

    private const string Start = """
        mutation($input: StartBulkIssuanceInput!) { startBulkIssuance(input: $input) { jobId } }
        """;

    private const string Progress = """
        query($id: ID!) { bulkIssuance(jobId: $id) { status total done issued failures { volunteerId code message } } }
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HttpClient? client, IAnsiConsole console, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        var token = options.GetValueOrDefault("--token") ?? Environment.GetEnvironmentVariable("TIMEBANK_TOKEN");
        if (args.Count % 2 != 0 || token is null || !Guid.TryParse(options.GetValueOrDefault("--community"), out var community)
            || !int.TryParse(options.GetValueOrDefault("--year"), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            console.MarkupLine("[red]Give the community, the year, the signatories and a token.[/]");
            console.WriteLine(Usage);
            return 1;
        }

        var jobId = Guid.TryParse(options.GetValueOrDefault("--job"), out var job) ? job : Guid.CreateVersion7();
        using var owned = client is null ? new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("--url") ?? "http://localhost:5162") } : null;
        var http = client ?? owned!;
        var started = await PostAsync(http, token, Start, new
        {
            input = new
            {
                commandId = jobId, communityId = community, year,
                personInCharge = options.GetValueOrDefault("--person-in-charge") ?? "", handlingOfficer = options.GetValueOrDefault("--handling-officer") ?? "",
                contact = options.GetValueOrDefault("--contact") ?? "", notes = options.GetValueOrDefault("--notes") ?? "",
            },
        }, cancellation);
        if (started["errors"] is JsonArray { Count: > 0 } errors)
        {
            console.MarkupLineInterpolated($"[red]Not started[/] ({errors[0]?["extensions"]?["code"]}): {errors[0]?["message"]}");
            return 1;
        }

        console.MarkupLineInterpolated($"Bulk issuance [bold]{jobId}[/] started; running with --job {jobId} follows it again.");
        JsonNode? state = null;
        await console.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var bar = progress.AddTask($"Issuing {year} certificates");
            while (true)
            {
                state = (await PostAsync(http, token, Progress, new { id = jobId }, cancellation))["data"]?["bulkIssuance"];
                if (state is null)
                {
                    return;
                }

                bar.MaxValue = state["total"]!.GetValue<int>();
                bar.Value = state["done"]!.GetValue<int>();
                if (state["status"]!.GetValue<string>() == "COMPLETED")
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
            }
        });
        if (state is null)
        {
            console.MarkupLine("[red]The job cannot be read with this token.[/]");
            return 1;
        }

        var failures = state["failures"]!.AsArray();
        console.MarkupLineInterpolated($"Issued [green]{state["issued"]}[/] of {state["total"]}; {failures.Count} not issued.");
        if (failures.Count > 0)
        {
            var table = new Table().AddColumns("volunteer", "code", "why");
            foreach (var failure in failures)
            {
                table.AddRow(Markup.Escape(failure!["volunteerId"]!.GetValue<string>()), Markup.Escape(failure["code"]!.GetValue<string>()),
                    Markup.Escape(failure["message"]!.GetValue<string>()));
            }

            console.Write(table);
        }

        return 0;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string token, string query, object variables, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative)) { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellation);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellation)) ?? new JsonObject();
    }
}
