// TEMPORARY: replaced by the seal branch (src/Api/Certificates/Sealing). Delete on merge.
using System.Security.Cryptography;
using System.Text;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

public enum SealCheck { Intact, Altered, UnknownKey }

public sealed class CertificateSealer
{
    public CertificateSeal Seal(CertificateContent content)
    {
        var bytes = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(content));
        return new CertificateSeal("stub", Convert.ToBase64String(SHA256.HashData(bytes)), VerificationCode.From(SHA256.HashData(bytes)));
    }

    public SealCheck Check(CertificateContent content, CertificateSeal seal) => Seal(content) == seal ? SealCheck.Intact : SealCheck.Altered;

    public bool CodeMatches(CertificateSeal seal, string typed) => VerificationCode.AsTyped(typed) == seal.VerificationCode;

    public string QrToken(CertificateContent content, CertificateSeal seal, byte[] personSalt) => "stub." + seal.Signature;
}

public static class PersonDigest
{
    public static byte[] NewSaltFrom(byte[] volunteerKeyMaterial, Guid volunteerId) =>
        HMACSHA256.HashData(volunteerKeyMaterial, Encoding.UTF8.GetBytes("certificate-person-salt" + volunteerId));

    public static string Of(ReadOnlySpan<byte> salt, string name, string? idType, string? idNumber) =>
        Convert.ToBase64String(SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(name + idType + idNumber)]));
}
