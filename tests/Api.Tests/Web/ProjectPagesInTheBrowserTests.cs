using System.Globalization;
using Microsoft.Playwright;
using TimeBank.Api.Tests.Host;
using TimeBank.Demo;
using TimeBank.Ledger.Actors;

namespace TimeBank.Api.Tests.Web;

/// <summary>
/// The community staff's projects page in chromium: publishing a project (as the API then has it) and recording a day's
/// service in it for several volunteers at once, which then await verification in the API and on /staff; the same form
/// sent twice records once; nobody but staff gets in. Each test publishes its own project and records service at an
/// early hour of a random past day, so it meets no other record of the shared browser city.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectPagesInTheBrowserTests(BrowserCity city)
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    private static string StaffToken => TestTokens.For(Actor.Staff(DemoPeople.FirstCommunityStaffId, DemoPeople.FirstCommunityId));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Staff_publish_a_project_and_record_service_for_two_volunteers_which_then_await_verification(bool phone)
    {
        var screen = phone ? "phone" : "desktop";
        var page = await city.NewPageAsync(phone);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");
        await page.GotoAsync("community/projects");
        await city.CheckAsync(page, $"community-projects-{screen}");

        var (projectId, name) = await PublishAsync(page);
        var card = page.Locator($"[data-testid=project][data-project-id='{projectId}']");
        await Assertions.Expect(card.GetByTestId("project-category")).ToHaveTextAsync("助老");
        await Assertions.Expect(card.GetByTestId("project-coefficient")).ToHaveTextAsync("1.5");
        await Assertions.Expect(card.GetByTestId("project-place")).ToHaveTextAsync("社区活动中心");
        var project = await ProjectInTheApiAsync(projectId);
        Assert.Equal(name, project["name"]!.GetValue<string>());
        Assert.Equal("助老", project["category"]!.GetValue<string>());
        Assert.Equal(150, project["pointsCoefficientPercent"]!.GetValue<int>());
        Assert.Equal("社区活动中心", project["place"]!.GetValue<string>());
        Assert.Equal(DemoPeople.FirstCommunityId.ToString(), project["communityId"]!.GetValue<string>());

        await card.GetByTestId("record-service").ClickAsync();
        var form = page.GetByTestId("record-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        var chosen = await FillRecordFormAsync(page, phone ? 0 : 2);
        await city.CheckAsync(page, $"community-projects-record-{screen}");
        await page.GetByTestId("record").ClickAsync();

        await Assertions.Expect(page.GetByTestId("submitted")).ToContainTextAsync("2");
        Assert.Equal(chosen.Order(), (await AwaitingAsync(projectId)).Select(r => r.VolunteerId).Order());
        await page.GotoAsync("staff");
        foreach (var record in await AwaitingAsync(projectId))
        {
            await Assertions.Expect(page.Locator($"[data-testid=record][data-record-id='{record.RecordId}']")).ToHaveCountAsync(1);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_record_form_sent_twice_records_the_service_once()
    {
        var page = await city.NewPageAsync(phone: false);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");
        await page.GotoAsync("community/projects");
        var (projectId, _) = await PublishAsync(page);
        await page.Locator($"[data-testid=project][data-project-id='{projectId}']").GetByTestId("record-service").ClickAsync();
        var chosen = await FillRecordFormAsync(page, 4);

        var form = await page.GetByTestId("record-form").EvaluateAsync<string>("f => new URLSearchParams(new FormData(f)).toString()");
        var posts = new List<IAPIResponse>();
        for (var i = 0; i < 2; i++)
        {
            posts.Add(await page.APIRequest.PostAsync("community/projects", new()
            {
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
                Data = form,
                MaxRedirects = 0,
            }));
        }

        Assert.All(posts, post => Assert.Equal(302, post.Status));
        Assert.All(posts, post => Assert.EndsWith("/community/projects?submitted=2", post.Headers["location"], StringComparison.Ordinal));
        var records = await AwaitingAsync(projectId);
        Assert.Equal(2, records.Count);
        Assert.Equal(chosen.Order(), records.Select(r => r.VolunteerId).Order());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Service_that_overlaps_a_volunteers_record_is_refused_for_that_volunteer_by_number()
    {
        var page = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, "staff");
        await page.GotoAsync("community/projects");
        var (projectId, _) = await PublishAsync(page);
        var card = page.Locator($"[data-testid=project][data-project-id='{projectId}']");
        await card.GetByTestId("record-service").ClickAsync();
        var at = EarlyHourOfAPastDay();
        await FillRecordFormAsync(page, 6, at);
        await page.GetByTestId("record").ClickAsync();
        await Assertions.Expect(page.GetByTestId("submitted")).ToContainTextAsync("2");

        await card.GetByTestId("record-service").ClickAsync();
        var chosen = await FillRecordFormAsync(page, 7, at);
        await page.GetByTestId("record").ClickAsync();

        await Assertions.Expect(page.GetByTestId("submitted")).ToContainTextAsync("1");
        var refusal = page.GetByTestId("refusal");
        await Assertions.Expect(refusal).ToHaveCountAsync(1);
        var number = await page.Locator($"label[for='v-{chosen[0]}']").TextContentAsync();
        await Assertions.Expect(refusal).ToContainTextAsync(number!.Split(' ')[0]);
        await Assertions.Expect(refusal).ToContainTextAsync("该志愿者在此时间段已有服务记录。");
        await city.CheckAsync(page, "community-projects-refused-phone");
        Assert.Equal(3, (await AwaitingAsync(projectId)).Count);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("volunteer")]
    [InlineData("merchant")]
    public async Task Nobody_but_staff_gets_into_the_projects_page(string person)
    {
        var page = await city.NewPageAsync(phone: true);
        await VolunteerPagesInTheBrowserTests.SignInAsync(page, person);

        var answer = await page.GotoAsync("community/projects");

        Assert.Equal(403, answer!.Status);
        await Assertions.Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("project")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("publish-form")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private static async Task<(string ProjectId, string Name)> PublishAsync(IPage page)
    {
        var name = "测试项目" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("项目名称").FillAsync(name);
        await page.GetByLabel("服务类别（如：助老）").FillAsync("助老");
        await page.GetByLabel("服务地点").FillAsync("社区活动中心");
        await page.GetByLabel("积分系数（1.0 = 每小时 10 积分）").FillAsync("1.5");
        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("done")).ToHaveTextAsync("项目已发布。");
        var card = page.GetByTestId("project").Filter(new() { HasText = name });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        return ((await card.GetAttributeAsync("data-project-id"))!, name);
    }

    /// <summary>Fills the open record form for the two volunteers from <paramref name="firstChoice"/> on, at an early hour of a past day; their ids.</summary>
    private static async Task<IReadOnlyList<string>> FillRecordFormAsync(IPage page, int firstChoice, DateTime? at = null)
    {
        var start = at ?? EarlyHourOfAPastDay();
        await page.GetByLabel("服务日期").FillAsync(start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("开始时间（北京时间）").FillAsync(start.ToString("HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("结束时间（北京时间）").FillAsync(start.AddMinutes(20).ToString("HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("实际服务分钟数（不含路程）").FillAsync("20");
        await page.GetByLabel("服务内容").FillAsync("陪伴老人聊天");
        await page.GetByLabel("负责人").FillAsync("王主任");
        var chosen = new List<string>();
        for (var i = firstChoice; i < firstChoice + 2; i++)
        {
            var box = page.GetByTestId("volunteer-choice").Nth(i);
            await box.CheckAsync();
            chosen.Add((await box.GetAttributeAsync("data-volunteer-id"))!);
        }

        return chosen;
    }

    /// <summary>A time between midnight and 06:00 (China) of a day 2 to 40 days ago: the demo city records service from 08:00.</summary>
    private static DateTime EarlyHourOfAPastDay() =>
        DateTimeOffset.UtcNow.ToOffset(ChinaTime).Date.AddDays(-Random.Shared.Next(2, 40)).AddMinutes(Random.Shared.Next(0, 6 * 60 - 30));

    private async Task<System.Text.Json.Nodes.JsonNode> ProjectInTheApiAsync(string projectId)
    {
        var me = await city.Client.SendAsync(StaffToken, "{ me { communities { id communityId } } }");
        var communityGlobalId = me.Ok("me.communities").AsArray()
            .First(c => c!["communityId"]!.GetValue<string>() == DemoPeople.FirstCommunityId.ToString())!["id"]!.GetValue<string>();
        var api = await city.Client.SendAsync(StaffToken, $$"""
            { node(id: "{{communityGlobalId}}") { ... on Community { projects(first: 100) { edges { node { projectId name category pointsCoefficientPercent place communityId } } } } } }
            """);
        return api.Ok("node.projects.edges").AsArray()
            .Select(edge => edge!["node"]!)
            .First(node => node["projectId"]!.GetValue<string>() == projectId);
    }

    private async Task<IReadOnlyList<(string RecordId, string VolunteerId)>> AwaitingAsync(string projectId)
    {
        var api = await city.Client.SendAsync(StaffToken,
            $$"""{ recordsAwaitingVerification(communityId: "{{DemoPeople.FirstCommunityId}}", first: 100) { edges { node { recordId volunteerId projectId } } } }""");
        return [.. api.Ok("recordsAwaitingVerification.edges").AsArray()
            .Select(edge => edge!["node"]!)
            .Where(node => node["projectId"]!.GetValue<string>() == projectId)
            .Select(node => (node["recordId"]!.GetValue<string>(), node["volunteerId"]!.GetValue<string>()))];
    }
}
