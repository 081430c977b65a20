using Marten;
using TimeBank.Ledger.Needs;

namespace TimeBank.Api.Tests.Demo;

/// <summary>The seeded demo city has residents' needs in every state a command reaches, in every community, and they balance.</summary>
public sealed class DemoNeedsTests(SeededDemoCity city) : IClassFixture<SeededDemoCity>
{
    [Fact]
    public async Task Every_community_has_needs_open_accepted_disputed_confirmed_decided_cancelled_and_expired()
    {
        await using var session = city.App.Store.QuerySession();
        var needs = await session.Query<Need>().ToListAsync();
        var communities = TimeBank.Demo.DemoCity.Cast.Communities;

        Assert.All(communities, c => Assert.Equal(
            [NeedStatus.Open, NeedStatus.Accepted, NeedStatus.Disputed, NeedStatus.Confirmed, NeedStatus.Decided, NeedStatus.Cancelled, NeedStatus.Expired],
            needs.Where(n => n.CommunityId == c.Id).Select(n => n.Status).Distinct().Order()));
        Assert.Contains(needs, n => n.Status == NeedStatus.Confirmed && n.EndedOnBehalfOfResident);
        // Served city-wide: every accepting volunteer lives in another community than the need's.
        var homes = (await session.Query<TimeBank.Ledger.Accounts.VolunteerAccount>().ToListAsync()).ToDictionary(a => a.Id, a => a.HomeCommunityId);
        Assert.All(needs.Where(n => n.VolunteerId is not null), n => Assert.NotEqual(n.CommunityId, homes[n.VolunteerId!.Value]));
        // What is escrowed on the accounts is exactly what the needs still hold.
        Assert.Equal(needs.Where(n => n.HoldsEscrow).Sum(n => n.Minutes), homes.Keys.Count == 0 ? 0 :
            (await session.Query<TimeBank.Ledger.Accounts.VolunteerAccount>().ToListAsync()).Sum(a => a.EscrowedTimeCredits));
    }
}
