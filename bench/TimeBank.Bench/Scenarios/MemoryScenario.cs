using TimeBank.TestSupport;

namespace TimeBank.Bench.Scenarios;

/// <summary>The API process's peak resident memory (VmHWM) under the first load, and now.</summary>
public sealed class MemoryScenario : IBenchScenario
{
    public string Name => "memory";

    public Task<IReadOnlyList<Figure>> RunAsync(BenchRun run, CancellationToken cancellation)
    {
        var now = run.Api.Memory();
        var first = run.MemoryAfterFirstLoad ?? now;
        IReadOnlyList<Figure> figures =
        [
            new Figure("API process peak RSS (VmHWM) under the first load", ProcessMemory.Megabytes(first.PeakResidentBytes), "", "", "≤ 250 MB",
                $"RSS now {ProcessMemory.Megabytes(now.ResidentBytes)}, peak so far {ProcessMemory.Megabytes(now.PeakResidentBytes)}"),
        ];
        return Task.FromResult(figures);
    }
}
