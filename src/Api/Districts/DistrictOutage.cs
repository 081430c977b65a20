using GraphQL;
using TimeBank.Api.Hosting;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;

namespace TimeBank.Api.Districts;

/// <summary>
/// A district's database that stopped answering while the node runs (docs/adr/0047-a-database-per-district.md): a
/// request in that district is refused with <c>DISTRICT_UNAVAILABLE</c> naming it, as one down since the node started is
/// (<see cref="DistrictSettings.Require"/>), not a bare <c>UNAVAILABLE</c>. Which database failed is not in Npgsql's
/// exception, so the district's is asked (outside the pools, <see cref="DatabaseHealthCheck.DistrictTimeout"/> at most),
/// only when a request failed with an outage: the city's database down stays <c>UNAVAILABLE</c>.
/// </summary>
public static class DistrictOutage
{
    public static LedgerRefusal Refusal(string district) => new(RefusalCodes.DistrictUnavailable,
        $"The database of district '{district}' does not answer; try again when it is back (/health/ready names each district; "
        + "a command sent again with the same commandId counts once).");

    /// <summary>
    /// The refusal naming <paramref name="district"/> when <paramref name="failure"/> says a database did not answer and the
    /// district's does not answer now; null otherwise (single database, another database, another failure).
    /// </summary>
    public static async Task<LedgerRefusal?> OfAsync(DistrictSettings districts, string? district, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(districts);
        return districts.IsConfigured(district) && DatabaseOutage.IsCause(failure)
            && !await DatabaseHealthCheck.AnswersAsync(districts.ConnectionStringOf(district!), CancellationToken.None)
                ? Refusal(district!)
                : null;
    }

    /// <summary>
    /// A GraphQL field that failed: <c>DISTRICT_UNAVAILABLE</c> naming the request's district when it is the one that does
    /// not answer (asked once per request), or has not answered since the node started; null lets the endpoint decide.
    /// </summary>
    public static async Task<ExecutionError?> ExplainAsync(HttpContext http, Exception? failure)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (failure is LedgerRefusal { Code: RefusalCodes.DistrictUnavailable } refusal)
        {
            return GraphQL.SchemaErrors.Of(refusal.Code, refusal.Message);
        }

        var districts = http.RequestServices.GetRequiredService<DistrictSettings>();
        if (failure is null || !districts.IsOn || RequestDistrict.Of(http.User) is not { } district)
        {
            return null;
        }

        // Several fields of one request may fail alike: the district is asked once.
        var key = (typeof(DistrictOutage), district);
        if (!http.Items.TryGetValue(key, out var asked) || asked is not Task<LedgerRefusal?> answer)
        {
            answer = OfAsync(districts, district, failure);
            http.Items[key] = answer;
        }

        return await answer is { } unavailable ? GraphQL.SchemaErrors.Of(unavailable.Code, unavailable.Message) : null;
    }
}
