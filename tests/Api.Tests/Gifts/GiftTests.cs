using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.ServiceRecords;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.ServiceRecords;
using static TimeBank.Api.Tests.Gifts.GiftCity;

namespace TimeBank.Api.Tests.Gifts;

/// <summary>Gifts, donations and grants on the real host and PostgreSQL, under real concurrency (ADR 0045).</summary>
[Collection(LedgerCollection.Name)]
public sealed class GiftTests(TimeBankApp app)
{
    [Fact]
    public async Task A_gift_sent_twenty_times_at_once_with_one_command_id_moves_the_credits_once()
    {
        var city = await GiftCity.CreateAsync(app);
        var giver = await city.MemberAsync(minutes: 90);
        var receiver = await city.MemberAsync();
        await city.RelatedAsync(giver, receiver);

        var commandId = Guid.CreateVersion7();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => city.GiveAsync(giver, receiver, 30, commandId))));

        Assert.All(outcomes, outcome => Assert.True(outcome.Accepted, $"{outcome.Code}: {outcome.Message}"));
        Assert.Equal(60, (await city.AccountAsync(giver)).AvailableTimeCredits);
        Assert.Equal(30, (await city.AccountAsync(receiver)).AvailableTimeCredits);
        await using var session = app.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(giver), e => e.Data is GiftGiven);
        Assert.Single(await session.Events.FetchStreamAsync(receiver), e => e.Data is GiftReceived);
    }

    [Fact]
    public async Task A_member_giving_two_gifts_at_once_with_credits_for_one_gets_one_refused()
    {
        var city = await GiftCity.CreateAsync(app);
        var giver = await city.MemberAsync(minutes: 60);
        var son = await city.MemberAsync();
        var daughter = await city.MemberAsync();
        await city.RelatedAsync(giver, son);
        await city.RelatedAsync(giver, daughter);

        var outcomes = await Task.WhenAll(
            Task.Run(() => city.GiveAsync(giver, son, 40)),
            Task.Run(() => city.GiveAsync(giver, daughter, 40)));

        Assert.Single(outcomes, o => o.Accepted);
        Assert.Equal(RefusalCodes.InsufficientTimeCredits, Assert.Single(outcomes, o => !o.Accepted).Code);
        Assert.Equal(20, (await city.AccountAsync(giver)).AvailableTimeCredits);
        Assert.Equal(40, (await city.AccountAsync(son)).AvailableTimeCredits + (await city.AccountAsync(daughter)).AvailableTimeCredits);
    }

    [Fact]
    public async Task Two_staff_granting_at_once_from_a_pool_with_credits_for_one_grant_get_one_refused()
    {
        var city = await GiftCity.CreateAsync(app);
        var donor = await city.MemberAsync(minutes: 60);
        var resident = await city.MemberAsync();
        Ok(await city.DonateAsync(donor, 60));

        var outcomes = await Task.WhenAll(
            Task.Run(() => city.GrantAsync(city.City.Staff, resident, 40)),
            Task.Run(() => city.GrantAsync(city.City.OtherStaff, resident, 40)));

        Assert.Single(outcomes, o => o.Accepted);
        Assert.Equal(RefusalCodes.InsufficientPoolCredits, Assert.Single(outcomes, o => !o.Accepted).Code);
        Assert.Equal(20, (await city.PoolAsync())!.Balance);
        Assert.Equal(40, (await city.AccountAsync(resident)).AvailableTimeCredits);
    }

    [Fact]
    public async Task Each_bad_input_answers_its_code_and_changes_nothing()
    {
        var city = await GiftCity.CreateAsync(app);
        var other = await GiftCity.CreateAsync(app);
        var giver = await city.MemberAsync(minutes: 120);
        var son = await city.MemberAsync();
        var daughter = await city.MemberAsync();
        var unconfirmed = await city.MemberAsync();
        var stranger = await city.MemberAsync();
        await city.RelatedAsync(giver, son);
        await city.RelatedAsync(giver, daughter);
        var pending = await city.RelatedAsync(giver, unconfirmed, confirmed: false);
        Ok(await city.DonateAsync(giver, 20));
        Ok(await city.GiveAsync(giver, son, 90)); // 10 left of 120
        await city.City.CreditedRecordAsync(giver, day: 2, minutes: 120); // 110 kept up to the cap of 120, 10 to the pool
        Ok(await city.GiveAsync(giver, daughter, 90)); // 180 of the year's 180 given
        var pool = CommunityPool.StreamIdOf(city.CommunityId);

        var cases = new (string Code, Func<Task<CommandOutcome>> Send, Guid[] Streams)[]
        {
            (RefusalCodes.RelationNotConfirmed, () => city.GiveAsync(giver, unconfirmed, 1), [giver, unconfirmed]),
            (RefusalCodes.NotARelative, () => city.GiveAsync(giver, stranger, 1), [giver, stranger]),
            (RefusalCodes.GiftToSelf, () => city.GiveAsync(giver, giver, 1), [giver]),
            (RefusalCodes.GiftYearlyCapExceeded, () => city.GiveAsync(giver, son, 1), [giver, son]),
            (RefusalCodes.InsufficientTimeCredits, () => city.GiveAsync(son, giver, 91), [son, giver]),
            (RefusalCodes.InsufficientTimeCredits, () => city.DonateAsync(son, 91), [son, pool]),
            (RefusalCodes.InsufficientPoolCredits, () => city.GrantAsync(city.City.Staff, stranger, 1_000), [pool, stranger]),
            (RefusalCodes.ReasonRequired, () => city.GrantAsync(city.City.Staff, stranger, 5, reason: " "), [pool, stranger]),
            (RefusalCodes.NotStaffOfCommunity, () => city.GrantAsync(other.City.Staff, stranger, 5), [pool, stranger]),
            (RefusalCodes.RelationNotOwnSide, () => city.SendAsync(new ConfirmRelation(pending, unconfirmed, Actor.Volunteer(giver))), [pending]),
            (RefusalCodes.RelationNotOwnSide, () => city.SendAsync(new ConfirmRelation(pending, unconfirmed, city.City.Staff)), [pending]),
            (RefusalCodes.NotStaffOfCommunity, () => city.SendAsync(new RecordRelation(son, stranger, DirectRelation.Spouse, other.City.Staff)),
                [Relation.IdOf(son, stranger)]),
        };

        foreach (var (code, send, streams) in cases)
        {
            var before = await city.VersionsAsync(streams);
            var outcome = await send();
            Assert.False(outcome.Accepted, $"expected {code}");
            Assert.Equal(code, outcome.Code);
            Assert.Equal(before, await city.VersionsAsync(streams));
        }
    }

    [Fact]
    public async Task The_pool_learns_of_cap_overflow_and_of_a_revocation_that_takes_it_back_once_each()
    {
        var city = await GiftCity.CreateAsync(app);
        var member = await city.MemberAsync(minutes: 100);
        var resident = await city.MemberAsync();
        var overflowing = await city.City.CreditedRecordAsync(member, day: 2, minutes: 60); // 20 kept, 40 to the pool

        var pool = await city.UntilPoolAsync(p => p.OverflowReceived == 40);
        Assert.Equal(40, pool.Balance);
        Ok(await city.GrantAsync(city.City.Staff, resident, 30));

        Ok(await city.SendAsync(new RevokeServiceRecord(overflowing, "登记有误", city.City.Staff)));
        pool = await city.UntilPoolAsync(p => p.OverflowReturned == 40);
        // The pool had granted 30 of the 40 away: it records a shortfall of 30 and grants nothing until it is made good.
        Assert.Equal((-30L, 30L, 0L), (pool.Balance, pool.Shortfall, pool.Available));
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(CommunityPool.StreamIdOf(city.CommunityId));
        Assert.Equal(30, Assert.Single(events.Select(e => e.Data).OfType<PoolOverflowReturned>()).ShortfallIncurred);
        Assert.Single(events.Select(e => e.Data).OfType<PoolOverflowReceived>());
        Assert.Equal(RefusalCodes.InsufficientPoolCredits, (await city.GrantAsync(city.City.Staff, resident, 1)).Code);
    }
    [Fact]
    public async Task A_need_payment_above_the_volunteers_cap_reaches_the_pool_and_the_pool_learns_of_it_once()
    {
        var city = await GiftCity.CreateAsync(app);
        var volunteer = await city.MemberAsync(minutes: 100); // 20 minutes below the district's cap
        var resident = await city.MemberAsync(minutes: 60);
        var need = Guid.CreateVersion7();
        Ok(await city.SendAsync(new TimeBank.Ledger.Needs.PostNeed(
            need, resident, city.CommunityId, "陪同就医", "社区卫生服务中心", DateTimeOffset.UtcNow.AddDays(2), 60, ["陪诊"], Actor.Volunteer(resident))));
        Ok(await city.SendAsync(new TimeBank.Ledger.Needs.AcceptNeed(need, Actor.Volunteer(volunteer))));
        Ok(await city.SendAsync(new TimeBank.Ledger.Needs.ConfirmNeed(need, Actor.Volunteer(resident))));

        var pool = await city.UntilPoolAsync(p => p.OverflowReceived == 40);
        Assert.Equal(40, pool.Balance);
        Assert.Equal(120, (await city.AccountAsync(volunteer)).TimeCredits);
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(CommunityPool.StreamIdOf(city.CommunityId));
        Assert.Equal(TimeBank.Ledger.Needs.Need.TransferOf(need), Assert.Single(events.Select(e => e.Data).OfType<PoolOverflowReceived>()).RecordId);
    }
}
