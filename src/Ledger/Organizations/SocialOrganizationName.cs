using System.Text;

namespace TimeBank.Ledger.Organizations;

/// <summary>
/// An organization's name as the community's register compares it: trimmed, full-width and half-width forms made one
/// (the full-width ASCII forms and the ideographic space: "ＡＢＣ　协会" is "ABC 协会"; the service runs with invariant
/// globalization, so this is done here rather than by Unicode normalization), runs of white space made one space, letters case-folded. Two
/// organizations of one community never share it; its id is derived from it, so that two registrations of one name,
/// even at the same moment, name the same stream and the second is refused.
/// </summary>
public static class SocialOrganizationName
{
    /// <summary>The form in which names are compared.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var compared = new StringBuilder(name.Length);
        var space = false;
        foreach (var c in name.Trim().Select(HalfWidth))
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && compared.Length > 0)
            {
                compared.Append(' ');
            }

            space = false;
            compared.Append(char.ToLowerInvariant(c));
        }

        return compared.ToString();
    }

    /// <summary>A full-width form of ASCII (U+FF01–U+FF5E) as ASCII, the ideographic space (U+3000) as a space.</summary>
    private static char HalfWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    /// <summary>The id of the organization named <paramref name="name"/> in <paramref name="communityId"/>, the same on every node.</summary>
    public static Guid IdOf(Guid communityId, string name) =>
        NameBasedId.From("social-organization", communityId, Normalize(name));
}
