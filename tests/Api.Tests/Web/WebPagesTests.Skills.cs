using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// Volunteers' skills in the web app (ADR 0043): the volunteer's <c>/me/skills</c>, the home community staff's
/// <c>/community/skills</c> and the city's search at <c>/skills</c> (volunteer number and masked name only).
/// </summary>
public sealed partial class WebPagesTests
{
    [Fact]
    public async Task A_volunteer_declares_and_withdraws_skills_their_community_confirms_one_and_the_search_shows_masked_names_only()
    {
        var volunteerCast = DemoCity.Cast.Volunteers[0];
        Assert.Equal(DemoCity.Cast.Communities[0].Id, volunteerCast.HomeCommunityId);
        var token = TestTokens.For(Actor.Volunteer(volunteerCast.Id));
        const string Reading = "web page reading aloud";
        const string Sewing = "web page sewing";
        using var volunteer = new PageBrowser(city.App);
        await volunteer.SignInAsync("volunteer", "/me");
        var me = await volunteer.OpenAsync("/me");
        Assert.Equal("/me/skills", me.QuerySelector("[data-testid=my-skills]")!.GetAttribute("href"));

        var page = await volunteer.OpenAsync("/me/skills");
        foreach (var skill in new[] { " Web Page Reading Aloud ", Sewing })
        {
            using var sent = await volunteer.SubmitAsync("/me/skills", page.QuerySelector("[data-testid=skills-form]")!,
                new Dictionary<string, string> { ["Form.Action"] = "declare", ["Form.Skill"] = skill });
            page = PageBrowser.Parse(await sent.Content.ReadAsStringAsync());
            Assert.Null(page.QuerySelector("[data-testid=error]"));
        }

        Assert.Equal("false", SkillRow(page, Reading).GetAttribute("data-confirmed"));
        Assert.Equal("false", SkillRow(page, Sewing).GetAttribute("data-confirmed"));

        // Staff of another community see neither the volunteer nor their skills, and a confirmation they send is refused.
        using var otherStaff = new PageBrowser(city.App);
        await otherStaff.SignInAsync("staff-2", "/staff");
        var other = await otherStaff.OpenAsync("/community/skills");
        Assert.DoesNotContain(volunteerCast.Id.ToString(), other.DocumentElement.OuterHtml, StringComparison.Ordinal);
        using (var forged = await otherStaff.SubmitAsync("/community/skills", other.QuerySelector("[data-testid=community-skills-form]")!,
            new Dictionary<string, string> { ["Form.Action"] = $"{volunteerCast.Id}:{Reading}" }))
        {
            Assert.NotNull(PageBrowser.Parse(await forged.Content.ReadAsStringAsync()).QuerySelector("[data-testid=error]"));
        }

        Assert.False(await ConfirmedAsync(token, Reading));

        // Staff of the volunteer's home community confirm it.
        using var staff = new PageBrowser(city.App);
        await staff.SignInAsync("staff", "/staff");
        var volunteers = await staff.OpenAsync("/community/volunteers");
        Assert.Equal("/community/skills", volunteers.QuerySelector("[data-testid=community-skills-link]")!.GetAttribute("href"));
        var staffPage = await staff.OpenAsync("/community/skills");
        var row = staffPage.QuerySelector($"[data-testid=skilled-volunteer][data-volunteer-id='{volunteerCast.Id}']")!;
        Assert.DoesNotContain(volunteerCast.DisplayName, staffPage.QuerySelector("[data-testid=community-skills]")!.TextContent, StringComparison.Ordinal);
        var confirm = row.QuerySelectorAll("[data-testid=volunteer-skill]").Single(s => s.GetAttribute("data-skill") == Reading).QuerySelector("[data-testid=confirm-skill]")!;
        using (var confirmed = await staff.SubmitAsync("/community/skills", staffPage.QuerySelector("[data-testid=community-skills-form]")!,
            new Dictionary<string, string> { ["Form.Action"] = confirm.GetAttribute("value")! }))
        {
            var answered = PageBrowser.Parse(await confirmed.Content.ReadAsStringAsync());
            Assert.Null(answered.QuerySelector("[data-testid=error]"));
            var skills = answered.QuerySelector($"[data-testid=skilled-volunteer][data-volunteer-id='{volunteerCast.Id}']")!.QuerySelectorAll("[data-testid=volunteer-skill]");
            Assert.Equal("true", skills.Single(s => s.GetAttribute("data-skill") == Reading).GetAttribute("data-confirmed"));
            Assert.Equal("false", skills.Single(s => s.GetAttribute("data-skill") == Sewing).GetAttribute("data-confirmed"));
        }

        Assert.True(await ConfirmedAsync(token, Reading));
        Assert.Equal("true", SkillRow(await volunteer.OpenAsync("/me/skills"), Reading).GetAttribute("data-confirmed"));

        // The search, linked from the slot board: volunteer number and masked name, never the name; confirmed only on request.
        var board = await volunteer.OpenAsync("/me/slots");
        Assert.Equal("/skills", board.QuerySelector("[data-testid=skills-link]")!.GetAttribute("href"));
        var found = await staff.OpenAsync("/skills?skill=" + Uri.EscapeDataString(Sewing));
        var hit = Assert.Single(found.QuerySelectorAll("[data-testid=skilled-row]"));
        Assert.Contains(volunteerCast.VolunteerNumber, hit.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(volunteerCast.DisplayName, found.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(TimeBank.Api.PersonalData.Masking.Name(volunteerCast.DisplayName), hit.QuerySelector("[data-testid=skilled-name]")!.TextContent.Trim());
        Assert.Empty((await volunteer.OpenAsync("/skills?confirmed=true&skill=" + Uri.EscapeDataString(Sewing))).QuerySelectorAll("[data-testid=skilled-row]"));
        Assert.Single((await volunteer.OpenAsync("/skills?confirmed=true&skill=" + Uri.EscapeDataString(Reading))).QuerySelectorAll("[data-testid=skilled-row]"));

        // Withdrawn, the skill leaves the volunteer's page and the search.
        page = await volunteer.OpenAsync("/me/skills");
        using (var withdrawn = await volunteer.SubmitAsync("/me/skills", page.QuerySelector("[data-testid=skills-form]")!,
            new Dictionary<string, string> { ["Form.Action"] = SkillRow(page, Sewing).QuerySelector("[data-testid=withdraw-skill]")!.GetAttribute("value")! }))
        {
            var answered = PageBrowser.Parse(await withdrawn.Content.ReadAsStringAsync());
            Assert.Null(answered.QuerySelector("[data-testid=error]"));
            Assert.DoesNotContain(answered.QuerySelectorAll("[data-testid=my-skill]"), s => s.GetAttribute("data-skill") == Sewing);
        }

        Assert.Empty((await volunteer.OpenAsync("/skills?skill=" + Uri.EscapeDataString(Sewing))).QuerySelectorAll("[data-testid=skilled-row]"));

        static AngleSharp.Dom.IElement SkillRow(AngleSharp.Dom.IDocument page, string skill) =>
            page.QuerySelectorAll("[data-testid=my-skill]").Single(s => s.GetAttribute("data-skill") == skill);
    }

    private async Task<bool> ConfirmedAsync(string token, string skill) =>
        (await city.Client.SendAsync(token, "{ mySkills { name confirmed } }")).Ok("mySkills").AsArray()
            .Single(s => s!["name"]!.GetValue<string>() == skill)!["confirmed"]!.GetValue<bool>();
}
