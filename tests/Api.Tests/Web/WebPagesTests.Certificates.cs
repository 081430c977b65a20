using System.Net;
using TimeBank.Demo;

namespace TimeBank.Api.Tests.Web;

/// <summary>A certificate's PDF from the pages: the link on the volunteer's page, for them and nobody else.</summary>
public sealed partial class WebPagesTests
{
    [Fact]
    public async Task A_volunteer_downloads_their_certificate_as_a_pdf_from_their_page_and_nobody_else_can()
    {
        using var volunteer = new PageBrowser(city.App);
        await volunteer.SignInAsync("volunteer", "/me");
        var page = await volunteer.OpenAsync("/me");
        var link = page.QuerySelector("a[data-testid=certificate-pdf]")?.GetAttribute("href");
        Assert.True(link is not null, "the demo volunteer has an issued certificate, and their page links its PDF");

        using var pdf = await volunteer.Client.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5], StringComparison.Ordinal);

        using var other = new PageBrowser(city.App);
        await other.SignInAsync("volunteer-2", "/me");
        using var refused = await other.Client.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        using var nobody = new PageBrowser(city.App);
        using var anonymous = await nobody.Client.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin?back=", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
