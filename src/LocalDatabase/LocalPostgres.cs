using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace TimeBank.LocalDatabase;

/// <summary>
/// A PostgreSQL cluster of the project's own, made from the machine's PostgreSQL server binaries:
/// initialized on first use in &lt;ProjectRoot&gt;/.local/pg, started on 127.0.0.1, reused while it runs.
/// Used by the host when no connection string is configured, and by the tests.
/// </summary>
public sealed class LocalPostgres
{
    internal const string SuperUser = "timebank";
    internal const string PasswordFileName = "timebank-password";
    internal const string PortFileName = "timebank-port";
    internal const string ServerLogFileName = "server.log";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly LocalPostgresOptions _options;
    private readonly ILogger _logger;

    public LocalPostgres(LocalPostgresOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        DataDirectory = ChooseDataDirectory(options, _logger);
    }

    /// <summary>The cluster folder (PGDATA). Holds the server log, the stored port and the superuser's password too.</summary>
    public string DataDirectory { get; }

    internal string PasswordFile => Path.Combine(DataDirectory, PasswordFileName);

    internal string PortFile => Path.Combine(DataDirectory, PortFileName);

    internal string ServerLogFile => Path.Combine(DataDirectory, ServerLogFileName);

    internal string LockFile => DataDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".lock";

    /// <summary>Walks up from <paramref name="startDirectory"/> to the folder holding TimeBank.sln.</summary>
    public static string FindProjectRoot(string startDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(startDirectory);
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TimeBank.sln")))
            {
                return directory.FullName;
            }
        }

        throw new LocalPostgresException(
            $"TimeBank.sln was not found in {startDirectory} or any folder above it. " +
            "Run from inside the TimeBank checkout, or set ConnectionStrings:Marten to your own server.");
    }

    /// <summary>
    /// Initializes the cluster if needed, starts it if it is not running, waits until it accepts connections,
    /// creates <see cref="LocalPostgresOptions.Database"/> if missing, and returns its connection string.
    /// </summary>
    public async Task<string> EnsureRunningAsync(CancellationToken ct = default)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }

        try
        {
            var server = await EnsureServerAsync(ct).ConfigureAwait(false);
            await CreateDatabaseIfMissingAsync(server, _options.Database, ct).ConfigureAwait(false);
            LocalPostgresLog.Ready(_logger, server.Port, _options.Database);
            return server.ConnectionString(_options.Database);
        }
        catch (Exception ex) when (IsEnvironmentFailure(ex))
        {
            throw Failure(ex);
        }
    }

    /// <summary>Creates a fresh, empty database (dropping one of that name first) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ValidateDatabaseName(name);
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }

        try
        {
            var server = await EnsureServerAsync(ct).ConfigureAwait(false);
            var connection = new NpgsqlConnection(server.AdminConnectionString());
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(ct).ConfigureAwait(false);
                var quoted = LocalPostgresText.QuoteIdentifier(name);
                await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", ct).ConfigureAwait(false);
                await ExecuteAsync(connection, $"CREATE DATABASE {quoted}", ct).ConfigureAwait(false);
            }

            LocalPostgresLog.DatabaseCreated(_logger, name);
            return server.ConnectionString(name);
        }
        catch (Exception ex) when (IsEnvironmentFailure(ex))
        {
            throw Failure(ex);
        }
    }

    /// <summary>Stops the cluster if it runs (pg_ctl stop -m fast). Does nothing when it is not running.</summary>
    public Task StopAsync(CancellationToken ct = default) => StopAsync("fast", ct);

    /// <summary>
    /// Stops the cluster as a crash would (pg_ctl stop -m immediate: every backend ends at once, no checkpoint; the next
    /// start recovers from the WAL). For fault tests. Does nothing when it is not running.
    /// </summary>
    public Task CrashAsync(CancellationToken ct = default) => StopAsync("immediate", ct);

    private async Task StopAsync(string mode, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw NotOnWindows();
        }

        try
        {
            await StopCoreAsync(mode, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsEnvironmentFailure(ex))
        {
            throw Failure(ex);
        }
    }

    private static LocalPostgresException NotOnWindows() => new(
        "The project-local PostgreSQL works on Linux and macOS only. Set ConnectionStrings:Marten to your own server.");

    private static bool IsEnvironmentFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or NpgsqlException or SocketException;

    private LocalPostgresException Failure(Exception ex) => new(
        $"The local PostgreSQL in {DataDirectory} failed: {ex.Message}. " +
        $"See {ServerLogFile}; to start fresh (its data is lost) stop it and delete {DataDirectory}.",
        ex);

    private static void ValidateDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > 63 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new LocalPostgresException($"'{name}' cannot be a PostgreSQL database name: use at most 63 bytes and no NUL characters.");
        }
    }

    private static string ChooseDataDirectory(LocalPostgresOptions options, ILogger logger)
    {
        if (options.DataDirectory is { Length: > 0 } explicitDirectory)
        {
            return Path.GetFullPath(explicitDirectory);
        }

        var projectRoot = Path.GetFullPath(options.ProjectRoot);
        var inProject = Path.Combine(projectRoot, ".local", "pg");
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess || ServerAccount.PostgresUserCanEnter(projectRoot))
        {
            return inProject;
        }

        // A clone under /root (mode 700): the postgres user cannot reach it. Keep the cluster in a folder of its own,
        // one per project path.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(projectRoot)))[..12];
        var outside = Path.Combine("/var/tmp", "timebank-pg-" + hash);
        LocalPostgresLog.FallbackDirectory(logger, projectRoot, outside);
        return outside;
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<RunningServer> EnsureServerAsync(CancellationToken ct)
    {
        var binaries = await Commands.FindOrInstallBinariesAsync(_logger, ct).ConfigureAwait(false);
        LocalPostgresLog.UsingBinaries(_logger, binaries.MajorVersion, binaries.Directory);
        var account = await ServerAccount.ResolveAsync(ct).ConfigureAwait(false);

        using (await AcquireLockAsync(ct).ConfigureAwait(false))
        {
            await PrepareDirectoryAsync(account, ct).ConfigureAwait(false);
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                await InitializeAsync(binaries, account, ct).ConfigureAwait(false);
            }

            CheckClusterVersion(binaries);
            var password = ReadPassword();
            var port = await StartIfNeededAsync(binaries, account, ct).ConfigureAwait(false);
            var server = new RunningServer(port, password);
            await WaitUntilAcceptingConnectionsAsync(server, ct).ConfigureAwait(false);
            return server;
        }
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<IDisposable> AcquireLockAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        var deadline = DateTime.UtcNow + LockTimeout;
        var waitingLogged = false;
        while (true)
        {
            try
            {
                return new FileStream(LockFile, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!waitingLogged)
                {
                    LocalPostgresLog.WaitingForLock(_logger, LockFile);
                    waitingLogged = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new LocalPostgresException(
                    $"Another process has held {LockFile} for more than {LockTimeout.TotalSeconds:0} s while starting the local PostgreSQL. " +
                    "Wait for it to finish; if no other TimeBank process runs, delete that file.",
                    ex);
            }
        }
    }

    [UnsupportedOSPlatform("windows")]
    private async Task PrepareDirectoryAsync(ServerAccount account, CancellationToken ct)
    {
        var parent = Path.GetDirectoryName(DataDirectory)!;
        var localFolder = Path.Combine(Path.GetFullPath(_options.ProjectRoot), ".local");
        Directory.CreateDirectory(parent);
        if (account.IsOtherUser && string.Equals(parent, localFolder, StringComparison.Ordinal))
        {
            // .local is ours; the server user only needs to pass through it.
            File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        if (!Directory.Exists(DataDirectory))
        {
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await account.GiveAsync(DataDirectory, ct).ConfigureAwait(false);
        }
        else if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            if (Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            {
                throw new LocalPostgresException(
                    $"{DataDirectory} is not empty but holds no PostgreSQL cluster (an interrupted first start?). " +
                    "Delete that folder and run again.");
            }

            await account.GiveAsync(DataDirectory, ct).ConfigureAwait(false);
        }

        if (account.IsOtherUser && !await account.CanWriteAsync(DataDirectory, ct).ConfigureAwait(false))
        {
            throw new LocalPostgresException(
                $"The '{account.UserName}' user, which runs the server, cannot write to {DataDirectory} " +
                "(a folder above it is closed to that user). Choose a cluster folder it can reach " +
                "(LocalPostgresOptions.DataDirectory), open the folders above it (chmod o+x), or set ConnectionStrings:Marten.");
        }
    }

    [UnsupportedOSPlatform("windows")]
    private async Task InitializeAsync(PostgresBinaries binaries, ServerAccount account, CancellationToken ct)
    {
        LocalPostgresLog.Initializing(_logger, DataDirectory, binaries.MajorVersion);
        var password = RandomNumberGenerator.GetHexString(32, lowercase: true);

        // initdb reads the superuser's password from a file the server user can read; it lives only during initdb.
        var passwordInput = Path.Combine(Path.GetDirectoryName(DataDirectory)!, $".timebank-initdb-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(passwordInput, password, ct).ConfigureAwait(false);
            File.SetUnixFileMode(passwordInput, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await account.GiveAsync(passwordInput, ct).ConfigureAwait(false);

            string[] common =
            [
                "-D", DataDirectory, "--username=" + SuperUser, "--pwfile=" + passwordInput,
                "--auth=scram-sha-256", "--encoding=UTF8",
            ];
            var result = await account.RunAsync(binaries.InitDb, [.. common, "--locale=C.UTF-8"], CommandTimeout, ct).ConfigureAwait(false);
            if (!result.Succeeded && result.Output.Contains("invalid locale", StringComparison.OrdinalIgnoreCase))
            {
                LocalPostgresLog.LocaleFallback(_logger);
                result = await account.RunAsync(binaries.InitDb, [.. common, "--no-locale"], CommandTimeout, ct).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                throw new LocalPostgresException(
                    $"initdb could not create the local PostgreSQL cluster in {DataDirectory}:\n{result.Tail()}\n" +
                    $"Fix the cause above, delete {DataDirectory} if it exists, and run again.");
            }
        }
        finally
        {
            File.Delete(passwordInput);
        }

        // Written only after initdb succeeded: a cluster folder with a password file is a complete one.
        await using (var stream = new FileStream(PasswordFile, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(password), ct).ConfigureAwait(false);
        }

        await File.AppendAllTextAsync(
            Path.Combine(DataDirectory, "postgresql.conf"),
            "\n# TimeBank local cluster: reachable from this machine only.\nlisten_addresses = '127.0.0.1'\n",
            ct).ConfigureAwait(false);
    }

    private void CheckClusterVersion(PostgresBinaries binaries)
    {
        var text = File.ReadAllText(Path.Combine(DataDirectory, "PG_VERSION")).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var clusterVersion) || clusterVersion != binaries.MajorVersion)
        {
            throw new LocalPostgresException(
                $"The local cluster in {DataDirectory} was made by PostgreSQL {text}, but the server binaries found are version " +
                $"{binaries.MajorVersion} ({binaries.Directory}). Install PostgreSQL {text}, or delete {DataDirectory} to start fresh (its data is lost).");
        }
    }

    private string ReadPassword()
    {
        try
        {
            var password = File.ReadAllText(PasswordFile).Trim();
            if (password.Length > 0)
            {
                return password;
            }
        }
        catch (FileNotFoundException)
        {
        }

        throw new LocalPostgresException(
            $"The local cluster in {DataDirectory} has no password file ({PasswordFileName}); its first start was interrupted. " +
            $"Stop it if it runs, delete {DataDirectory} and run again.");
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<int> StartIfNeededAsync(PostgresBinaries binaries, ServerAccount account, CancellationToken ct)
    {
        if (ReadPostmasterPid() is { } running && Commands.IsLivePostgresProcess(running.Pid))
        {
            // A server still starting has not written its port yet.
            var deadline = DateTime.UtcNow + ReadyTimeout;
            while (running.Port == 0 && DateTime.UtcNow < deadline && Commands.IsLivePostgresProcess(running.Pid))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
                running = ReadPostmasterPid() ?? running;
            }

            if (running.Port != 0)
            {
                LocalPostgresLog.Reusing(_logger, running.Pid, running.Port);
                return running.Port;
            }
        }

        var port = ChoosePort();
        var result = await StartServerAsync(binaries, account, port, ct).ConfigureAwait(false);
        if (!result.Command.Succeeded && ReadPostmasterPid() is { } stale && !Commands.IsLivePostgresProcess(stale.Pid))
        {
            LocalPostgresLog.RemovingStalePid(_logger, stale.Pid);
            File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
            RemoveStaleSocketLocks();
            result = await StartServerAsync(binaries, account, port, ct).ConfigureAwait(false);
        }
        else if (!result.Command.Succeeded && ServerLogSince(result.LogOffset).Contains("could not bind", StringComparison.OrdinalIgnoreCase))
        {
            // Someone took the port between our check and the server's bind.
            var busyPort = port;
            port = FindFreePort(port + 1);
            LocalPostgresLog.PortBusy(_logger, busyPort, port);
            result = await StartServerAsync(binaries, account, port, ct).ConfigureAwait(false);
        }

        if (!result.Command.Succeeded)
        {
            var log = LocalPostgresText.LastLines(ServerLogSince(result.LogOffset), 15);
            throw new LocalPostgresException(
                $"The local PostgreSQL in {DataDirectory} did not start on port {port}.\n" +
                $"pg_ctl: {result.Command.Tail(5)}\n" +
                $"Last lines of {ServerLogFile}:\n{(log.Length > 0 ? log : "(empty)")}\n" +
                $"Fix the cause above; to start fresh (its data is lost) make sure no postgres process uses that folder and delete {DataDirectory}.");
        }

        await File.WriteAllTextAsync(PortFile, port.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        return port;
    }

    /// <summary>
    /// The socket's lock file names the dead server too. A killed postmaster nobody has reaped yet (a zombie, common
    /// in containers) still answers kill(pid, 0), so the server would take the file for a live one's.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private void RemoveStaleSocketLocks()
    {
        foreach (var lockFile in Directory.EnumerateFiles(DataDirectory, ".s.PGSQL.*.lock"))
        {
            var firstLine = File.ReadLines(lockFile).FirstOrDefault();
            if (!int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !Commands.IsLivePostgresProcess(pid))
            {
                File.Delete(lockFile);
            }
        }
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<(CommandResult Command, long LogOffset)> StartServerAsync(
        PostgresBinaries binaries, ServerAccount account, int port, CancellationToken ct)
    {
        LocalPostgresLog.Starting(_logger, port, DataDirectory);
        var logOffset = File.Exists(ServerLogFile) ? new FileInfo(ServerLogFile).Length : 0;

        // A unix socket path must fit in 107 bytes; without one, clients use TCP, as ours do anyway.
        var socketDirectory = Encoding.UTF8.GetByteCount(Path.Combine(DataDirectory, ".s.PGSQL.65535")) <= 100 ? DataDirectory : string.Empty;
        // lz4 (PostgreSQL 14+) compresses large documents, such as an account with many holds, several times faster
        // than the default pglz: docs/adr/0018-local-cluster-settings.md.
        var compression = binaries.MajorVersion >= 14 ? " -c default_toast_compression=lz4" : string.Empty;
        // pg_stat_statements (shipped with the server, as in Debian's postgresql package) counts the statements each
        // database runs: the benchmark prints them per operation, and a developer can ask it too (ADR 0018).
        var statements = binaries.HasLibrary("pg_stat_statements") ? " -c shared_preload_libraries=pg_stat_statements" : string.Empty;
        // 300 connections, not the default 100: the test suite runs several hosts side by side on one cluster (each with
        // its writers', its readers' and its daemon's pools), and a host refused a connection answers UNAVAILABLE (ADR 0018).
        var serverOptions = string.Create(
            CultureInfo.InvariantCulture,
            $"-p {port} -c listen_addresses=127.0.0.1 -c max_connections=300{compression}{statements} -k {LocalPostgresText.ShellQuote(socketDirectory)}");
        var result = await account.RunAsync(
            binaries.PgCtl,
            ["-D", DataDirectory, "-l", ServerLogFile, "-w", "-t", "60", "-o", serverOptions, "start"],
            CommandTimeout,
            ct).ConfigureAwait(false);
        return (result, logOffset);
    }

    [UnsupportedOSPlatform("windows")]
    private async Task StopCoreAsync(string mode, CancellationToken ct)
    {
        if (!Directory.Exists(DataDirectory))
        {
            return;
        }

        var binaries = await Commands.FindBinariesAsync(ct).ConfigureAwait(false);
        var account = await ServerAccount.ResolveAsync(ct).ConfigureAwait(false);
        using (await AcquireLockAsync(ct).ConfigureAwait(false))
        {
            if (ReadPostmasterPid() is not { } running || !Commands.IsLivePostgresProcess(running.Pid))
            {
                return;
            }

            if (binaries is null)
            {
                throw new LocalPostgresException(
                    $"The local PostgreSQL (pid {running.Pid}) runs, but pg_ctl was not found to stop it. Stop it with: kill -INT {running.Pid}");
            }

            LocalPostgresLog.Stopping(_logger, running.Pid);
            var result = await account.RunAsync(
                binaries.PgCtl, ["-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop"], CommandTimeout, ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new LocalPostgresException(
                    $"pg_ctl could not stop the local PostgreSQL in {DataDirectory}:\n{result.Tail(5)}\nStop it with: kill -INT {running.Pid}");
            }
        }
    }

    /// <summary>postmaster.pid: line 1 is the pid, line 4 the port.</summary>
    private (int Pid, int Port)? ReadPostmasterPid()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (lines.Length < 4
            || !int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            // Written by a server that is still starting, or cut short by a crash: only the pid matters then.
            return lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out pid)
                ? (pid, 0)
                : null;
        }

        return (pid, port);
    }

    private int ChoosePort()
    {
        var stored = File.Exists(PortFile)
            && int.TryParse(File.ReadAllText(PortFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            && p is > 0 and <= 65535
                ? p
                : (int?)null;
        var wanted = stored ?? _options.PreferredPort;
        if (IsPortFree(wanted))
        {
            return wanted;
        }

        var chosen = FindFreePort(wanted + 1);
        LocalPostgresLog.PortBusy(_logger, wanted, chosen);
        return chosen;
    }

    private static int FindFreePort(int from)
    {
        for (var port = from; port < Math.Min(from + 200, 65536); port++)
        {
            if (IsPortFree(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // As the server does: a closed connection lingering in TIME_WAIT does not make the port busy.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string ServerLogSince(long offset)
    {
        if (!File.Exists(ServerLogFile))
        {
            return string.Empty;
        }

        using var stream = new FileStream(ServerLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [UnsupportedOSPlatform("windows")]
    private async Task WaitUntilAcceptingConnectionsAsync(RunningServer server, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var logOffset = File.Exists(ServerLogFile) ? Math.Max(0, new FileInfo(ServerLogFile).Length - 4096) : 0;
        while (true)
        {
            try
            {
                var connection = new NpgsqlConnection(server.AdminConnectionString(timeoutSeconds: 5));
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(ct).ConfigureAwait(false);
                    return;
                }
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                throw new LocalPostgresException(
                    $"The server on 127.0.0.1:{server.Port} rejected the password stored in {PasswordFile}: " +
                    $"another server uses that port, or the file was changed. Stop the other server, or delete {DataDirectory} to start fresh (its data is lost).",
                    ex);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException && DateTime.UtcNow < deadline)
            {
                if (ReadPostmasterPid() is not { } pid || !Commands.IsLivePostgresProcess(pid.Pid))
                {
                    throw new LocalPostgresException(
                        $"The local PostgreSQL in {DataDirectory} stopped while starting up. Last lines of {ServerLogFile}:\n" +
                        $"{LocalPostgresText.LastLines(ServerLogSince(logOffset), 15)}\n" +
                        $"Fix the cause above, or delete {DataDirectory} to start fresh (its data is lost).",
                        ex);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                throw new LocalPostgresException(
                    $"The local PostgreSQL on 127.0.0.1:{server.Port} did not accept connections within {ReadyTimeout.TotalSeconds:0} s ({ex.Message}). " +
                    $"Last lines of {ServerLogFile}:\n{LocalPostgresText.LastLines(ServerLogSince(logOffset), 15)}",
                    ex);
            }
        }
    }

    private async Task CreateDatabaseIfMissingAsync(RunningServer server, string name, CancellationToken ct)
    {
        ValidateDatabaseName(name);
        var connection = new NpgsqlConnection(server.AdminConnectionString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);

            // Test hosts and the API start side by side on a new cluster. Two concurrent CREATE DATABASE of one name
            // can fail with a unique violation on pg_database rather than "already exists", so the check and the
            // create are serialized across processes by a session advisory lock (released when the connection closes).
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({CreateDatabaseLockKey})", ct).ConfigureAwait(false);
            var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
            await using (exists.ConfigureAwait(false))
            {
                if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
                {
                    return;
                }
            }

            await ExecuteAsync(connection, $"CREATE DATABASE {LocalPostgresText.QuoteIdentifier(name)}", ct).ConfigureAwait(false);
            LocalPostgresLog.DatabaseCreated(_logger, name);
        }
    }

    /// <summary>Advisory lock key taken while a database is looked for and created ("TBdb").</summary>
    private const long CreateDatabaseLockKey = 0x5442_6462;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private sealed record RunningServer(int Port, string Password)
    {
        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = Password,
            Database = database,
        }.ConnectionString;

        public string AdminConnectionString(int timeoutSeconds = 15) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = Password,
            Database = "postgres",
            Pooling = false,
            Timeout = timeoutSeconds,
        }.ConnectionString;
    }
}

internal static partial class LocalPostgresLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL server binaries not found; installing them: apt-get install -y postgresql")]
    public static partial void InstallingPostgres(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Using PostgreSQL {Version} binaries in {Directory}")]
    public static partial void UsingBinaries(ILogger logger, int version, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "User postgres cannot enter {ProjectRoot}; the local cluster lives in {DataDirectory}")]
    public static partial void FallbackDirectory(ILogger logger, string projectRoot, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process using the local cluster ({LockFile})")]
    public static partial void WaitingForLock(ILogger logger, string lockFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating a local PostgreSQL {Version} cluster in {DataDirectory}")]
    public static partial void Initializing(ILogger logger, string dataDirectory, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Locale C.UTF-8 is missing; initializing the cluster with --no-locale")]
    public static partial void LocaleFallback(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local PostgreSQL already running (pid {Pid}, port {Port})")]
    public static partial void Reusing(ILogger logger, int pid, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port} is in use by another program, not this cluster; using port {NewPort}")]
    public static partial void PortBusy(ILogger logger, int port, int newPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting local PostgreSQL on 127.0.0.1:{Port} ({DataDirectory})")]
    public static partial void Starting(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing stale postmaster.pid (pid {Pid} is not a running server) and starting again")]
    public static partial void RemovingStalePid(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local PostgreSQL ready on 127.0.0.1:{Port}, database {Database}")]
    public static partial void Ready(ILogger logger, int port, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    public static partial void DatabaseCreated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping local PostgreSQL (pid {Pid})")]
    public static partial void Stopping(ILogger logger, int pid);
}
