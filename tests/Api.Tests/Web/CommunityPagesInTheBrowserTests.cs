using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The community staff's pages in chromium: their community's merchants (registering, approving, suspending one, as the
/// API then has it) and its volunteers as the API lists them; nobody else gets in. The browser city is shared: the
/// tests change only a merchant they register themselves.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CommunityPagesInTheBrowserTests(BrowserCity city)
{
    private static string StaffToken => TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Staff_register_approve_suspend_and_reinstate_a_merchant_and_the_api_agrees(bool phone)
    {
        var name = "测试商户" + Guid.NewGuid().ToString("N")[..6];
        var screen = phone ? "phone" : "desktop";
        var page = await city.NewPageAsync(phone);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");
        await page.GotoAsync("community/merchants");
        await city.CheckAsync(page, $"community-merchants-{screen}");

        await page.GetByLabel("商户名称").FillAsync(name);
        await page.GetByTestId("register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToHaveTextAsync("商户已登记。商户可以接受积分时，请批准。");
        var card = page.GetByTestId("merchant").Filter(new() { HasText = name });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        var merchantId = await card.GetAttributeAsync("data-merchant-id");
        await Assertions.Expect(card.GetByTestId("merchant-status")).ToHaveTextAsync("待审批");
        await StatusInTheApiAsync(merchantId!, name, "PENDING");

        await card.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToHaveTextAsync("商户已批准。");
        await Assertions.Expect(card.GetByTestId("merchant-status")).ToHaveTextAsync("已批准");
        await StatusInTheApiAsync(merchantId!, name, "APPROVED");

        await card.GetByLabel("暂停原因").FillAsync("测试：暂停兑换");
        await card.GetByTestId("suspend").ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToHaveTextAsync("商户已暂停。");
        await Assertions.Expect(card.GetByTestId("merchant-status")).ToHaveTextAsync("已暂停");
        await Assertions.Expect(card.GetByTestId("reinstate")).ToBeVisibleAsync();
        await StatusInTheApiAsync(merchantId!, name, "SUSPENDED");
        await city.CheckAsync(page, $"community-merchant-suspended-{screen}");

        await card.GetByTestId("reinstate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToHaveTextAsync("商户已恢复。");
        await Assertions.Expect(card.GetByTestId("merchant-status")).ToHaveTextAsync("已批准");
        await StatusInTheApiAsync(merchantId!, name, "APPROVED");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_suspension_without_a_reason_is_refused_and_changes_nothing()
    {
        var name = "测试商户" + Guid.NewGuid().ToString("N")[..6];
        var page = await city.NewPageAsync(phone: false);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");
        await page.GotoAsync("community/merchants");
        await page.GetByLabel("商户名称").FillAsync(name);
        await page.GetByTestId("register").ClickAsync();
        var card = page.GetByTestId("merchant").Filter(new() { HasText = name });
        await card.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(card.GetByTestId("merchant-status")).ToHaveTextAsync("已批准");
        var merchantId = await card.GetAttributeAsync("data-merchant-id");

        await card.GetByLabel("暂停原因").FillAsync("   ");
        await card.GetByTestId("suspend").ClickAsync();

        await Assertions.Expect(page.GetByTestId("error")).ToHaveTextAsync("请填写原因。");
        await Assertions.Expect(card.GetByTestId("merchant-status")).ToHaveTextAsync("已批准");
        await StatusInTheApiAsync(merchantId!, name, "APPROVED");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Staff_see_their_volunteers_as_the_api_lists_them_each_linking_to_their_page(bool phone)
    {
        var page = await city.NewPageAsync(phone);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");
        await page.GotoAsync("community/volunteers");
        await city.CheckAsync(page, $"community-volunteers-{(phone ? "phone" : "desktop")}");

        var api = await city.Client.SendAsync(StaffToken, $$"""
            { account(volunteerId: "{{DemoPeople.VolunteerId}}") { volunteerNumber serviceHours starLevel } }
            """);
        var row = page.Locator($"[data-testid=volunteer][data-volunteer-id='{DemoPeople.VolunteerId}']");
        for (var pages = 1; await row.CountAsync() == 0 && pages < 10; pages++)
        {
            await page.GetByTestId("next-page").ClickAsync();
            await Assertions.Expect(page.GetByTestId("volunteers")).ToBeVisibleAsync();
        }

        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("volunteer-link")).ToHaveTextAsync(api.Ok("account.volunteerNumber").GetValue<string>());
        await Assertions.Expect(row).ToContainTextAsync(api.Ok("account.serviceHours").GetValue<string>());
        await Assertions.Expect(row).ToContainTextAsync(api.Ok("account.starLevel").GetValue<int>() + "★");
        await Assertions.Expect(row).Not.ToContainTextAsync(DemoCity.Cast.Volunteers[0].DisplayName);

        await row.GetByTestId("volunteer-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(city.BaseAddress, $"volunteers/{DemoPeople.VolunteerId}").ToString());
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(api.Ok("account.volunteerNumber").GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("volunteer", "community/merchants")]
    [InlineData("volunteer", "community/volunteers")]
    [InlineData("merchant", "community/merchants")]
    [InlineData("merchant", "community/volunteers")]
    public async Task Nobody_but_staff_gets_into_the_community_pages(string person, string path)
    {
        var page = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, person);

        var answer = await page.GotoAsync(path);

        Assert.Equal(403, answer!.Status);
        await Assertions.Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("merchant")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("volunteers")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private async Task StatusInTheApiAsync(string merchantId, string name, string status)
    {
        var api = await city.Client.SendAsync(StaffToken, $$"""{ merchant(id: "{{merchantId}}") { name status communityId } }""");
        Assert.Equal(name, api.Ok("merchant.name").GetValue<string>());
        Assert.Equal(status, api.Ok("merchant.status").GetValue<string>());
        Assert.Equal(DemoPeople.FirstCommunityId.ToString(), api.Ok("merchant.communityId").GetValue<string>());
    }
}
