using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TimeBank.GraphQL.Http;

/// <summary>Media types of GraphQL-over-HTTP and the negotiation of the response media type.</summary>
public static class GraphQLMediaTypes
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// Picks the response media type from an <c>Accept</c> header: the acceptable type with the highest q-value; on a
    /// tie, <see cref="GraphQLResponseJson"/> only when the client named it, else <c>application/json</c>. No
    /// <c>Accept</c> header or only a wildcard (<c>*/*</c>, <c>application/*</c>) means <c>application/json</c>
    /// (GraphQL-over-HTTP's advice for legacy clients). <see langword="null"/> when neither type is acceptable (406).
    /// </summary>
    public static string? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return null;
        }

        var (graphQLQuality, graphQLNamed) = QualityOf(ranges, "application", "graphql-response+json");
        var (jsonQuality, _) = QualityOf(ranges, "application", "json");
        if (graphQLQuality <= 0 && jsonQuality <= 0)
        {
            return null;
        }

        return graphQLQuality > jsonQuality || (graphQLQuality == jsonQuality && graphQLNamed) ? GraphQLResponseJson : Json;
    }

    /// <summary>
    /// q-value the most specific matching range gives to <c>type/subtype</c> (RFC 9110 §12.5.1), 0 if none matches; and
    /// whether that range names the type itself rather than a wildcard.
    /// </summary>
    private static (double Quality, bool Named) QualityOf(IList<MediaTypeHeaderValue> ranges, string type, string subtype)
    {
        var bestSpecificity = -1;
        double quality = 0;
        foreach (var range in ranges)
        {
            var rangeType = range.Type.Value ?? string.Empty;
            var rangeSubtype = range.SubType.Value ?? string.Empty;
            int specificity;
            if (rangeType == "*" && rangeSubtype == "*")
            {
                specificity = 0;
            }
            else if (string.Equals(rangeType, type, StringComparison.OrdinalIgnoreCase) && rangeSubtype == "*")
            {
                specificity = 1;
            }
            else if (string.Equals(rangeType, type, StringComparison.OrdinalIgnoreCase)
                     && string.Equals(rangeSubtype, subtype, StringComparison.OrdinalIgnoreCase))
            {
                specificity = 2;
            }
            else
            {
                continue;
            }

            if (range.Charset.HasValue && !IsUtf8(range.Charset.Value))
            {
                continue; // we only ever answer in UTF-8
            }

            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                quality = range.Quality ?? 1;
            }
        }
        return (quality, bestSpecificity == 2);
    }

    internal static bool IsUtf8(string? charset)
        => string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase)
           || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a request <c>Content-Type</c> is <c>application/json</c>, with no charset or UTF-8.</summary>
    internal static bool IsJsonRequestContentType(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var parsed)
           && string.Equals(parsed.MediaType.Value, Json, StringComparison.OrdinalIgnoreCase)
           && (!parsed.Charset.HasValue || IsUtf8(parsed.Charset.Value));
}
