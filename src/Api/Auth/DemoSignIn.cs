using System.Security.Claims;
using TimeBank.Demo;
using TimeBank.Web;

namespace TimeBank.Api.Auth;

/// <summary>
/// The web app's development sign-in (<c>Web:LocalSignIn</c>, and no <c>Auth:Authority</c>): the demo city's people, each
/// with the claims the <c>token</c> command would give them.
/// </summary>
public sealed class DemoSignIn : ILocalSignIn
{
    /// <summary>The demo district admin: not in the demo city's history (admins are not recorded there), so a fixed id.</summary>
    public static readonly Guid DistrictAdminId = Guid.Parse("00000000-0000-0000-0000-00000000d001");

    private readonly IReadOnlyList<(SignInPerson Person, TokenClaims Claims)> _people;

    /// <param name="configuration">With <c>Demo:Districts</c> (the demo city in districts mode), each person's claims name their home district.</param>
    public DemoSignIn(IConfiguration configuration)
    {
        var cast = DemoCity.Cast;
        var first = cast.Communities[0];
        var second = cast.Communities[1];
        var merchant = cast.Merchants[0];
        _people =
        [
            (new SignInPerson("volunteer", "Volunteer", cast.Volunteers[0].DisplayName), new TokenClaims(cast.Volunteers[0].Id, "volunteer")),
            (new SignInPerson("volunteer-2", "Volunteer", cast.Volunteers[1].DisplayName), new TokenClaims(cast.Volunteers[1].Id, "volunteer")),
            (new SignInPerson("staff", "Community staff", first.Name), new TokenClaims(first.Staff[0], "staff", first.Id)),
            (new SignInPerson("staff-2", "Community staff", second.Name), new TokenClaims(second.Staff[0], "staff", second.Id)),
            (new SignInPerson("merchant", "Cashier", merchant.Name), new TokenClaims(merchant.CashierId.ToString(), "merchant", [], merchant.Id)),
            (new SignInPerson("admin", "City administrator", "TimeBank"), new TokenClaims(cast.CityAdminId, "city_admin")),
            (new SignInPerson("district-admin", "District administrator", first.District),
                new TokenClaims(DistrictAdminId.ToString(), "district_admin", [], null, Demo.DemoDistricts.DistrictOf(configuration, first.Id) ?? first.District)),
        ];
        _people = [.. _people.Select(p => (p.Person, Demo.DemoDistricts.WithHomeDistrict(p.Claims, configuration)))];
    }

    public IReadOnlyList<SignInPerson> People => [.. _people.Select(p => p.Person)];

    public IReadOnlyList<Claim>? ClaimsOf(string key) => _people.FirstOrDefault(p => p.Person.Key == key).Claims?.ToClaims();
}
