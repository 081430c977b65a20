using TimeBank.LocalDatabase;
using TimeBank.Bench;
using TimeBank.Bench.Scenarios;
using TimeBank.TestSupport;

// The scenarios, in the order they run. One class per figure; a new figure is one more class here. Three nodes, the web
// pages and the city run only when named (BenchSettings.OnlyWhenNamed); the city last: it stops the API, copies a city in and rebuilds
// every read model.
IBenchScenario[] all = [new CreditScenario(), new BalanceScenario(), new VerifyBatchScenario(), new SpendOneAccountScenario(), new HistoryScenario(), new MemoryScenario(), new ColdStartScenario(), new RebuildScenario(),
    new CertificateVerifyScenario(), new BulkIssueScenario(), new TimeBankScenario(), new ClusterScenario(), new DistrictClusterScenario(), new WebPagesScenario(), new CityScenario()];

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args, [.. all.Select(s => s.Name)]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var root = LocalPostgres.FindProjectRoot(AppContext.BaseDirectory);
var cluster = new LocalPostgres(new LocalPostgresOptions(root));
if (!await StatementCounter.LoadedAsync(await cluster.EnsureRunningAsync(stop.Token), stop.Token))
{
    // A cluster started before it loaded pg_stat_statements (ADR 0018) takes it at its next start.
    Console.WriteLine("Restarting the local cluster to load pg_stat_statements");
    await cluster.StopAsync(stop.Token);
    await cluster.EnsureRunningAsync(stop.Token);
}

var connectionString = await cluster.CreateDatabaseAsync("timebank_bench", stop.Token);
var rebuildConnectionString = await cluster.CreateDatabaseAsync("timebank_bench_rebuild", stop.Token);
Console.WriteLine($"TimeBank benchmark on {BenchReport.Machine()}");
Console.WriteLine($"  scenarios: {string.Join(", ", settings.Scenarios)}; {settings.Duration.TotalSeconds:0.#} s per load");

var options = new ApiProcessOptions(connectionString)
{
    AssemblyPath = settings.BuildOutput ? null : await ApiPublish.PublishAsync(root, stop.Token),
    // Every request of the load comes from 127.0.0.1: the per-client limit of public verification (30 a minute by
    // default) would refuse all but the first few of the verify-certificate scenario.
    Environment = new Dictionary<string, string> { ["Verification__PerMinute"] = "10000000" },
};
var api = await ApiProcess.StartAsync(options, stop.Token);
Console.WriteLine($"  API pid {api.Pid} at {options.BaseAddress}: ready after {BenchRun.Seconds(api.ReadyAfter)}, first GraphQL answer after {BenchRun.Seconds(api.FirstGraphQLAnswerAfter)}");
using var client = new GraphQLHttpClient(options.BaseAddress, maxConnections: 64);
var city = await GraphQLCity.SetUpAsync(client, options.Tokens, settings.Volunteers, stop.Token);
Console.WriteLine($"  city: 1 community, 1 project, {city.Volunteers.Count} volunteers (set up through GraphQL)");

var run = new BenchRun(settings, connectionString, rebuildConnectionString, options)
{
    Api = api,
    Client = client,
    City = city,
    PostmasterPid = await CpuMeter.PostmasterOfAsync(connectionString, stop.Token),
    Statements = await StatementCounter.CreateAsync(connectionString, stop.Token),
    FirstStart = (api.ReadyAfter, api.FirstGraphQLAnswerAfter),
};
var figures = new List<Figure>();
try
{
    foreach (var scenario in all.Where(s => settings.Scenarios.Contains(s.Name)))
    {
        Console.WriteLine($"[{scenario.Name}]");
        try
        {
            figures.AddRange(await scenario.RunAsync(run, stop.Token));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // What the service logged (warnings and errors) says why an answer was an internal error.
            Console.Error.WriteLine($"The scenario {scenario.Name} failed; the API's last lines:\n{run.Api.OutputTail}");
            throw;
        }

        if (scenario is CreditScenario or BalanceScenario)
        {
            run.MemoryAfterFirstLoad = run.Api.Memory();
        }
    }
}
finally
{
    try
    {
        await run.Api.DisposeAsync();
    }
    catch (InvalidOperationException)
    {
        // Already stopped by a scenario that failed before it started the service again (city): its own error is the one to see.
    }
}

BenchReport.Print(figures);
if (settings.WriteDocs)
{
    var path = Path.Combine(root, "docs", "benchmarks.md");
    BenchReport.Write(path, BenchReport.Markdown(figures, settings, DateTimeOffset.UtcNow));
    Console.WriteLine($"Written to {path}");
}

return 0;
