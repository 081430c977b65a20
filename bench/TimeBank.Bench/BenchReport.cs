using System.Globalization;
using System.Text;

namespace TimeBank.Bench;

/// <summary>The table of figures, printed and written into docs/benchmarks.md between its result markers.</summary>
public static class BenchReport
{
    public const string Begin = "<!-- bench:results:begin -->";
    public const string End = "<!-- bench:results:end -->";

    public static string Markdown(IReadOnlyList<Figure> figures, BenchSettings settings, DateTimeOffset at)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {at:yyyy-MM-dd HH:mm} UTC, {settings.Duration.TotalSeconds:0.#} s per load, on {Machine()}.");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(settings.CommandLine);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| figure | result | baseline in the same run | ratio | target | note |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var f in figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name} | {f.Result} | {f.Baseline} | {f.Ratio} | {f.Target} | {f.Note} |");
        }

        return text.ToString();
    }

    public static void Print(IReadOnlyList<Figure> figures)
    {
        string[] headers = ["figure", "result", "baseline", "ratio", "target"];
        var rows = figures.Select(f => new[] { f.Name, f.Result, f.Baseline, f.Ratio, f.Target }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
        Console.WriteLine();
        Console.WriteLine(Line(headers));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row));
        }

        Console.WriteLine();
    }

    /// <summary>Replaces the results between the markers of <paramref name="path"/> (appends them if there are none).</summary>
    public static void Write(string path, string results)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n## Latest results\n\n";
        var block = $"{Begin}\n{results}{End}";
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var updated = begin >= 0 && end > begin
            ? existing[..begin] + block + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, updated);
    }

    /// <summary>nproc, memory and CPU model, from /proc.</summary>
    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            : null;
        var gigabytes = memory is null
            ? "?"
            : (long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
        return $"{Environment.ProcessorCount} CPUs (nproc), {gigabytes} GiB memory, {cpu ?? "unknown CPU"}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
