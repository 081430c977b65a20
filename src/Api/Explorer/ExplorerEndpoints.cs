using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace TimeBank.Api.Explorer;

/// <summary>
/// GraphiQL at <c>/explorer</c>, and the till's API reference at <c>/api-reference</c>, for people: the page and its scripts are embedded in this assembly (Explorer/README.md
/// says where the vendored files come from) and served with a policy that lets the page load and call nothing but this
/// host.
/// </summary>
public static class ExplorerEndpoints
{
    public const string Path = "/explorer";

    /// <summary>The till's API reference: our own page (api-reference.js) reading the OpenAPI document, under the same policy.</summary>
    public const string ReferencePath = "/api-reference";

    /// <summary>Only this host: no inline script or style, no other origin. Fonts and icons of GraphiQL's CSS are data: URLs.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "Explorer/";

    private static readonly Lazy<FrozenDictionary<string, ExplorerFile>> Files = new(LoadFiles);

    public static IEndpointRouteBuilder MapExplorer(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) => ServeAsync(http, "index.html")).ExcludeFromDescription();
        app.MapGet(ReferencePath, (HttpContext http) => ServeAsync(http, "api-reference.html")).ExcludeFromDescription();
        app.MapGet(Path + "/{file}", (HttpContext http, string file) => ServeAsync(http, file)).ExcludeFromDescription();
        return app;
    }

    private static async Task ServeAsync(HttpContext http, string name)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (!Files.Value.TryGetValue(name, out var file))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        headers.ETag = file.ETag;
        // Revalidated on every visit (cheap, thanks to the ETag), so an upgrade of the API is seen at once.
        headers.CacheControl = "no-cache";
        if (http.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = file.ContentType;
        http.Response.ContentLength = file.Content.Length;
        await http.Response.Body.WriteAsync(file.Content, http.RequestAborted);
    }

    private static FrozenDictionary<string, ExplorerFile> LoadFiles()
    {
        var assembly = typeof(ExplorerEndpoints).Assembly;
        var files = new Dictionary<string, ExplorerFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            files[name] = new ExplorerFile(content, ContentTypeOf(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => System.IO.Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "text/plain; charset=utf-8", // the vendored packages' LICENSE files
    };

    private sealed record ExplorerFile(byte[] Content, string ContentType, string ETag);
}
