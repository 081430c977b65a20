using System.Text.Json;
using TimeBank.GraphQL.Http;

namespace TimeBank.Web;

/// <summary>A refusal or failure in an answer: its <c>extensions.code</c> and the API's message.</summary>
public sealed record LedgerError(string Code, string Message);

/// <summary>What the ledger answered: <c>data</c> (when anything ran) and its errors.</summary>
public sealed record LedgerAnswer(JsonElement? Data, IReadOnlyList<LedgerError> Errors)
{
    public bool Ok => Errors.Count == 0 && Data is { ValueKind: JsonValueKind.Object };

    /// <summary>The field <paramref name="name"/> of <c>data</c>, or an undefined element.</summary>
    public JsonElement this[string name] =>
        Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(name, out var value) ? value : default;
}

/// <summary>Who is signed in, as the API sees them (<c>me</c>).</summary>
/// <param name="Role">The API's role: VOLUNTEER, STAFF, MERCHANT, CITY_ADMIN or DISTRICT_ADMIN; null when nobody is signed in.</param>
public sealed record Caller(string? Role, string? PersonId)
{
    public static Caller Nobody { get; } = new(null, null);

    public bool SignedIn => Role is not null;

    /// <summary>The page a caller starts from.</summary>
    public string Home => Role switch
    {
        "VOLUNTEER" => "/me",
        "STAFF" => "/staff",
        "MERCHANT" => "/till",
        "CITY_ADMIN" => "/admin",
        "DISTRICT_ADMIN" => "/kpis",
        _ => "/",
    };
}

/// <summary>
/// The pages' only way to the ledger: the API's GraphQL schema, executed in process as the signed-in person. A page can
/// therefore never read or change more than that person could through <c>/graphql</c>.
/// </summary>
public sealed class LedgerClient(InProcessGraphQL graphQL, IHttpContextAccessor accessor)
{
    private const string NotSignedIn = "UNAUTHENTICATED";

    public async Task<LedgerAnswer> AskAsync(string query, object? variables = null)
    {
        var http = accessor.HttpContext ?? throw new InvalidOperationException("The ledger is asked from a page request.");
        using var answer = await graphQL.ExecuteAsync(http, query, variables);
        var root = answer.RootElement;
        JsonElement? data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : null;
        var errors = new List<LedgerError>();
        if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in list.EnumerateArray())
            {
                var code = error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var c)
                    ? c.GetString() ?? "INTERNAL"
                    : "INTERNAL";
                errors.Add(new LedgerError(code, error.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty));
            }
        }

        return new LedgerAnswer(data, errors);
    }

    /// <summary>Who the API says the caller is; <see cref="Caller.Nobody"/> for an anonymous visitor.</summary>
    public async Task<Caller> CallerAsync()
    {
        if (accessor.HttpContext?.User.Identity?.IsAuthenticated != true)
        {
            return Caller.Nobody;
        }

        var answer = await AskAsync("{ me { role personId } }");
        if (answer.Errors.Any(e => e.Code == NotSignedIn) || answer["me"].ValueKind != JsonValueKind.Object)
        {
            return Caller.Nobody;
        }

        var me = answer["me"];
        return new Caller(me.GetProperty("role").GetString(), me.GetProperty("personId").GetString());
    }
}
