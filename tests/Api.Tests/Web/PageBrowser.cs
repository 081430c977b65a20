using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// A browser without script over the test host: it keeps the session cookie, follows no redirect by itself (a test looks
/// at each one), reads pages as HTML documents and sends the pages' own forms, hidden fields and antiforgery token included.
/// </summary>
public sealed class PageBrowser(TimeBankApp app) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in with the sign-in page's own form as a demo person (DemoSignIn's keys); returns where the service sent the browser.</summary>
    public Task<string> SignInAsync(string person, string back) => SignInAsync(Client, person, back);

    /// <summary><see cref="SignInAsync(string, string)"/> for any cookie-keeping client of the test host.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string person, string back)
    {
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        using var signedIn = await client.PostAsync(new Uri("/signin/local", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["person"] = person,
            ["back"] = back,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.Location!.OriginalString;
    }

    /// <summary>The page at <paramref name="path"/>, which must answer 200.</summary>
    public async Task<IDocument> OpenAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}:\n{html}");
        return Parse(html);
    }

    /// <summary>
    /// Sends <paramref name="form"/> as a browser would: every named field with its value, <paramref name="fill"/> typed in
    /// over them, to the form's action (the page it is on, when it has none).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, IElement form, IReadOnlyDictionary<string, string>? fill = null)
    {
        Assert.Equal("form", form.LocalName);
        var fields = form.QuerySelectorAll("input[name], textarea[name], select[name]")
            .Select(field => (Name: field.GetAttribute("name")!, Value: field.GetAttribute("value") ?? field.TextContent))
            .Where(field => fill is null || !fill.ContainsKey(field.Name))
            .Concat(fill?.Select(f => (Name: f.Key, f.Value)) ?? [])
            .Select(field => new KeyValuePair<string, string>(field.Name, field.Value))
            .ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : page;
        return await Client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static string AntiforgeryToken(string html) =>
        Parse(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new Xunit.Sdk.XunitException("The page has no antiforgery token.");

    /// <summary>The text of the first element with <c>data-testid="<paramref name="id"/>"</c>, trimmed; "&lt;no id&gt;" when there is none.</summary>
    public static string TestId(string html, string id) => TestId(Parse(html), id);

    public static string TestId(IParentNode page, string id) => page.QuerySelector($"[data-testid=\"{id}\"]")?.TextContent.Trim() ?? $"<no {id}>";

    public void Dispose() => Client.Dispose();
}
