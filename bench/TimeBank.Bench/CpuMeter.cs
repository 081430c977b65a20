using System.Globalization;

namespace TimeBank.Bench;

/// <summary>
/// CPU time spent by the three parties of a load on this machine: the API process, PostgreSQL's server processes, and
/// this benchmark process (the load driver; pgbench too, once it has exited). What an operation costs each of them says
/// which one limits a figure on the machine's cores, and by how much work a design has to shrink to meet a target.
/// </summary>
public readonly record struct CpuTimes(TimeSpan Api, TimeSpan Postgres, TimeSpan Driver)
{
    public static CpuTimes operator -(CpuTimes after, CpuTimes before) =>
        new(after.Api - before.Api, after.Postgres - before.Postgres, after.Driver - before.Driver);

    public static CpuTimes operator +(CpuTimes a, CpuTimes b) => new(a.Api + b.Api, a.Postgres + b.Postgres, a.Driver + b.Driver);

    /// <summary>Microseconds of CPU per operation, by party.</summary>
    public string PerOperation(double operations) => string.Create(CultureInfo.InvariantCulture,
        $"API {Micros(Api, operations)}, PostgreSQL {Micros(Postgres, operations)}, driver {Micros(Driver, operations)}");

    /// <summary>How many operations a second PostgreSQL's own work allows on all the machine's cores, if nothing else ran.</summary>
    public double PostgresBound(double operations) =>
        Postgres > TimeSpan.Zero ? Environment.ProcessorCount * operations / Postgres.TotalSeconds : double.PositiveInfinity;

    /// <summary>A CPU time in microseconds, per operation when <paramref name="operations"/> is given.</summary>
    public static string Micros(TimeSpan time, double operations = 1) =>
        operations > 0 ? (time.TotalMicroseconds / operations).ToString("#,0", CultureInfo.InvariantCulture) + " µs" : "–";
}

/// <summary>Reads the CPU time of the parties from <c>/proc</c> (Linux): user and system time, in clock ticks.</summary>
public sealed class CpuMeter(int apiPid)
{
    // USER_HZ: the unit of /proc/<pid>/stat's times on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public CpuTimes Read() => new(Seconds(Own(apiPid)), Seconds(Postgres()), Seconds(Own(Environment.ProcessId, withChildren: true)));

    /// <summary>
    /// Every process named <c>postgres</c>, with the children the postmaster has reaped (backends that ended in the window,
    /// such as pgbench's connections).
    /// </summary>
    private static long Postgres()
    {
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (pid.All(char.IsAsciiDigit) && ReadComm(directory) == "postgres")
            {
                ticks += Own(int.Parse(pid, CultureInfo.InvariantCulture), withChildren: true);
            }
        }

        return ticks;
    }

    private static string? ReadComm(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime (fields 14 and 15 of <c>/proc/pid/stat</c>), and cutime + cstime (16, 17) if asked; 0 once gone.</summary>
    private static long Own(int pid, bool withChildren = false)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return Field(14) + Field(15) + (withChildren ? Field(16) + Field(17) : 0);
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
