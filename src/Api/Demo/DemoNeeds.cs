using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Infrastructure;
using TimeBank.Demo;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Needs;
using TimeBank.Ledger.Units;

namespace TimeBank.Api.Demo;

/// <summary>
/// The demo city's residents' needs (ADR 0044), through the same commands a client sends, each with a fixed command id:
/// in every community, needs of its residents with time credits in every state a command can reach — open, accepted,
/// disputed, confirmed by the resident, confirmed by staff for a resident without a phone, decided by staff (split), and
/// cancelled — served by volunteers of the next community (city-wide, 通存通兑); and one expired need per community
/// (<see cref="SeedExpiredAsync"/>).
/// </summary>
public static class DemoNeeds
{
    private static readonly (string What, string Place, string Skill)[] Kinds =
    [
        ("陪同去社区医院复查", "社区卫生服务中心", "陪诊"),
        ("帮忙采购一周的菜", "附近农贸市场", "采购"),
        ("教我用手机视频通话", "家中", "智能手机"),
        ("打扫厨房和卫生间", "家中", "家政"),
        ("陪我在公园散步聊天", "八大关公园", "陪伴"),
        ("修理漏水的水龙头", "家中", "维修"),
        ("读报纸给我听", "家中", "陪伴"),
    ];

    private enum Ending
    {
        Open,
        Accepted,
        Disputed,
        Confirmed,
        ConfirmedByStaff,
        Decided,
        Cancelled,
    }

    /// <param name="place">
    /// Each community's needs run in its district; with a database per district, the helper is of the next community in
    /// the same district (a need's payment to a helper homed in another district is not carried across yet, ADR 0047).
    /// </param>
    public static async Task SeedAsync(DemoCityHistory history, DemoPlaces place, IServiceScopeFactory scopes, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<CommandSender>();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        var accounts = history.Accounts.ToDictionary(s => s.Id, s => s.Events.Aggregate((VolunteerAccount?)null, VolunteerAccount.Evolve)!);
        var communities = history.Cast.Communities;
        var day = ChinaTime.DayOf(history.Now);
        for (var k = 0; k < communities.Count; k++)
        {
            var community = communities[k];
            var staff = Actor.Staff(community.Staff[0], community.Id);
            var residents = history.Cast.Volunteers
                .Where(v => v.HomeCommunityId == community.Id && accounts[v.Id].AvailableTimeCredits >= 240)
                .Select(v => v.Id).Order().Take(3).ToList();
            var next = Enumerable.Range(1, communities.Count).Select(step => communities[(k + step) % communities.Count])
                .First(c => place.Together(c.Id, community.Id));
            var helper = history.Cast.Volunteers.Where(v => v.HomeCommunityId == next.Id).Select(v => v.Id).Order().First();
            if (residents.Count == 0)
            {
                continue;
            }

            place.Enter(bus, community.Id);
            foreach (var ending in Enum.GetValues<Ending>())
            {
                var n = (int)ending;
                var resident = residents[n % residents.Count];
                var needId = NameBasedId.From("demo-need", community.Id, n);
                // Each community's needs differ in what and when, so that the city-wide board is not one need six times.
                var kind = Kinds[(n + k) % Kinds.Length];
                var startsAt = new DateTimeOffset(day.AddDays(1 + n).ToDateTime(new TimeOnly(8 + k, 30 * (k % 2))), ChinaTime.Offset);
                var residentActor = Actor.Volunteer(resident);
                await SendAsync(needId, 0, new PostNeed(needId, resident, community.Id, kind.What, kind.Place, startsAt, 30 + (15 * n), [kind.Skill], residentActor));
                if (ending == Ending.Cancelled)
                {
                    await SendAsync(needId, 1, new CancelNeed(needId, residentActor));
                    continue;
                }

                if (ending == Ending.Open)
                {
                    continue;
                }

                await SendAsync(needId, 1, new AcceptNeed(needId, Actor.Volunteer(helper)));
                switch (ending)
                {
                    case Ending.Confirmed:
                        await SendAsync(needId, 2, new ConfirmNeed(needId, residentActor));
                        break;
                    case Ending.ConfirmedByStaff:
                        await SendAsync(needId, 2, new ConfirmNeed(needId, staff));
                        break;
                    case Ending.Disputed or Ending.Decided:
                        await SendAsync(needId, 2, new DisputeNeed(needId, "志愿者只来了一半时间", residentActor));
                        if (ending == Ending.Decided)
                        {
                            var minutes = 30 + (15 * n);
                            await SendAsync(needId, 3, new DecideNeedDispute(needId, minutes / 2, minutes - (minutes / 2), "双方各陈述后，按实际服务时间折半", staff));
                        }

                        break;
                }
            }
        }

        async Task SendAsync<TCommand>(Guid needId, int step, TCommand command)
            where TCommand : IActorCommand
        {
            var outcome = await sender.SendAsync(Idempotent.Of(NameBasedId.From("demo-need-command", needId, step), command), cancellation);
            if (!outcome.Accepted)
            {
                throw new InvalidOperationException($"The demo city's {typeof(TCommand).Name} was refused: {outcome.Code} {outcome.Message}");
            }
        }
    }
    /// <summary>
    /// One need per community that nobody accepted and that expired, its escrow released: posted ten days ago for a service
    /// eight days ago, and decided by the Ledger's own rules at those times (a seed cannot wait out the week's grace for
    /// the scheduled expiry). Its events are appended after the commands' (their own times are in the events).
    /// </summary>
    public static async Task SeedExpiredAsync(IDocumentStore store, DemoPlaces place, PolicyBook policies, DemoCityHistory history, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(history);
        var postedAt = history.Now.AddDays(-10);
        foreach (var community in history.Cast.Communities)
        {
            await using var session = place.DistrictOf(community.Id) is { } district ? store.LightweightSession(district) : store.LightweightSession();
            var home = history.Cast.Volunteers.Where(v => v.HomeCommunityId == community.Id).Select(v => v.Id).Order().ToList();
            var accounts = await session.LoadManyAsync<VolunteerAccount>(cancellation, home);
            if (accounts.Where(a => a.AvailableTimeCredits >= 60).OrderBy(a => a.Id).FirstOrDefault() is not { } resident)
            {
                continue;
            }

            var needId = NameBasedId.From("demo-need-expired", community.Id);
            var account = await session.Events.FetchForExclusiveWriting<VolunteerAccount>(resident.Id, cancellation);
            var policy = await policies.ForCommunityAsync(session, community.Id, cancellation);
            var kind = Kinds[^1];
            var post = new PostNeed(needId, resident.Id, community.Id, kind.What, kind.Place, postedAt.AddDays(2), 60, [kind.Skill], Actor.Volunteer(resident.Id));
            var posted = NeedDecider.Decide(post, null, account.Aggregate, null, policy, postedAt, await session.LoadAsync<Community>(community.Id, cancellation));
            var need = posted.Need.Aggregate((Need?)null, Need.Evolve)!;
            var escrowed = posted.Resident.Aggregate(account.Aggregate, VolunteerAccount.Evolve);
            var expired = NeedDecider.Decide(new ExpireNeed(needId), need, escrowed, null, policy, need.ExpiresAt);
            session.Events.StartStream<Need>(needId, [.. posted.Need, .. expired.Need]);
            account.AppendMany([.. posted.Resident, .. expired.Resident]);
            await session.SaveChangesAsync(cancellation);
        }
    }
}
