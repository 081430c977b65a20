using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Tests.Host;
using TimeBank.Api.Tests.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.Tests.Gifts;

/// <summary>
/// A community of <see cref="TimeBankApp.SmallCapDistrict"/> (accounts hold at most 120 minutes, members give at most
/// 180 a year) with members set up through the real commands, fresh ids per test.
/// </summary>
public sealed class GiftCity(TimeBankApp app, TestCity city)
{
    public TestCity City => city;

    public Guid CommunityId => city.CommunityId;

    public static async Task<GiftCity> CreateAsync(TimeBankApp app) => new(app, await TestCity.CreateAsync(app, TimeBankApp.SmallCapDistrict));

    /// <summary>A registered member with <paramref name="minutes"/> of credited service (and time credits up to the cap).</summary>
    public async Task<Guid> MemberAsync(int minutes = 0)
    {
        var member = await city.RegisterVolunteerAsync();
        if (minutes > 0)
        {
            await city.CreditedRecordAsync(member, day: 1, minutes: minutes);
        }

        return member;
    }

    /// <summary>Staff record the relation and both confirm it.</summary>
    public async Task<Guid> RelatedAsync(Guid member, Guid relative, bool confirmed = true)
    {
        var relationId = Relation.IdOf(member, relative);
        Ok(await SendAsync(new RecordRelation(member, relative, DirectRelation.Child, city.Staff)));
        if (confirmed)
        {
            Ok(await SendAsync(new ConfirmRelation(relationId, member, Actor.Volunteer(member))));
            Ok(await SendAsync(new ConfirmRelation(relationId, relative, Actor.Volunteer(relative))));
        }

        return relationId;
    }

    public Task<CommandOutcome> SendAsync<TCommand>(TCommand command)
        where TCommand : IActorCommand => app.SendAsync(Idempotent.Of(Guid.CreateVersion7(), command));

    public Task<CommandOutcome> GiveAsync(Guid giver, Guid receiver, long minutes, Guid? commandId = null)
    {
        var id = commandId ?? Guid.CreateVersion7();
        return app.SendAsync(Idempotent.Of(id, new GiveGift(giver, id, receiver, minutes, Actor.Volunteer(giver))));
    }

    public Task<CommandOutcome> DonateAsync(Guid donor, long minutes)
    {
        var id = Guid.CreateVersion7();
        return app.SendAsync(Idempotent.Of(id, new DonateTimeCredits(donor, id, CommunityId, minutes, Actor.Volunteer(donor))));
    }

    public Task<CommandOutcome> GrantAsync(Actor staff, Guid resident, long minutes, string reason = "独居老人术后需要陪护", Guid? communityId = null)
    {
        var id = Guid.CreateVersion7();
        return app.SendAsync(Idempotent.Of(id, new GrantFromPool(id, communityId ?? CommunityId, resident, minutes, reason, staff)));
    }

    public async Task<VolunteerAccount> AccountAsync(Guid volunteerId) => (await app.LoadAsync<VolunteerAccount>(volunteerId))!;

    public async Task<CommunityPool?> PoolAsync() => await app.LoadAsync<CommunityPool>(CommunityPool.StreamIdOf(CommunityId));

    /// <summary>The versions of these streams (0: none yet), to show that a refused command changed nothing.</summary>
    public async Task<long[]> VersionsAsync(params Guid[] streams)
    {
        await using var session = app.Store.QuerySession();
        var versions = new long[streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            versions[i] = (await session.Events.FetchStreamStateAsync(streams[i]))?.Version ?? 0;
        }

        return versions;
    }

    /// <summary>Polls the pool, bounded, until its messages are taken in (a durable message per record).</summary>
    public async Task<CommunityPool> UntilPoolAsync(Func<CommunityPool, bool> settled, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await PoolAsync() is { } pool && settled(pool))
            {
                return pool;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The pool of {CommunityId} did not settle within {seconds} s: {await PoolAsync()}");
            }

            await Task.Delay(50);
        }
    }

    public static CommandOutcome Ok(CommandOutcome outcome) => TestCity.Accept(outcome);
}
