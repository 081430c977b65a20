using System.Security.Cryptography;
using System.Text;

namespace TimeBank.Web;

/// <summary>
/// The pages' stylesheet, shipped inside the assembly and written into every page's head: a phone on a slow network
/// would otherwise wait one more round trip (2 s on DevTools' Slow 3G) before it paints anything (docs/benchmarks.md,
/// "Web pages on a cheap phone"). The pages' content security policy admits exactly this text by its hash, and nothing
/// else: no other style, no script.
/// </summary>
internal static class WebAssets
{
    public static string Css { get; } = Read("Web/site.css");

    /// <summary>The CSP source that admits <see cref="Css"/> as an inline style: <c>'sha256-…'</c>.</summary>
    public static string CssHashSource { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'";

    private static string Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The web app's {name} is not embedded in its assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
