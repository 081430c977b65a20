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
    public static byte[] GetOrCreate(IConfiguration configuration, string contentRoot, string name, int sizeInBytes)
    {
        if (configuration[$"Secrets:{name}"] is { Length: > 0 } configured)
        {
            return FromConfiguration(configured, name, sizeInBytes);
        }

        string root;
        try
        {
            root = LocalPostgres.FindProjectRoot(contentRoot);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or InvalidOperationException or LocalPostgresException)
        {
            throw new StartupProblem($"The secret '{name}' is not configured. Set Secrets:{name} (environment variable Secrets__{name}) to {sizeInBytes} random bytes in base64.", e);
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

        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            // Written aside, then moved into place: two hosts starting at once agree on one secret.
            var draft = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}";
            File.WriteAllText(draft, Convert.ToBase64String(RandomNumberGenerator.GetBytes(sizeInBytes)));
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

        return FromConfiguration(File.ReadAllText(path).Trim(), name, sizeInBytes);
    }

    private static byte[] FromConfiguration(string base64, string name, int sizeInBytes)
    {
        var bytes = new byte[sizeInBytes];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == sizeInBytes
            ? bytes
            : throw new StartupProblem($"The secret '{name}' must be {sizeInBytes} bytes in base64.");
    }
}
