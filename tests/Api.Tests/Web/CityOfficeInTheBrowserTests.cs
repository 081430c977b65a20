using Microsoft.Playwright;
using TimeBank.Api.Auth;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The city office in chromium: the city admin's communities (registering one, assigning its staff) and the KPIs of
/// the city and of a district, as the API gives them; nobody else gets in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CityOfficeInTheBrowserTests(BrowserCity city)
{
    [Fact]
    public async Task The_city_admin_registers_a_community_and_assigns_its_staff_member()
    {
        var name = "测试社区" + Guid.NewGuid().ToString("N")[..6];
        var staff = Guid.NewGuid();
        var desk = await city.NewPageAsync(phone: false);
        await VolunteerPagesInTheBrowserTests.SignInAsync(desk, "admin");
        await Assertions.Expect(desk).ToHaveURLAsync(new Uri(city.BaseAddress, "admin").ToString());
        await city.CheckAsync(desk, "admin-communities-desktop");

        await desk.GetByLabel("社区名称").FillAsync(name);
        await desk.GetByLabel("街道", new() { Exact = true }).FillAsync("八大关街道");
        await desk.GetByLabel("区市").FillAsync("市南区");
        await desk.GetByTestId("register").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("done")).ToHaveTextAsync("社区已登记。");
        var row = desk.GetByTestId("community").Filter(new() { HasText = name });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var communityId = await row.GetAttributeAsync("data-community-id");

        await desk.GetByLabel("社区", new() { Exact = true }).SelectOptionAsync(communityId!);
        await desk.GetByLabel("工作人员的人员编号（登录身份）").FillAsync(staff.ToString());
        await desk.GetByTestId("assign").ClickAsync();
        await Assertions.Expect(desk.GetByTestId("done")).ToHaveTextAsync("工作人员已分配。");
        await city.CheckAsync(desk, "admin-assigned-desktop");

        var api = await city.Client.SendAsync(TestTokens.For(TimeBankApp.CityAdmin), $"{{ communities(first: 100) {{ edges {{ node {{ communityId name staffIds }} }} }} }}");
        var registered = api.Ok("communities.edges").AsArray().Select(e => e!["node"]!).Single(n => n["communityId"]!.GetValue<string>() == communityId);
        Assert.Equal(name, registered["name"]!.GetValue<string>());
        Assert.Equal([staff.ToString()], registered["staffIds"]!.AsArray().Select(s => s!.GetValue<string>()));
        await desk.Context.CloseAsync();
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("district-admin", false)]
    public async Task The_city_office_reads_the_kpis_the_api_gives_it(string person, bool phone)
    {
        var page = await city.NewPageAsync(phone);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, person);
        var district = DemoCity.Cast.Communities[0].District;
        var token = person == "admin"
            ? TestTokens.For(TimeBankApp.CityAdmin)
            : TestTokens.For(Actor.DistrictAdmin(DemoSignIn.DistrictAdminId, district));
        var area = person == "admin" ? "{}" : $"{{ district: \"{district}\" }}";
        var api = await city.Client.SendAsync(token, $"{{ areaKpis(area: {area}) {{ registered active }} }}");

        await page.GotoAsync("kpis");

        await Assertions.Expect(page.GetByTestId("registered")).ToHaveTextAsync(api.Ok("areaKpis.registered").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("active")).ToHaveTextAsync(api.Ok("areaKpis.active").GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("community-kpi")).Not.ToHaveCountAsync(0);
        await city.CheckAsync(page, $"kpis-{person}-{(phone ? "phone" : "desktop")}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("volunteer", "admin")]
    [InlineData("merchant", "admin")]
    [InlineData("staff", "admin")]
    [InlineData("volunteer", "kpis")]
    [InlineData("merchant", "kpis")]
    public async Task Nobody_else_gets_into_the_city_office(string person, string path)
    {
        var page = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, person);

        var answer = await page.GotoAsync(path);

        Assert.Equal(403, answer!.Status);
        await Assertions.Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("communities")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

}
