using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TimeBank.Web;

/// <summary>One person the development sign-in page offers (demo data only).</summary>
/// <param name="Key">What the form posts; never a secret.</param>
/// <param name="Role">Their role as the pages name it in English ("Volunteer", "Community staff", "Cashier", …).</param>
/// <param name="Name">Who they are, e.g. "王小明" or a community's name.</param>
public sealed record SignInPerson(string Key, string Role, string Name);

/// <summary>
/// The development sign-in: a list of people to be, without a password. Registered by the host only while no identity
/// provider is configured and <c>Web:LocalSignIn</c> is on; with neither, the sign-in page offers nothing.
/// </summary>
public interface ILocalSignIn
{
    IReadOnlyList<SignInPerson> People { get; }

    /// <summary>The claims of the person with <paramref name="key"/> (the same claims a bearer token carries), or null.</summary>
    IReadOnlyList<Claim>? ClaimsOf(string key);
}

/// <summary>
/// The pages' session: a cookie (HttpOnly, SameSite=Lax) that carries the same claims as an API bearer token. Only the
/// pages read it (<see cref="PagesPolicy"/>): <c>/graphql</c> and the till's API still accept bearer tokens alone, so a
/// cookie can never be replayed against them by another site.
/// </summary>
public static class WebSession
{
    public const string CookieScheme = "TimeBank.Web";
    public const string ProviderScheme = "TimeBank.Web.Provider";
    public const string PagesPolicy = "TimeBank.Web.Pages";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    /// <summary>How long a page session lasts without a visit.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(8);

    internal static void MapSignInAndOut(IEndpointRouteBuilder app)
    {
        // Form posts: the antiforgery middleware checks their token (RequireAntiforgeryToken); the endpoints refuse a bad one.
        app.MapPost(SignInPath + "/local", (Delegate)SignInLocallyAsync).RequireAuthorization(PagesPolicy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        app.MapGet(SignInPath + "/provider", (string? back) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalPath(back) ?? "/mine" }, [ProviderScheme])).ExcludeFromDescription();
        app.MapPost(SignOutPath, (Delegate)SignOutAsync).RequireAuthorization(PagesPolicy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }

    private static async Task<IResult> SignInLocallyAsync(HttpContext http)
    {
        var local = http.RequestServices.GetService<ILocalSignIn>();
        if (!CameFromOurForm(http) || local is null)
        {
            // A form from another site, or one kept open past its token: nobody is signed in; the page is offered again.
            return Results.Redirect(SignInPath + "?failed=1");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (local.ClaimsOf(form["person"].ToString()) is not { } claims)
        {
            return Results.Redirect(SignInPath + "?failed=1");
        }

        var identity = new ClaimsIdentity(claims, CookieScheme, "sub", "role");
        await http.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(LocalPath(form["back"]) ?? "/mine");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        if (!CameFromOurForm(http))
        {
            return Results.BadRequest();
        }

        await http.SignOutAsync(CookieScheme);
        return Results.Redirect("/");
    }

    /// <summary>Whether the antiforgery middleware found the form's token valid (it only checks; the endpoint refuses).</summary>
    private static bool CameFromOurForm(HttpContext http) =>
        http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true };

    /// <summary>
    /// <paramref name="path"/> when it is a path of this site (<c>/me</c>, <c>/staff?x=1</c>), else null: a sign-in never
    /// sends anyone to another site.
    /// </summary>
    public static string? LocalPath(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')) && !path.Contains("://", StringComparison.Ordinal)
            ? path
            : null;

    internal static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieScheme;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = IdleLifetime;
        options.SlidingExpiration = true;
        options.LoginPath = SignInPath;
    }
}
