using System.Security.Cryptography;
using TimeBank.Api.Commands;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>
/// A till's own idempotency key (<c>tillRequestId</c>) is unique per merchant, not per city: the command id is derived
/// from (merchant, till request), so that the same request sent again — after a timeout, or ten times at once — is the
/// same command, and two merchants' tills can never collide (docs/adr/0011-till-redemptions.md). The till's HTTP API and
/// the GraphQL mutations send the ledger's command built here, with this id beside it.
/// </summary>
public static class TillRequests
{
    /// <summary>The till holds points: the ledger's <see cref="HoldPoints"/>, whose hold id is the request's command id.</summary>
    public static Idempotent<HoldPoints> Hold(Actor cashier, string? code, long amount, Guid tillRequestId)
    {
        var id = CommandId(cashier, tillRequestId);
        return Idempotent.Of(id, HoldPoints.AtTill(cashier, id, code, amount, tillRequestId));
    }

    /// <summary>The till refunds part of a completed redemption: the ledger's <see cref="RefundPoints"/>, counted once per till request.</summary>
    public static Idempotent<RefundPoints> Refund(Actor cashier, Guid holdId, long amount, Guid tillRequestId) =>
        Idempotent.Of(CommandId(cashier, tillRequestId), RefundPoints.AtTill(cashier, holdId, amount, tillRequestId));

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
