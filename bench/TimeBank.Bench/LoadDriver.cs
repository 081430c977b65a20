using System.Diagnostics;
using System.Globalization;

namespace TimeBank.Bench;

/// <summary>
/// What a load run measured: operations that succeeded, failures, every latency (sorted), and the CPU time each party spent
/// in the recorded window.
/// </summary>
public sealed record LoadResult(long Succeeded, long Failed, TimeSpan Elapsed, double[] SortedLatenciesMs, CpuTimes Cpu)
{
    public double OpsPerSecond => Succeeded / Elapsed.TotalSeconds;

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    /// <summary>Nearest-rank percentile of the recorded latencies (all of them are kept: a sorted array is exact).</summary>
    public double Percentile(double percent)
    {
        if (SortedLatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * SortedLatenciesMs.Length);
        return SortedLatenciesMs[Math.Clamp(rank - 1, 0, SortedLatenciesMs.Length - 1)];
    }

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{OpsPerSecond:0} ops/s, p50 {P50:0.00} ms, p99 {P99:0.00} ms ({Succeeded} ok, {Failed} failed in {Elapsed.TotalSeconds:0.0} s)");

    /// <summary>CPU per operation of the API, PostgreSQL and the driver, e.g. for a figure's note.</summary>
    public string CpuPerOperation => "CPU per op: " + Cpu.PerOperation(Succeeded + Failed);
}

/// <summary>
/// N concurrent workers, each running one operation after another until the time is up (closed loop). The first part of
/// the time warms up (connections, JIT, caches) and is not recorded; the CPU time of the API, PostgreSQL and this process
/// is read at the start and the end of the recorded part.
/// </summary>
public static class LoadDriver
{
    /// <param name="operation">One operation by worker number; true when it succeeded. An exception counts as a failure.</param>
    public static async Task<LoadResult> RunAsync(
        string name, int workers, TimeSpan duration, CpuMeter cpu, Func<int, CancellationToken, Task<bool>> operation, CancellationToken cancellation)
    {
        var warmUp = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, duration.Ticks / 5));
        var started = Stopwatch.GetTimestamp();
        var recordFrom = started + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = recordFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[workers];
        var failures = new long[workers];
        var firstError = (string?)null;

        Console.Write($"  {name}: {workers} workers, {warmUp.TotalSeconds:0.#} s warm-up + {duration.TotalSeconds:0.#} s ");
        var cpuInWindow = Task.Run(async () =>
        {
            await Task.Delay(Until(recordFrom), cancellation);
            var before = cpu.Read();
            await Task.Delay(Until(stopAt), cancellation);
            return cpu.Read() - before;
        }, cancellation);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (!cancellation.IsCancellationRequested)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= stopAt)
                {
                    return;
                }

                bool ok;
                try
                {
                    ok = await operation(worker, cancellation);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException)
                {
                    ok = false;
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }

                var after = Stopwatch.GetTimestamp();
                if (before < recordFrom || after > stopAt)
                {
                    continue;
                }

                if (ok)
                {
                    mine.Add((after - before) * 1000.0 / Stopwatch.Frequency);
                }
                else
                {
                    failures[worker]++;
                }
            }
        }, cancellation)));

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var result = new LoadResult(all.Length, failures.Sum(), duration, all, await cpuInWindow);
        Console.WriteLine("→ " + result.Summary);
        Console.WriteLine("    " + result.CpuPerOperation);
        if (firstError is not null)
        {
            Console.WriteLine($"    first error: {firstError}");
        }

        return result;
    }

    /// <summary>The time left until a <see cref="Stopwatch"/> timestamp; zero once it has passed.</summary>
    private static TimeSpan Until(long timestamp) =>
        TimeSpan.FromSeconds(Math.Max(0, timestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
}
