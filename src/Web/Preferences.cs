using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TimeBank.Web;

/// <summary>
/// How a reader wants the pages: in Chinese (the default) or English, in large type, in high contrast. Kept in a cookie
/// of its own (no personal information), changed by following a link (<c>/prefs?lang=en&amp;back=/me</c>).
/// </summary>
public sealed record Preferences(bool English, bool Large, bool Contrast)
{
    public const string CookieName = "TimeBank.Prefs";
    public const string Path = "/prefs";

    public static Preferences Of(HttpContext? http)
    {
        var value = http?.Request.Cookies[CookieName] ?? string.Empty;
        var parts = value.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return new Preferences(parts.Contains("en"), parts.Contains("large"), parts.Contains("contrast"));
    }

    public string Language => English ? "en" : "zh-CN";

    /// <summary>The classes of the page's body.</summary>
    public string BodyClass => string.Join(' ', new[] { Large ? "large" : null, Contrast ? "contrast" : null }.OfType<string>());

    /// <summary>The address that switches to these preferences and comes back to <paramref name="back"/>.</summary>
    public string Link(string back) =>
        $"{Path}?lang={(English ? "en" : "zh")}&large={(Large ? 1 : 0)}&contrast={(Contrast ? 1 : 0)}&back={Uri.EscapeDataString(back)}";

    internal static void Map(IEndpointRouteBuilder app) => app.MapGet(Path, (HttpContext http, string? lang, int? large, int? contrast, string? back) =>
    {
        var current = Of(http);
        var chosen = new Preferences(lang is null ? current.English : lang == "en", large is null ? current.Large : large == 1, contrast is null ? current.Contrast : contrast == 1);
        var parts = new[] { chosen.English ? "en" : "zh", chosen.Large ? "large" : null, chosen.Contrast ? "contrast" : null }.OfType<string>();
        http.Response.Cookies.Append(CookieName, string.Join('.', parts), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
        return Results.Redirect(WebSession.LocalPath(back) ?? "/");
    }).ExcludeFromDescription();
}
