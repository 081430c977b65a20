using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace TimeBank.LocalDatabase;

internal sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public string Tail(int lines = 15) => LocalPostgresText.LastLines(Output, lines);
}

/// <summary>The PostgreSQL server programs this machine has.</summary>
internal sealed record PostgresBinaries(string Directory, int MajorVersion)
{
    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public string Postgres => Path.Combine(Directory, "postgres");

    /// <summary>
    /// Whether the server's library folder (beside its real bin folder, as Debian's /usr/lib/postgresql/15/lib, or its
    /// postgresql subfolder, as Homebrew's) holds the loadable module <paramref name="name"/>.
    /// </summary>
    public bool HasLibrary(string name)
    {
        var server = new FileInfo(Postgres);
        var real = server.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? server.FullName;
        var lib = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(real)!, "..", "lib"));
        return new[] { lib, Path.Combine(lib, "postgresql") }
            .SelectMany(folder => new[] { ".so", ".dylib" }.Select(extension => Path.Combine(folder, name + extension)))
            .Any(File.Exists);
    }
}

/// <summary>
/// Runs programs, as the <c>postgres</c> user when this process is root (initdb and postgres refuse root).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ServerAccount
{
    private readonly string? _runuser;

    private ServerAccount(string? userName, string? runuser)
    {
        UserName = userName;
        _runuser = runuser;
    }

    /// <summary>The user the server runs as, or null for the current user.</summary>
    public string? UserName { get; }

    public bool IsOtherUser => UserName is not null;

    public static async Task<ServerAccount> ResolveAsync(CancellationToken ct)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return new ServerAccount(null, null);
        }

        var id = await Commands.RunAsync("id", ["-u", "postgres"], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (!id.Succeeded)
        {
            throw new LocalPostgresException(
                "This process runs as root, and PostgreSQL refuses to run as root, but there is no 'postgres' user to run it as. " +
                "Install the postgresql package (it creates that user), create one (useradd --system --home /var/lib/postgresql postgres), " +
                "run as a normal user, or set ConnectionStrings:Marten to your own server.");
        }

        var runuser = Commands.FindExecutable("runuser", ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return new ServerAccount("postgres", runuser);
    }

    public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        if (UserName is null)
        {
            return Commands.RunAsync(program, arguments, timeout, ct);
        }

        if (_runuser is not null)
        {
            return Commands.RunAsync(_runuser, ["-u", UserName, "--", program, .. arguments], timeout, ct);
        }

        var shellCommand = string.Join(' ', new[] { program }.Concat(arguments).Select(LocalPostgresText.ShellQuote));
        return Commands.RunAsync("su", [UserName, "-s", "/bin/sh", "-c", shellCommand], timeout, ct);
    }

    /// <summary>True when the server user can write to (and reach) the given folder.</summary>
    public async Task<bool> CanWriteAsync(string directory, CancellationToken ct)
    {
        var result = await RunAsync("test", ["-w", directory, "-a", "-x", directory], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>Makes the server user the owner of one file or folder (not recursive).</summary>
    public async Task GiveAsync(string path, CancellationToken ct)
    {
        if (UserName is null)
        {
            return;
        }

        var result = await Commands.RunAsync("chown", [UserName + ":", path], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LocalPostgresException($"Could not give {path} to the '{UserName}' user: {result.Tail(3)}");
        }
    }

    /// <summary>Synchronous check used while choosing the cluster folder: can the server user enter this folder?</summary>
    public static bool PostgresUserCanEnter(string directory)
    {
        var runuser = Commands.FindExecutable("runuser", ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        var start = runuser is not null
            ? new ProcessStartInfo(runuser) { ArgumentList = { "-u", "postgres", "--", "test", "-x", directory } }
            : new ProcessStartInfo("su") { ArgumentList = { "postgres", "-s", "/bin/sh", "-c", "test -x " + LocalPostgresText.ShellQuote(directory) } };
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/";
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}

[UnsupportedOSPlatform("windows")]
internal static partial class Commands
{
    public static string? FindExecutable(string name, IEnumerable<string>? extraDirectories = null)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(extraDirectories ?? []);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(IsExecutable);
    }

    /// <summary>
    /// Whether <paramref name="file"/> is a program that can run. A link is followed to its end: a dangling one (an
    /// <c>initdb</c> left on PATH after a PostgreSQL upgrade) is no program, and the search goes on past it.
    /// </summary>
    public static bool IsExecutable(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return false;
        }

        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true })
        {
            return false;
        }

        return (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    public static async Task<CommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server user may not be able to enter this process's current folder.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LocalPostgresException($"Could not start {program}.");
        }
        catch (Win32Exception ex)
        {
            throw new LocalPostgresException($"Could not run {program}: {ex.Message}. Check that it is installed and executable.", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeoutSource.CancelAfter(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
                await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new LocalPostgresException(
                    $"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = new StringBuilder().Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
            return new CommandResult(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Finds initdb, pg_ctl and postgres: on PATH first, else the highest version under /usr/lib/postgresql.</summary>
    public static async Task<PostgresBinaries?> FindBinariesAsync(CancellationToken ct)
    {
        static bool HasAll(string directory) =>
            new[] { "initdb", "pg_ctl", "postgres" }.All(p => IsExecutable(Path.Combine(directory, p)));

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directory = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasAll);
        if (directory is null && Directory.Exists("/usr/lib/postgresql"))
        {
            directory = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => x.Version >= 0 && HasAll(x.Dir))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault();
        }

        if (directory is null)
        {
            return null;
        }

        var version = await RunAsync(Path.Combine(directory, "postgres"), ["--version"], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        var match = VersionPattern().Match(version.Output);
        if (!version.Succeeded || !match.Success)
        {
            throw new LocalPostgresException(
                $"{Path.Combine(directory, "postgres")} --version did not work ({version.Tail(3)}). Reinstall PostgreSQL (sudo apt-get install --reinstall postgresql).");
        }

        return new PostgresBinaries(directory, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    public static async Task<PostgresBinaries> FindOrInstallBinariesAsync(ILogger logger, CancellationToken ct)
    {
        var found = await FindBinariesAsync(ct).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        const string Advice =
            "Install them: sudo apt-get install postgresql (Debian/Ubuntu), or set ConnectionStrings:Marten to your own server.";
        if (!DebianPackages.CanInstall)
        {
            throw new LocalPostgresException(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or under /usr/lib/postgresql/*/bin. " + Advice);
        }

        LocalPostgresLog.InstallingPostgres(logger);
        try
        {
            await DebianPackages.InstallAsync("postgresql", logger: null, ct).ConfigureAwait(false);
        }
        catch (DebianPackageException e)
        {
            throw new LocalPostgresException($"PostgreSQL server binaries not found, and {e.Message}\n{Advice}", e);
        }

        return await FindBinariesAsync(ct).ConfigureAwait(false)
            ?? throw new LocalPostgresException(
                "apt-get installed postgresql, but initdb/pg_ctl/postgres are still not under /usr/lib/postgresql/*/bin. " + Advice);
    }

    /// <summary>True when the process exists, is not a zombie, and is a PostgreSQL server process.</summary>
    public static bool IsLivePostgresProcess(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        if (Directory.Exists("/proc/self"))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }

            // "<pid> (<comm>) <state> ..."; comm may itself contain spaces or parentheses.
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            if (open < 0 || close < open || close + 2 >= text.Length)
            {
                return false;
            }

            var comm = text[(open + 1)..close];
            var state = text[close + 2];
            return state is not ('Z' or 'X' or 'x') && IsServerName(comm);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && IsServerName(process.ProcessName);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Erring towards "alive" is the safe side: a live server's postmaster.pid must never be removed.
    private static bool IsServerName(string name) =>
        name.StartsWith("postgres", StringComparison.Ordinal) || name.StartsWith("postmaster", StringComparison.Ordinal);

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}

internal static class LocalPostgresText
{
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string LastLines(string text, int lines)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
