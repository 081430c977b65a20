using System.Globalization;
using Npgsql;

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

/// <summary>
/// Reads the CPU time of the parties from <c>/proc</c> (Linux): user and system time, in clock ticks. PostgreSQL is the
/// benchmark cluster's own postmaster and its children only, so another cluster on a shared machine is not counted.
/// </summary>
public sealed class CpuMeter(int apiPid, int postmasterPid)
{
    // USER_HZ: the unit of /proc/<pid>/stat's times on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public CpuTimes Read() => new(Seconds(Own(apiPid)), Seconds(Postgres()), Seconds(Own(Environment.ProcessId, withChildren: true)));

    /// <summary>
    /// The postmaster of the cluster behind <paramref name="connectionString"/>: the parent of the backend that answers
    /// this connection (the cluster must run on this machine).
    /// </summary>
    public static async Task<int> PostmasterOfAsync(string connectionString, CancellationToken cancellation)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(cancellation))!;
        return ParentOf(backend) ?? throw new InvalidOperationException(
            $"The backend {backend} of the benchmark's cluster is not a process of this machine: its CPU time cannot be read.");
    }

    /// <summary>
    /// The cluster's postmaster with the children it has reaped (backends that ended in the window, such as pgbench's
    /// connections), and its living children (backends, checkpointer, WAL writer, autovacuum…) with theirs.
    /// </summary>
    private long Postgres()
    {
        var ticks = Own(postmasterPid, withChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (name.All(char.IsAsciiDigit) && int.Parse(name, CultureInfo.InvariantCulture) is var pid && ParentOf(pid) == postmasterPid)
            {
                ticks += Own(pid, withChildren: true);
            }
        }

        return ticks;
    }

    /// <summary>The parent process id (field 4 of <c>/proc/pid/stat</c>); null once the process is gone.</summary>
    private static int? ParentOf(int pid) => Stat(pid) is { } fields ? int.Parse(fields[4 - 3], CultureInfo.InvariantCulture) : null;

    /// <summary>utime + stime (fields 14 and 15 of <c>/proc/pid/stat</c>), and cutime + cstime (16, 17) if asked; 0 once gone.</summary>
    private static long Own(int pid, bool withChildren = false)
    {
        if (Stat(pid) is not { } fields)
        {
            return 0;
        }

        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return Field(14) + Field(15) + (withChildren ? Field(16) + Field(17) : 0);
    }

    /// <summary>The fields of <c>/proc/pid/stat</c> from the third on (index 0 is field 3); null once the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing parenthesis.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);
}
