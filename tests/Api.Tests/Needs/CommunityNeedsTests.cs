using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;

namespace TimeBank.Api.Tests.Needs;

/// <summary>
/// <c>communityNeeds</c>: the needs of a community that wait for its staff (issue 20), with their parties as volunteer
/// number and masked name; staff of another community and volunteers are refused.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class CommunityNeedsTests(TimeBankApp app)
{
    private const string Query = """
        query($c: ID!, $s: [NeedStatus!], $first: Int, $after: String) {
          communityNeeds(communityId: $c, status: $s, first: $first, after: $after) {
            edges { cursor node { needId status disputeReason resident { volunteerNumber maskedName } volunteer { volunteerNumber maskedName } } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    [Fact]
    public async Task Staff_see_their_communitys_needs_with_masked_parties_filtered_by_status_and_paged()
    {
        var city = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 300);
        var ben = await city.MemberAsync();
        var (open, accepted, disputed) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var soon = DateTimeOffset.UtcNow.AddDays(1);
        (await city.PostAsync(NeedCity.Member(resident), open, 30, soon.AddHours(2))).Ok("postNeed.need");
        (await city.PostAsync(NeedCity.Member(resident), accepted, 30, soon)).Ok("postNeed.need");
        (await city.PostAsync(NeedCity.Member(resident), disputed, 30, soon.AddHours(1))).Ok("postNeed.need");
        (await city.SendAsync(NeedCity.Member(ben), "acceptNeed", accepted)).Ok("acceptNeed.need");
        (await city.SendAsync(NeedCity.Member(ben), "acceptNeed", disputed)).Ok("acceptNeed.need");
        (await city.DisputeAsync(NeedCity.Member(resident), disputed)).Ok("disputeNeed.need");

        var answer = await city.Client.SendAsync(city.Staff, Query, new { c = city.CommunityId });
        var all = answer.Ok("communityNeeds.edges").AsArray().Select(e => e!["node"]!).ToList();
        Assert.Equal([accepted, disputed, open], all.Select(n => n.Value<Guid>("needId")));
        Assert.Equal(["ACCEPTED", "DISPUTED", "OPEN"], all.Select(n => n.Value<string>("status")));
        Assert.Equal("Did not come", all[1].Value<string>("disputeReason"));
        var residentNumber = "N-" + resident.ToString("N")[^12..];
        Assert.All(all, n => Assert.Equal(residentNumber, n["resident"]!.Value<string>("volunteerNumber")));
        Assert.All(all, n => Assert.Equal("W********", n["resident"]!.Value<string>("maskedName")));
        Assert.Equal("N-" + ben.ToString("N")[^12..], all[0]["volunteer"]!.Value<string>("volunteerNumber"));
        Assert.Null(all[2]["volunteer"]);
        // Nothing personal in the clear: not the name, and no id of a person.
        var text = answer.Json.ToJsonString();
        Assert.DoesNotContain("Wang", text, StringComparison.Ordinal);
        Assert.DoesNotContain(resident.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ben.ToString(), text, StringComparison.OrdinalIgnoreCase);

        var waiting = (await city.Client.SendAsync(city.Staff, Query, new { c = city.CommunityId, s = new[] { "ACCEPTED", "DISPUTED" } }))
            .Ok("communityNeeds.edges").AsArray();
        Assert.Equal([accepted, disputed], waiting.Select(e => e!["node"]!.Value<Guid>("needId")));

        var first = (await city.Client.SendAsync(city.Staff, Query, new { c = city.CommunityId, first = 2 })).Ok("communityNeeds");
        Assert.True(first["pageInfo"]!.Value<bool>("hasNextPage"));
        var rest = (await city.Client.SendAsync(city.Staff, Query, new { c = city.CommunityId, first = 2, after = first["pageInfo"]!.Value<string>("endCursor") }))
            .Ok("communityNeeds.edges").AsArray();
        Assert.Equal(open, Assert.Single(rest)!["node"]!.Value<Guid>("needId"));

        var admin = (await city.Client.SendAsync(LedgerScenario.Admin, Query, new { c = city.CommunityId })).Ok("communityNeeds.edges").AsArray();
        Assert.Equal(3, admin.Count);
    }

    [Fact]
    public async Task Staff_of_another_community_and_volunteers_are_refused()
    {
        var city = await NeedCity.CreateAsync(app);
        var other = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 60);
        (await city.PostAsync(NeedCity.Member(resident), Guid.CreateVersion7(), 30)).Ok("postNeed.need");

        Assert.Equal("FORBIDDEN", (await city.Client.SendAsync(other.Staff, Query, new { c = city.CommunityId })).Code());
        Assert.Equal("FORBIDDEN", (await city.Client.SendAsync(NeedCity.Member(resident), Query, new { c = city.CommunityId })).Code());
        Assert.Empty((await city.Client.SendAsync(other.Staff, Query, new { c = other.CommunityId })).Ok("communityNeeds.edges").AsArray());

        // A need's own view gives its parties to its community's staff only.
        const string One = "query($id: ID!) { communityNeeds: need(id: $id) { resident { maskedName } } }";
        var needId = Guid.CreateVersion7();
        (await city.PostAsync(NeedCity.Member(resident), needId, 10)).Ok("postNeed.need");
        Assert.NotNull((await city.Client.SendAsync(city.Staff, One, new { id = needId })).Ok("communityNeeds")["resident"]);
        Assert.Null((await city.Client.SendAsync(other.Staff, One, new { id = needId })).Ok("communityNeeds")["resident"]);
        Assert.Null((await city.Client.SendAsync(NeedCity.Member(resident), One, new { id = needId })).Ok("communityNeeds")["resident"]);
    }
}
