namespace TimeBank.Api.Certificates;

/// <summary>The addresses the service gives a certificate: its PDF, its public verification page and the JSON verification.</summary>
public static class CertificatePaths
{
    public const string Verify = "/verify";
    public const string VerifyJson = "/certificates/verify";

    public static string Pdf(Guid certificateId) => $"/certificates/{certificateId}/pdf";
}
