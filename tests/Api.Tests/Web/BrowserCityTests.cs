using Xunit.Sdk;

namespace TimeBank.Api.Tests.Web;

/// <summary>The browser tests' own checks catch what they say they catch, on pages made up for the purpose.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserCityTests(BrowserCity city)
{
    [Fact]
    public async Task A_serious_accessibility_violation_fails_with_its_rule_impact_element_and_help_unless_it_is_known()
    {
        var page = await city.NewPageAsync(phone: false);
        await page.SetContentAsync("""<!doctype html><html lang="en"><head><title>t</title></head><body><main><img id="photo" src="data:,"></main></body></html>""");

        var failure = await Assert.ThrowsAsync<FailException>(() => BrowserCity.AssertAccessibleAsync(page));

        Assert.Contains("image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#photo", failure.Message, StringComparison.Ordinal);
        Assert.Contains("alternative text", failure.Message, StringComparison.OrdinalIgnoreCase);
        await BrowserCity.AssertAccessibleAsync(page, "image-alt");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_request_to_another_host_fails_the_page()
    {
        var page = await city.NewPageAsync(phone: false);

        // Port 9 (discard) on another loopback address: nothing answers, nothing leaves the machine.
        await page.SetContentAsync("""<!doctype html><html lang="en"><head><title>t</title></head><body><img src="http://127.0.0.2:9/tracker.png" alt=""></body></html>""");

        Assert.Contains("http://127.0.0.2:9/tracker.png", city.RequestsOf(page));
        Assert.ThrowsAny<XunitException>(() => city.AssertNoConsoleErrorsAndNoOtherHost(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_wider_than_the_phone_fails()
    {
        var page = await city.NewPageAsync(phone: true);
        await page.SetContentAsync("""<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title></head><body><div style="width: 500px">wide</div></body></html>""");

        var failure = await Assert.ThrowsAsync<TrueException>(() => BrowserCity.AssertNoSidewaysScrollingAsync(page));

        Assert.Contains("in a window of 390 px", failure.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
