using Marten;
using TimeBank.Api.GraphQL;
using TimeBank.Api.Infrastructure;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// <c>GET /certificates/{certificateId}/pdf</c>: the certificate as the volunteer prints it (A4, national format, the
/// number, the code and the QR code), for its volunteer, staff of the issuing community and city admins, with their
/// bearer token — or, at <see cref="PagePath"/>, with the web app's page session (the pages link there; a GET that only
/// reads, decided by the same rule). The name and ID are read from the encrypted store when it is rendered (never kept in the ledger); an
/// erased person's are printed as erased. A certificate the caller may not see is 404, as one that does not exist.
/// </summary>
public static class CertificatePdfEndpoint
{
    public const string Erased = "（已删除）";

    /// <summary>The same PDF for a reader of the web app's pages, signed in with its session cookie.</summary>
    public const string PagePath = "/web/certificates/{certificateId}/pdf";

    public static IEndpointRouteBuilder MapCertificatePdf(this IEndpointRouteBuilder app)
    {
        app.MapGet("/certificates/{certificateId}/pdf", ServeAsync).ExcludeFromDescription();
        app.MapGet(PagePath, (HttpContext http, string certificateId, IQuerySession session, Districts.EveryDistrict everyDistrict, PersonalDataCipher cipher, Districts.VolunteerHome home, CertificateQrCode qr) =>
                ActorFromClaims.From(http.User) is null
                    ? Task.FromResult(Results.Redirect(Web.WebSession.SignInPath + "?back=" + Uri.EscapeDataString(http.Request.Path)))
                    : ServeAsync(http, certificateId, session, everyDistrict, cipher, home, qr))
            .RequireAuthorization(Web.WebSession.PagesPolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(
        HttpContext http, string certificateId, IQuerySession session, Districts.EveryDistrict everyDistrict, PersonalDataCipher cipher, Districts.VolunteerHome home,
        CertificateQrCode qr)
    {
        if (ActorFromClaims.From(http.User) is not { } actor)
        {
            return HttpProblems.Of(SchemaErrors.Unauthenticated, "Sign in first: a certificate's PDF needs a bearer token.");
        }

        Certificate? certificate;
        try
        {
            // Districts mode: also one kept in another district (a volunteer's, issued where they served; ADR 0047).
            certificate = Guid.TryParseExact(certificateId, "D", out var id) ? await CertificateReads.VisibleAsync(session, everyDistrict, id, actor, http.RequestAborted) : null;
        }
        catch (LedgerRefusal refusal)
        {
            return HttpProblems.Of(refusal.Code, refusal.Message);
        }

        if (certificate is null)
        {
            return HttpProblems.Of(RefusalCodes.NotFound, "No such certificate.");
        }

        if (certificate is not { Content: { } content, Seal: { } seal })
        {
            return HttpProblems.Of(RefusalCodes.InvalidCertificateState, "Only an issued certificate has a PDF; this one is not issued.");
        }

        var person = await CertificatePerson.ReadAsync(session, cipher, home, certificate.VolunteerId, http.RequestAborted);
        var details = person?.Details;
        var address = await qr.AddressAsync(session, certificate, http.Request, http.RequestAborted);
        var pdf = CertificatePdf.Render(new CertificatePrint(
            content, seal.VerificationCode, details?.Name ?? Erased, IdTypeName(details?.NationalIdType), details?.NationalId ?? (details is null ? Erased : "—"),
            address!, certificate.Status == CertificateStatus.Revoked ? CertificatePrintStatus.Revoked : CertificatePrintStatus.Issued));
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(pdf, "application/pdf", $"certificate-{content.Number}.pdf");
    }

    /// <summary>The ID type as the national format names it (证件类型).</summary>
    public static string IdTypeName(NationalIdType? type) => type switch
    {
        NationalIdType.ResidentIdCard => "居民身份证",
        NationalIdType.Passport => "护照",
        NationalIdType.TravelPermit => "港澳台居民来往内地通行证",
        NationalIdType.ForeignPermanentResidentIdCard => "外国人永久居留身份证",
        _ => "—",
    };
}
