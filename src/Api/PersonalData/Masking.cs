using System.Globalization;
using System.Text;

namespace TimeBank.Api.PersonalData;

/// <summary>
/// How names, phone numbers and ID numbers are shown on lists, boards and public pages (names are shown as they are to
/// whoever opens an account they may read).
/// </summary>
public static class Masking
{
    public const char Hidden = '*';

    /// <summary>
    /// The first 3 and last 4 characters visible, the rest <c>*</c> (110**********1234, 138****5678), as long as at least
    /// 4 characters stay hidden (11 or more characters). A shorter value shows only its first and last character when at
    /// least 4 stay hidden, and nothing otherwise: masking never reveals most of a value. Counted in text elements, so a
    /// character is never split.
    /// </summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        var (head, tail) = elements.Count switch
        {
            >= 11 => (3, 4),
            >= 6 => (1, 1),
            _ => (0, 0),
        };

        var masked = new StringBuilder(value.Length);
        for (var i = 0; i < elements.Count; i++)
        {
            masked.Append(i < head || i >= elements.Count - tail ? elements[i] : Hidden);
        }

        return masked.ToString();
    }

    /// <summary>The family name shown, the rest hidden: 张**.</summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var elements = StringInfo.ParseCombiningCharacters(name.Trim());
        return elements.Length switch
        {
            0 => "",
            1 => new string(Hidden, 1),
            _ => name.Trim()[..elements[1]] + new string(Hidden, elements.Length - 1),
        };
    }
}
