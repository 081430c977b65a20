using System.Security.Cryptography;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>
/// The code a community's certificate numbers start with: six Crockford base32 characters from the SHA-256 of its id,
/// the same on every node and for ever (communities carry no code of their own; ADR 0032).
/// </summary>
public static class CommunityCode
{
    public const int Length = 6;

    public static string Of(Guid communityId) =>
        VerificationCode.From(SHA256.HashData(communityId.ToByteArray(bigEndian: true)))[..Length];
}
