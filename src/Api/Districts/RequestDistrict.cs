using System.Security.Claims;
using TimeBank.Api.GraphQL;

namespace TimeBank.Api.Districts;

/// <summary>
/// The district whose database a request reads and writes (districts mode, ADR 0047): the principal's home district,
/// carried in their token as <c>home_district</c> (a district admin's <c>district</c> claim serves too). A request
/// without one, or naming a district that is not configured, is refused with <c>UNKNOWN_DISTRICT</c>.
/// </summary>
public sealed class RequestDistrict(DistrictSettings districts, IHttpContextAccessor http)
{
    /// <summary>The claim of the principal's home district.</summary>
    public const string HomeDistrictClaim = "home_district";

    /// <summary>The district the principal's token names, if any (unchecked).</summary>
    public static string? Of(ClaimsPrincipal? user) =>
        user?.FindFirst(HomeDistrictClaim)?.Value is { Length: > 0 } home ? home
        : user?.FindFirst(ActorFromClaims.District)?.Value is { Length: > 0 } district ? district
        : null;

    /// <summary>The request's district, checked against configuration; null in single-database mode.</summary>
    public string? Current => districts.IsOn ? districts.Require(Of(http.HttpContext?.User)) : null;
}
