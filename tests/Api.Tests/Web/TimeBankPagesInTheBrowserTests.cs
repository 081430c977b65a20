using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;
using static TimeBank.Api.Tests.Web.VolunteerPagesInTheBrowserTests;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The time bank's pages (ADRs 0043–0045) in chromium on a phone and on a desktop, on the demo city: each is
/// screenshot, checked with axe-core, must fit the window's width, log no error and ask no other host for anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimeBankPagesInTheBrowserTests(BrowserCity city)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_volunteer_finds_slots_needs_gifts_and_skills_and_each_page_is_accessible(bool phone)
    {
        var (slotId, _) = await FirstSlotOfTheFirstCommunityAsync();
        var page = await city.NewPageAsync(phone);
        await SignInAsync(page, "volunteer");

        foreach (var (path, name) in new[]
        {
            ("me/slots", "slots"), ($"slots/{slotId}", "slot"), ("me/needs", "needs"), ("me/gifts", "gifts"), ("me/skills", "skills"), ("skills", "skills-search"),
        })
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(200, answer!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await city.CheckAsync(page, $"volunteer-{name}-{(phone ? "phone" : "desktop")}");
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Staff_find_the_slots_needs_pool_and_skills_of_their_community_and_each_page_is_accessible(bool phone)
    {
        var (slotId, projectId) = await FirstSlotOfTheFirstCommunityAsync();
        var page = await city.NewPageAsync(phone);
        await SignInAsync(page, "staff");

        foreach (var (path, name) in new[]
        {
            ($"projects/{projectId}/slots", "project-slots"), ($"slots/{slotId}", "slot"), ("community/needs", "needs"), ("community/pool", "pool"),
            ("community/skills", "skills"),
        })
        {
            var answer = await page.GotoAsync(path);
            Assert.Equal(200, answer!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await city.CheckAsync(page, $"staff-{name}-{(phone ? "phone" : "desktop")}");
        }

        await page.Context.CloseAsync();
    }

    /// <summary>An open slot of the demo city's first community, from the public board, and its project.</summary>
    private async Task<(string SlotId, string ProjectId)> FirstSlotOfTheFirstCommunityAsync()
    {
        var board = await city.Client.SendAsync(TestTokens.For(Actor.Volunteer(DemoPeople.VolunteerId)),
            "query($c: ID!) { slotBoard(communityId: $c, first: 1) { edges { node { slotId projectId } } } }", new { c = DemoPeople.FirstCommunityId });
        var slot = Assert.Single(board.Ok("slotBoard.edges").AsArray())!["node"]!;
        return (slot["slotId"]!.GetValue<string>(), slot["projectId"]!.GetValue<string>());
    }
}
