using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TimeBank.Api.Certificates;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785, JCS): one byte sequence for one JSON value, whoever writes it. Values are
/// first serialized with the ledger's conventions (<see cref="Options"/>: camelCase names, enums by name, dates as
/// <c>yyyy-MM-dd</c>), then written canonically: object members sorted by the UTF-16 code units of their names, no
/// whitespace, strings escaped minimally (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other controls as <c>\u00xx</c>;
/// everything else as UTF-8), numbers as ECMAScript writes them. What is signed (a certificate's content) and the QR
/// token's parts are this form.
/// <para>
/// Strict where JCS is loose: a duplicate member name, a lone surrogate, and an integer literal beyond ±2^53 (which JCS
/// would silently round to another number) are refused with a <see cref="FormatException"/>.
/// </para>
/// </summary>
public static class CanonicalJson
{
    /// <summary>The largest integer a JSON number carries exactly through an IEEE double (2^53).</summary>
    public const long MaxExactInteger = 9_007_199_254_740_992;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The ledger's JSON conventions, for what is canonicalized. Changing them changes every signature: only with an ADR.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.Strict,
        WriteIndented = false,
    };

    /// <summary>The canonical UTF-8 bytes of <paramref name="value"/>, serialized with <see cref="Options"/>.</summary>
    public static byte[] Of<T>(T value)
    {
        if (value is JsonNode node)
        {
            return Of(node);
        }

        using var document = JsonSerializer.SerializeToDocument(value, Options);
        return Write(document.RootElement);
    }

    /// <summary>The canonical UTF-8 bytes of a JSON tree (null is the JSON literal <c>null</c>).</summary>
    public static byte[] Of(JsonNode? node)
    {
        if (node is null)
        {
            return "null"u8.ToArray();
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return Write(document.RootElement);
    }

    /// <summary>The canonical UTF-8 bytes of a JSON text (for tests and for what arrives as text).</summary>
    public static byte[] OfText(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return Write(document.RootElement);
    }

    private static byte[] Write(JsonElement element)
    {
        var text = new StringBuilder();
        try
        {
            Write(element, text);
            return StrictUtf8.GetBytes(text.ToString());
        }
        catch (Exception e) when (e is EncoderFallbackException or InvalidOperationException)
        {
            // a lone surrogate, written out or escaped (\ud800), which System.Text.Json will not read as a string
            throw new FormatException("A JSON string holds a lone surrogate: it has no canonical form.", e);
        }
    }

    private static void Write(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<KeyValuePair<string, JsonElement>>();
                foreach (var property in element.EnumerateObject())
                {
                    members.Add(new(property.Name, property.Value));
                }

                members.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (string.Equals(members[i - 1].Key, members[i].Key, StringComparison.Ordinal))
                        {
                            throw new FormatException($"The member \"{members[i].Key}\" appears twice in one object: it has no canonical form.");
                        }

                        text.Append(',');
                    }

                    WriteString(members[i].Key, text);
                    text.Append(':');
                    Write(members[i].Value, text);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    Write(item, text);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, text);
                break;
            case JsonValueKind.Number:
                text.Append(Number(element));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new FormatException($"A JSON value of kind {element.ValueKind} has no canonical form.");
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    private static string Number(JsonElement element)
    {
        var literal = element.GetRawText();
        if (!literal.Contains('.', StringComparison.Ordinal) && !literal.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            // An integer literal: exact within ±2^53; beyond, JCS would round it to another number, so it is refused.
            if (!element.TryGetInt64(out var integer) || integer is > MaxExactInteger or < -MaxExactInteger)
            {
                throw new FormatException($"The integer {literal} is beyond ±2^53: it has no exact canonical form.");
            }

            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (!element.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new FormatException($"The number {literal} is not a finite IEEE double: it has no canonical form.");
        }

        return EcmaScript(number);
    }

    /// <summary>
    /// A double as ECMAScript's <c>Number.prototype.toString</c> writes it (ECMA-262, Number::toString, as RFC 8785
    /// requires): the shortest digits that read back to the same double, in plain notation from 1e-6 up to 1e21, in
    /// exponent notation (<c>1e+21</c>, <c>1.5e-7</c>) outside.
    /// </summary>
    public static string EcmaScript(double number)
    {
        if (!double.IsFinite(number))
        {
            throw new FormatException("NaN and the infinities have no JSON form.");
        }

        if (number == 0)
        {
            return "0";
        }

        if (number < 0)
        {
            return "-" + EcmaScript(-number);
        }

        // .NET's round-trip form has the shortest digits (e.g. "1.2345E-07", "123.456", "1E+21"); read them and their place.
        var shortest = number.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        // The value is 0.<digits> × 10^n.
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leadingZeros;
        var k = digits.Length;

        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var e = n - 1;
        var sign = e < 0 ? "-" : "+";
        var head = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return head + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }
}
