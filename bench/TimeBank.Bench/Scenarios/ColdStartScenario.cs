using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>
/// Cold start: a new API process on the existing database, from process start to the first 200 on /health/ready and
/// to the first answered GraphQL request. The very first start of the run (which also created the schema) is shown
/// beside it.
/// </summary>
public sealed class ColdStartScenario : IBenchScenario
{
    public string Name => "coldstart";

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var memory = run.Api.Memory();
        run.MemoryAfterFirstLoad ??= memory;
        await run.Api.StopAsync();
        await run.Api.DisposeAsync();
        run.Api = await ApiProcess.StartAsync(run.ApiOptions, cancellation);
        Console.WriteLine($"  restart: ready after {BenchRun.Seconds(run.Api.ReadyAfter)}, first GraphQL answer after {BenchRun.Seconds(run.Api.FirstGraphQLAnswerAfter)}");
        var build = run.ApiOptions.AssemblyPath is null ? "build output" : "ReadyToRun publish";
        return
        [
            new Figure("cold start to the first GraphQL answer (restart on an existing database)", BenchRun.Seconds(run.Api.FirstGraphQLAnswerAfter), "", "", "≤ 1.0 s",
                $"/health/ready 200 after {BenchRun.Seconds(run.Api.ReadyAfter)}; {build}"),
            new Figure("first start of the run (creates the schema)", BenchRun.Seconds(run.FirstStart.FirstGraphQL), "", "", "",
                $"/health/ready 200 after {BenchRun.Seconds(run.FirstStart.Ready)}"),
        ];
    }
}
