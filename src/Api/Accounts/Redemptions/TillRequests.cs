using System.Security.Cryptography;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A till's own idempotency key (<c>tillRequestId</c>) is unique per merchant, not per city: the command id is derived
/// from (merchant, till request), so that the same request sent again — after a timeout, or ten times at once — is the
/// same command, and two merchants' tills can never collide (docs/adr/0011-till-redemptions.md).
/// </summary>
public static class TillRequests
{
    /// <summary>A name-based (version 5 style, SHA-256) id of the merchant and the till's request id.</summary>
    public static Guid CommandId(Actor actor, Guid tillRequestId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        // Someone who is not a cashier is refused anyway; a fresh id keeps their refusal out of any merchant's key space.
        if (actor.MerchantId is not { } merchantId)
        {
            return Guid.CreateVersion7();
        }

        Span<byte> name = stackalloc byte[48];
        "timebank.till.v1"u8.CopyTo(name);
        merchantId.TryWriteBytes(name[16..], bigEndian: true, out _);
        tillRequestId.TryWriteBytes(name[32..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(name, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5 (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
