using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using TimeBank.GraphQL.Http;
using TimeBank.Ledger;

namespace TimeBank.Api.Infrastructure;

/// <summary>
/// The one reader of a JSON request body outside <c>/graphql</c>. What it cannot read is refused through
/// <see cref="HttpProblems"/> in words for people, never with the serializer's own text (which names .NET types): a body
/// that is not JSON (<c>UNSUPPORTED_MEDIA_TYPE</c>, 415), not well-formed JSON or not an object (<c>BAD_REQUEST</c>,
/// 400), or a field of the wrong kind (<c>INVALID_INPUT</c>, 400, naming the field and what it must be). Nothing of it
/// is logged: a client's bad input is not the service's failure.
/// </summary>
public static partial class JsonBody
{
    public const string NotJsonMessage = "The body must be JSON, sent with Content-Type: application/json.";

    /// <summary>Bodies the till sends are a few hundred bytes; anything past this is refused before it is parsed.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>The body as <typeparamref name="T"/>, or the refusal to answer instead.</summary>
    public static async Task<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpContext http)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (!IsJson(request.ContentType))
        {
            return (null, HttpProblems.Of(GraphQLErrorCodes.UnsupportedMediaType, NotJsonMessage));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, HttpProblems.Of(GraphQLErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBytes} bytes."));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBytes)
        {
            return (null, HttpProblems.Of(GraphQLErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBytes} bytes."));
        }

        if (buffer.Length == 0)
        {
            return (null, HttpProblems.Of(GraphQLErrorCodes.BadRequest, $"The body is empty: send a JSON object with {FieldsOf<T>()}."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line && e.BytePositionInLine is { } position ? $" (line {line + 1}, byte {position + 1})" : string.Empty;
            return (null, HttpProblems.Of(GraphQLErrorCodes.BadRequest,
                $"The body is not well-formed JSON{where}: it may be cut short or nested too deeply. Send a JSON object with {FieldsOf<T>()}."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, HttpProblems.Of(GraphQLErrorCodes.BadRequest, $"The body must be a JSON object with {FieldsOf<T>()}."));
            }

            try
            {
                return (document.RootElement.Deserialize<T>(Options), null);
            }
            catch (JsonException e)
            {
                return (null, HttpProblems.Of(RefusalCodes.InvalidInput, WrongField<T>(e.Path)));
            }
        }
    }

    private static bool IsJson(string? contentType) =>
        string.IsNullOrEmpty(contentType)
        || (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
            && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.MediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
                || media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>"'tillRequestId' must be a UUID …": the field by its JSON name and what it must hold, never a .NET type.</summary>
    private static string WrongField<T>(string? path)
    {
        var name = path is null ? null : FieldOfPath().Match(path) is { Success: true } match ? match.Groups["name"].Value : null;
        var property = name is null ? null : Properties<T>().FirstOrDefault(p => string.Equals(JsonName(p), name, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            return $"A field of the body holds a value of the wrong kind: send a JSON object with {FieldsOf<T>()}.";
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var kind = type == typeof(Guid) ? "a UUID in quotes, such as \"0193a0c4-5b6e-7d3f-8a21-4c5d6e7f8091\""
            : type == typeof(long) || type == typeof(int) ? "a whole number such as 30 (no fraction, no exponent)"
            : type == typeof(string) ? "a string in quotes"
            : type == typeof(bool) ? "true or false"
            : "a value of another kind";
        return $"'{JsonName(property)}' must be {kind}.";
    }

    /// <summary>"code, amount and tillRequestId": the fields a body of <typeparamref name="T"/> has.</summary>
    private static string FieldsOf<T>()
    {
        var names = Properties<T>().Select(JsonName).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " and " + names[^1];
    }

    private static PropertyInfo[] Properties<T>() => typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static string JsonName(PropertyInfo property) => Options.PropertyNamingPolicy!.ConvertName(property.Name);

    /// <summary>The first member of a serializer path: <c>$.tillRequestId</c> or <c>$['tillRequestId']</c>.</summary>
    [GeneratedRegex(@"^\$(\.(?<name>[^.\[]+)|\['(?<name>[^']+)'\])")]
    private static partial Regex FieldOfPath();
}
