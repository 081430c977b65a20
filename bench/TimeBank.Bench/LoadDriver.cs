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
/// N concurrent workers, each running one operation after another until the time is up (closed loop). The load first
/// warms up (connections, JIT tier-up, caches) and is not recorded until it has settled: until three consecutive 1 s
/// windows completed within 5% of one another's operations, after at least <see cref="MinWarmUp"/> and at most
/// <see cref="MaxWarmUp"/>; how long it took is printed. The CPU time of the API, PostgreSQL and this process is read at
/// the start and the end of the recorded part.
/// </summary>
public static class LoadDriver
{
    /// <summary>The shortest warm-up (or a fifth of a shorter load).</summary>
    public static readonly TimeSpan MinWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>The longest warm-up: a load that has not settled by then is recorded anyway, and says so.</summary>
    public static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(30);

    /// <summary>How many consecutive 1 s windows must agree for the load to count as settled.</summary>
    public const int SettledWindows = 3;

    /// <summary>How far apart (relative to the largest) those windows' throughputs may be.</summary>
    public const double SettledWithin = 0.05;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <param name="operation">One operation by worker number; true when it succeeded. An exception counts as a failure.</param>
    public static Task<LoadResult> RunAsync(
        string name, int workers, TimeSpan duration, CpuMeter cpu, Func<int, CancellationToken, Task<bool>> operation, CancellationToken cancellation) =>
        RunAsync(name, workers, duration, cpu, operation, recording: null, cancellation);

    /// <param name="operation">One operation by worker number; true when it succeeded. An exception counts as a failure.</param>
    /// <param name="recording">Run once the load has settled, right before its recorded part starts (e.g. to reset statistics).</param>
    public static async Task<LoadResult> RunAsync(
        string name, int workers, TimeSpan duration, CpuMeter cpu, Func<int, CancellationToken, Task<bool>> operation,
        Func<CancellationToken, Task>? recording, CancellationToken cancellation)
    {
        var minWarmUp = TimeSpan.FromTicks(Math.Min(MinWarmUp.Ticks, duration.Ticks / 5));
        // Set once the warm-up has settled; until then nothing is recorded and nothing stops.
        var recordFrom = long.MaxValue;
        var stopAt = long.MaxValue;
        var completed = 0L;
        var latencies = new List<double>[workers];
        var failures = new long[workers];
        var firstError = (string?)null;

        Console.Write($"  {name}: {workers} workers, ");
        var cpuInWindow = Task.Run(async () =>
        {
            var warmUp = await SettleAsync(() => Interlocked.Read(ref completed), minWarmUp, cancellation);
            if (recording is not null)
            {
                await recording(cancellation);
            }

            var before = cpu.Read();
            var from = Stopwatch.GetTimestamp();
            Volatile.Write(ref stopAt, from + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            Volatile.Write(ref recordFrom, from);
            Console.Write($"{warmUp} + {duration.TotalSeconds:0.#} s ");
            await Task.Delay(Until(Volatile.Read(ref stopAt)), cancellation);
            return cpu.Read() - before;
        }, cancellation);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (!cancellation.IsCancellationRequested)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= Volatile.Read(ref stopAt))
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
                Interlocked.Increment(ref completed);
                if (before < Volatile.Read(ref recordFrom) || after > Volatile.Read(ref stopAt))
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

    /// <summary>
    /// Waits at least <paramref name="minimum"/>, then 1 s windows until the last <see cref="SettledWindows"/> completed
    /// within <see cref="SettledWithin"/> of one another (or <see cref="MaxWarmUp"/> has passed); describes the warm-up.
    /// </summary>
    private static async Task<string> SettleAsync(Func<long> completed, TimeSpan minimum, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        await Task.Delay(minimum, cancellation);
        var last = completed();
        var windows = new Queue<long>();
        while (true)
        {
            await Task.Delay(Window, cancellation);
            var now = completed();
            windows.Enqueue(now - last);
            last = now;
            if (windows.Count > SettledWindows)
            {
                windows.Dequeue();
            }

            var settled = windows.Count == SettledWindows && windows.Min() > 0 && windows.Max() - windows.Min() <= SettledWithin * windows.Max();
            if (settled || clock.Elapsed >= MaxWarmUp)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{clock.Elapsed.TotalSeconds:0.#} s warm-up ({(settled ? "settled" : "NOT settled")}: {string.Join(", ", windows)} ops in its last 1 s windows)");
            }
        }
    }

    /// <summary>The time left until a <see cref="Stopwatch"/> timestamp; zero once it has passed.</summary>
    private static TimeSpan Until(long timestamp) =>
        TimeSpan.FromSeconds(Math.Max(0, timestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
}
