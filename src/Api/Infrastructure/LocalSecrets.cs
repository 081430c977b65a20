using System.Security.Cryptography;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// The secrets a fresh install needs (the token signing key, the master key of personal data). Configuration wins
/// (<c>Secrets:&lt;name&gt;</c>, base64; environment variable <c>Secrets__&lt;name&gt;</c>); otherwise the secret is generated
/// at first run into <c>&lt;project root&gt;/.local/secrets/&lt;name&gt;</c>, readable by the owner only, and never committed
/// (<c>.local/</c> is ignored by git).
/// </summary>
public static class LocalSecrets
{
    public static byte[] GetOrCreate(IConfiguration configuration, string contentRoot, string name, int sizeInBytes) =>
        FromConfiguration(
            GetOrCreateText(configuration, contentRoot, name, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(sizeInBytes)), $"{sizeInBytes} random bytes in base64"),
            name,
            sizeInBytes);

    /// <summary>
    /// A secret as text: configured (<c>Secrets:&lt;name&gt;</c>), or read from <c>.local/secrets/&lt;name&gt;</c>, where
    /// <paramref name="generate"/> writes it at first run. <paramref name="whatToSet"/> says what to configure when there
    /// is no project root to keep it in.
    /// </summary>
    public static string GetOrCreateText(IConfiguration configuration, string contentRoot, string name, Func<string> generate, string whatToSet)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(generate);
        if (configuration[$"Secrets:{name}"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var path = Path.Combine(Folder(contentRoot, name, whatToSet), name);
        if (!File.Exists(path))
        {
            WriteOnce(path, generate());
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>The folder of generated secrets, <c>&lt;project root&gt;/.local/secrets</c>, created readable by the owner only.</summary>
    public static string Folder(string contentRoot, string name, string whatToSet)
    {
        string root;
        try
        {
            root = LocalPostgres.FindProjectRoot(contentRoot);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidOperationException or LocalPostgresException)
        {
            throw new StartupProblem($"The secret '{name}' is not configured. Set Secrets:{name} (environment variable Secrets__{name}) to {whatToSet}.", e);
        }

        var folder = Path.Combine(root, ".local", "secrets");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return folder;
    }

    /// <summary>Writes a secret file readable by the owner only, unless it exists: written aside, then moved into place, so two hosts starting at once agree on one secret.</summary>
    public static void WriteOnce(string path, string text)
    {
        var draft = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        File.WriteAllText(draft, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(draft, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(draft, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(draft);
        }
    }

    private static byte[] FromConfiguration(string base64, string name, int sizeInBytes)
    {
        var bytes = new byte[sizeInBytes];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == sizeInBytes
            ? bytes
            : throw new StartupProblem($"The secret '{name}' must be {sizeInBytes} bytes in base64.");
    }
}
