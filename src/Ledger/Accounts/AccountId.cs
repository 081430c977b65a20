using System.Text.Json;
using System.Text.Json.Serialization;

namespace TimeBank.Ledger.Accounts;

/// <summary>
/// An account of the city's ledger. Volunteers hold value; a community's issuance account is the source of
/// earned value, its pool receives time credits above a volunteer's cap, its expiry account is the sink of
/// expired points; merchants receive redeemed points.
/// </summary>
[JsonConverter(typeof(AccountIdJsonConverter))]
public readonly record struct AccountId(string Value)
{
    public static AccountId Volunteer(Guid volunteerId) => new($"volunteer/{volunteerId}");
    public static AccountId Issuance(Guid communityId) => new($"community/{communityId}/issuance");
    public static AccountId Pool(Guid communityId) => new($"community/{communityId}/pool");
    public static AccountId Expiry(Guid communityId) => new($"community/{communityId}/expiry");
    public static AccountId Merchant(Guid merchantId) => new($"merchant/{merchantId}");

    /// <summary>
    /// Time credits on their way between two accounts of the city (a need's payment, a gift, a donation, a pool grant):
    /// the sender's event moves them here, the receiver's event moves them on, so each event balances on its own and
    /// each account's postings stay in its own stream. Zero once both sides are posted.
    /// </summary>
    public static AccountId Transit(Guid transferId) => new($"transfer/{transferId}");

    /// <summary>
    /// Time credits a resident holds back for one need (居民需求) until it is confirmed, decided, cancelled or expires:
    /// only the resident's account events post to it, so it is zero once the need has ended (ADR 0044).
    /// </summary>
    public static AccountId Escrow(Guid needId) => new($"need/{needId}/escrow");

    public override string ToString() => Value;
}

/// <summary>An account is stored as its plain name, e.g. <c>"volunteer/…"</c>.</summary>
public sealed class AccountIdJsonConverter : JsonConverter<AccountId>
{
    public override AccountId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("An account id is a string."));

    public override void Write(Utf8JsonWriter writer, AccountId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
