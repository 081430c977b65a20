using Marten;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// What the QR code on a certificate says: the public verification page's address with the certificate's signed token
/// (<see cref="CertificateSealer.QrToken"/>), which a phone can also check offline against the published keys. The
/// token carries the person's digest salt, read from the encrypted store, so that whoever holds the paper can check the
/// printed name and ID; once the person is erased there is no salt, and the token confirms the totals only.
/// </summary>
public sealed class CertificateQrCode(CertificateSealer sealer, PersonalDataCipher cipher, Districts.VolunteerHome home, IConfiguration configuration)
{
    /// <summary>The address the service is reached at from outside (configuration <c>TimeBank:PublicAddress</c>), else the request's own.</summary>
    public string BaseAddress(HttpRequest? request) =>
        configuration["TimeBank:PublicAddress"] is { Length: > 0 } configured ? configured.TrimEnd('/')
        : request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}";

    public async Task<string?> AddressAsync(IQuerySession session, Certificate certificate, HttpRequest? request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate is not { Content: { } content, Seal: { } seal })
        {
            return null;
        }

        var person = await CertificatePerson.ReadAsync(session, cipher, home, certificate.VolunteerId, cancellation);
        var token = sealer.QrToken(content, seal, person?.Salt ?? []);
        return $"{BaseAddress(request)}{CertificatePaths.Verify}?token={token}";
    }
}
