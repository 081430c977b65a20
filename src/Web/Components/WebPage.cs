using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace TimeBank.Web.Components;

/// <summary>
/// What every page has: the request, the ledger as the signed-in person sees it, the reader's words, and the check that
/// the reader may be here. A page decides nothing about access itself: it asks the API who the caller is, and the API
/// refuses what they may not see.
/// </summary>
public abstract class WebPage : ComponentBase
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;

    [Inject] protected LedgerClient Ledger { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>The reader's words, read from their preferences once per page (every word of the page asks for them).</summary>
    protected Words T => _words ??= Words.For(Preferences.Of(HttpContext));

    private Words? _words;

    protected Caller Caller { get; private set; } = Caller.Nobody;

    /// <summary>Set when the page answered 403: it shows <see cref="Forbidden"/> instead of itself.</summary>
    protected bool Refused { get; private set; }

    /// <summary>
    /// Whether the caller is signed in with one of <paramref name="roles"/>. If not signed in, they are sent to sign in
    /// and brought back here afterwards; signed in with another role, the page answers 403.
    /// </summary>
    protected async Task<bool> RequireAsync(params string[] roles)
    {
        Caller = await Ledger.CallerAsync();
        if (!Caller.SignedIn)
        {
            Navigation.NavigateTo(WebSession.SignInPath + "?back=" + Uri.EscapeDataString(HttpContext.Request.Path + HttpContext.Request.QueryString));
            return false;
        }

        if (roles.Length > 0 && !roles.Contains(Caller.Role))
        {
            Refuse();
            return false;
        }

        return true;
    }

    /// <summary>Answers 403 with the page that says so.</summary>
    protected void Refuse()
    {
        Refused = true;
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    /// <summary>A new id for a command a form will send: sent twice (a double tap, a reload), it changes the ledger once.</summary>
    protected static string NewCommandId() => Guid.NewGuid().ToString();

    /// <summary>
    /// The command id of one part of a form of several commands (one volunteer's record, one hold of the day's list): the
    /// same form sent again makes the same ids (a name-based UUID, version 3, of the form's id and the part).
    /// </summary>
    protected static Guid CommandIdFor(Guid formCommandId, string part)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(formCommandId.ToString("D") + "/" + part));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
