using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TimeBank.Web;

/// <summary>The pages' stylesheet (and nothing fetched from another host), shipped inside the assembly, served at <c>/web/</c>.</summary>
internal static class WebAssets
{
    public const string Stylesheet = "/web/site.css";

    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("Web/site.css")
            ?? throw new InvalidOperationException("The web app's stylesheet is not embedded in its assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Stylesheet, (HttpContext http) =>
    {
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Bytes(Css.Value, "text/css; charset=utf-8");
    }).ExcludeFromDescription();
}
