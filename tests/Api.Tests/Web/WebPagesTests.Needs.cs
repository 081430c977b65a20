namespace TimeBank.Api.Tests.Web;

/// <summary>Residents' needs on the page <c>/me/needs</c>: accept an open need of the city, post one, confirm and cancel.</summary>
public sealed partial class WebPagesTests
{
    [Fact]
    public async Task A_member_accepts_an_open_need_posts_one_of_their_own_and_cancels_it_on_the_needs_page()
    {
        using var browser = new PageBrowser(city.App);
        await browser.SignInAsync("volunteer", "/me/needs");
        var page = await browser.OpenAsync("/me/needs");
        var before = page.QuerySelectorAll("[data-testid=\"my-need\"]").Length;

        // Accept the first open need of the city (the demo's needs are served across communities).
        var accept = page.QuerySelector("[data-testid=\"accept-need\"]");
        Assert.NotNull(accept);
        using (var accepted = await browser.SubmitAsync("/me/needs", accept!.Closest("form")!, new Dictionary<string, string> { ["Act.Action"] = accept.GetAttribute("value")! }))
        {
            var html = PageBrowser.Parse(await accepted.Content.ReadAsStringAsync());
            Assert.Equal("谢谢！您已接下这项需求，可在“我的需求”中查看。", PageBrowser.TestId(html, "need-done"));
            Assert.Equal(before + 1, html.QuerySelectorAll("[data-testid=\"my-need\"]").Length);
            Assert.Contains(html.QuerySelectorAll("[data-testid=\"my-need\"]"), n => n.GetAttribute("data-status") == "ACCEPTED");
        }

        // Post a need of their own, then cancel it: its time credits are held, then back.
        page = await browser.OpenAsync("/me/needs");
        var available = PageBrowser.TestId(page, "available-credits");
        var when = DateTimeOffset.UtcNow.AddDays(3).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        using (var posted = await browser.SubmitAsync("/me/needs", page.QuerySelector("[data-testid=\"post-form\"]")!, new Dictionary<string, string>
        {
            ["Post.What"] = "帮我换灯泡", ["Post.Place"] = "家中", ["Post.When"] = when, ["Post.Minutes"] = "30", ["Post.Skill"] = "维修",
        }))
        {
            var html = PageBrowser.Parse(await posted.Content.ReadAsStringAsync());
            Assert.Equal("0h30m", PageBrowser.TestId(html, "escrowed-credits"));
            var cancel = html.QuerySelector("[data-testid=\"cancel-need\"]");
            Assert.NotNull(cancel);
            using var cancelled = await browser.SubmitAsync("/me/needs", cancel!.Closest("form")!, new Dictionary<string, string> { ["Act.Action"] = cancel.GetAttribute("value")! });
            var after = PageBrowser.Parse(await cancelled.Content.ReadAsStringAsync());
            Assert.Equal(available, PageBrowser.TestId(after, "available-credits"));
            Assert.Contains(after.QuerySelectorAll("[data-testid=\"my-need\"]"), n => n.GetAttribute("data-status") == "CANCELLED");
        }
    }
}
