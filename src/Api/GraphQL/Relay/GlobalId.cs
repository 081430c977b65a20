using System.Buffers.Text;
using System.Text;

namespace TimeBank.Api.GraphQL.Relay;

/// <summary>
/// The global id of a <c>Node</c>: the type's name and the thing's UUID, as base64url (no padding) of
/// <c>"TypeName:uuid"</c>. Clients treat it as opaque; it is stable (the same thing always has the same id) and it
/// tells the type, so <c>node(id:)</c> knows where to look. See docs/adr/0009-relay-global-ids-dataloader-explorer.md.
/// </summary>
public sealed record GlobalId(string Type, Guid Id)
{
    public const string VolunteerAccount = "VolunteerAccount";
    public const string ServiceRecord = "ServiceRecord";
    public const string Community = "Community";
    public const string Project = "Project";
    public const string Merchant = "Merchant";

    /// <summary>The types that implement <c>Node</c>.</summary>
    public static IReadOnlySet<string> NodeTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        VolunteerAccount, ServiceRecord, Community, Project, Merchant,
    };

    /// <summary>Longer than any global id (the longest type name, a colon and a UUID: 53 bytes, 71 in base64url).</summary>
    private const int MaxLength = 96;

    public override string ToString() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Type + ":" + Id.ToString("D")));

    public static string Of(string type, Guid id) => new GlobalId(type, id).ToString();

    /// <summary>
    /// Parses a global id of one of the <see cref="NodeTypes"/>. Only the canonical spelling is accepted, so one thing
    /// never has two ids.
    /// </summary>
    public static bool TryParse(string? text, out GlobalId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text.AsSpan()))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !NodeTypes.Contains(decoded[..colon]) || !Guid.TryParseExact(decoded[(colon + 1)..], "D", out var uuid))
        {
            return false;
        }

        var parsed = new GlobalId(decoded[..colon], uuid);
        if (parsed.ToString() != text)
        {
            return false;
        }

        id = parsed;
        return true;
    }
}
