using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TimeBank.Api.Certificates;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Actors;
using TimeBank.TestSupport;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>
/// The certificate's QR code end to end on the real host: its address verifies on the public page and over GraphQL; its
/// token verifies offline with nothing but the published JWKS; a truncated token is refused; the PDF the volunteer
/// downloads carries the name, the number, the total hours and a QR code that decodes to that address.
/// </summary>
public sealed class CertificateQrCodeTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Address = "query($id: ID!) { certificate(certificateId: $id) { number verificationAddress pdfPath } }";

    [Fact]
    public async Task The_qr_token_verifies_on_the_page_over_graphql_and_offline_with_only_the_jwks()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 2);
        var issued = await scenario.IssueDirectlyAsync();
        var certificate = (await scenario.Client.SendAsync(scenario.Volunteer, Address, new { id = issued.Value<string>("certificateId") })).Ok("certificate");
        var address = new Uri(certificate.Value<string>("verificationAddress"));
        Assert.Equal("/verify", address.AbsolutePath);
        var token = System.Web.HttpUtility.ParseQueryString(address.Query)["token"]!;

        using var client = app.CreateClient();
        var page = await client.GetStringAsync(new Uri(address.PathAndQuery, UriKind.Relative));
        Assert.Contains("有效 · Valid", page, StringComparison.Ordinal);

        var answer = (await scenario.Client.SendAsync(null, "query($t: String!) { verifyCertificateToken(token: $t) { verdict number totalMinutes } }", new { t = token }))
            .Ok("verifyCertificateToken");
        Assert.Equal("VALID", answer.Value<string>("verdict"));
        Assert.Equal(certificate.Value<string>("number"), answer.Value<string>("number"));

        // Offline: a phone holding only the published keys.
        var jwks = JsonNode.Parse(await client.GetStringAsync(new Uri(CertificateKeysEndpoint.Path, UriKind.Relative)))!.AsObject();
        var offline = OfflineVerification.Verify(token, jwks);
        Assert.Equal(OfflineStatus.Valid, offline.Status);
        Assert.Equal(120, offline.Claims!.TotalMinutes);
        Assert.True(OfflineVerification.PersonMatches(offline.Claims, CertificateScenario.Name, "ResidentIdCard", CertificateScenario.IdNumber));
        Assert.False(OfflineVerification.PersonMatches(offline.Claims, "王小红", "ResidentIdCard", CertificateScenario.IdNumber));

        // Truncated, or signed by a key never published: refused with a stable code, online and offline.
        Assert.Equal("CERTIFICATE_TOKEN_INVALID", (await scenario.Client.SendAsync(null, "query($t: String!) { verifyCertificateToken(token: $t) { verdict } }",
            new { t = token[..^5] })).Code());
        Assert.NotEqual(OfflineStatus.Valid, OfflineVerification.Verify(token[..^5], jwks).Status);
        var stranger = new CertificateSealer(CertificateKeys.Generate(), new byte[32]);
        await using var session = app.Store.QuerySession();
        var stored = await session.LoadAsync<TimeBank.Ledger.Certificates.Certificate>(Guid.Parse(issued.Value<string>("certificateId")));
        var forged = stranger.QrToken(stored!.Content!, stranger.Seal(stored.Content!), new byte[32]);
        Assert.Equal(OfflineStatus.UnknownKey, OfflineVerification.Verify(forged, jwks).Status);
        using var json = await client.GetAsync(new Uri($"/certificates/verify?token={forged}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("CERTIFICATE_TOKEN_INVALID", JsonNode.Parse(await json.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_volunteer_downloads_a_pdf_with_their_name_the_number_the_hours_and_a_qr_code_to_the_verification_address()
    {
        var scenario = await CertificateScenario.CreateAsync(app, records: 2);
        var issued = await scenario.IssueDirectlyAsync();
        var certificate = (await scenario.Client.SendAsync(scenario.Volunteer, Address, new { id = issued.Value<string>("certificateId") })).Ok("certificate");
        using var client = app.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(certificate.Value<string>("pdfPath"), UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.Volunteer);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var folder = Directory.CreateTempSubdirectory("certificate-pdf-");
        try
        {
            var file = Path.Combine(folder.FullName, "certificate.pdf");
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            var text = await PdfTools.RunAsync("pdftotext", "-layout", "-enc", "UTF-8", file, "-");
            Assert.Contains(CertificateScenario.Name, text, StringComparison.Ordinal);
            Assert.Contains(certificate.Value<string>("number"), text, StringComparison.Ordinal);
            Assert.Contains("累计志愿服务时长：2.0 小时", text, StringComparison.Ordinal);
            var image = Path.Combine(folder.FullName, "page1");
            await PdfTools.RunAsync("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", file, image);
            // ECDSA signatures are randomized: each rendering signs anew, so the QR's address is checked by what it verifies.
            var decoded = new Uri((await PdfTools.RunAsync("zbarimg", "--quiet", "--raw", image + ".png")).TrimEnd('\n'));
            Assert.Equal(new Uri(certificate.Value<string>("verificationAddress")).GetLeftPart(UriPartial.Path), decoded.GetLeftPart(UriPartial.Path));
            var page = await client.GetStringAsync(new Uri(decoded.PathAndQuery, UriKind.Relative));
            Assert.Contains("有效 · Valid", page, StringComparison.Ordinal);
            Assert.Contains(certificate.Value<string>("number"), page, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        using var stranger = new HttpRequestMessage(HttpMethod.Get, new Uri(certificate.Value<string>("pdfPath"), UriKind.Relative));
        stranger.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(Actor.Volunteer(Guid.CreateVersion7())));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(stranger)).StatusCode);
    }
}
