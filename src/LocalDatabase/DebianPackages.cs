using Microsoft.Extensions.Logging;

namespace TimeBank.LocalDatabase;

/// <summary>
/// Installs a Debian package the project needs and the machine lacks (the PostgreSQL server of the local cluster, the CJK
/// font of the printed certificate, the tools its tests read PDFs with), so that the README's commands work on a clean
/// machine: with apt-get (<c>update</c>, then <c>install -y</c>), and only when this process is root on Debian or a
/// derivative. Everywhere else the caller says which package to install.
/// </summary>
public static partial class DebianPackages
{
    private static readonly string[] AptGetFolders = ["/usr/bin", "/bin"];

    // One apt-get at a time in this process (the service installs the server and the font side by side at start-up);
    // other processes wait on dpkg's own lock (DPkg::Lock::Timeout).
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Whether this process can install packages: root, on Debian or a derivative, with apt-get on the machine.</summary>
    public static bool CanInstall =>
        OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess && File.Exists("/etc/debian_version")
        && Commands.FindExecutable("apt-get", AptGetFolders) is not null;

    /// <summary>
    /// Installs <paramref name="packages"/> with apt-get: the package lists are updated first (a clean machine has none).
    /// Only one installation runs at a time in this process.
    /// </summary>
    /// <param name="logger">Told (as a warning) what is being installed; null for silence.</param>
    /// <exception cref="DebianPackageException">This process cannot install packages (<see cref="CanInstall"/>), or apt-get failed; the message holds apt-get's last lines.</exception>
    public static async Task InstallAsync(IReadOnlyList<string> packages, ILogger? logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(packages);
        if (packages.Count == 0)
        {
            return;
        }

        var names = string.Join(' ', packages);
        if (!OperatingSystem.IsLinux() || !CanInstall)
        {
            throw new DebianPackageException($"Cannot install {names}: only a process running as root on Debian (or a derivative) with apt-get installs packages.");
        }

        var aptGet = Commands.FindExecutable("apt-get", AptGetFolders)!;
        await OneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (logger is not null)
            {
                Log.Installing(logger, names);
            }

            var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            var update = await RunAsync(aptGet, ["-o", "DPkg::Lock::Timeout=120", "update"], TimeSpan.FromMinutes(10), ct, environment).ConfigureAwait(false);
            if (!update.Succeeded)
            {
                throw new DebianPackageException($"'apt-get update' failed:\n{update.Tail()}");
            }

            var install = await RunAsync(
                aptGet, ["-o", "DPkg::Lock::Timeout=120", "install", "-y", .. packages], TimeSpan.FromMinutes(15), ct, environment).ConfigureAwait(false);
            if (!install.Succeeded)
            {
                throw new DebianPackageException($"'apt-get install -y {names}' failed:\n{install.Tail()}");
            }
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <inheritdoc cref="InstallAsync(IReadOnlyList{string}, ILogger?, CancellationToken)"/>
    public static Task InstallAsync(string package, ILogger? logger, CancellationToken ct) => InstallAsync([package], logger, ct);

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task<CommandResult> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            return await Commands.RunAsync(program, arguments, timeout, ct, environment).ConfigureAwait(false);
        }
        catch (LocalPostgresException e)
        {
            throw new DebianPackageException(e.Message, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Installing missing Debian packages: apt-get install -y {Packages}")]
        public static partial void Installing(ILogger logger, string packages);
    }
}

/// <summary>A Debian package could not be installed. The message says why (apt-get's last lines when it failed).</summary>
public sealed class DebianPackageException : Exception
{
    public DebianPackageException()
        : base("A Debian package could not be installed.")
    {
    }

    public DebianPackageException(string message)
        : base(message)
    {
    }

    public DebianPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
