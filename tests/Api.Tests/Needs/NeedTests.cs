using Marten;
using TimeBank.Api.Tests.GraphQL;
using TimeBank.Api.Tests.Host;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Needs;

namespace TimeBank.Api.Tests.Needs;

/// <summary>Residents' needs on the real host and PostgreSQL: escrow, payment once, one winner of a race, durable expiry.</summary>
[Collection(LedgerCollection.Name)]
public sealed class NeedTests(TimeBankApp app)
{
    [Fact]
    public async Task A_need_is_posted_accepted_and_confirmed_for_the_resident_by_staff_and_the_volunteer_is_paid()
    {
        var city = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 180);
        var ben = await city.MemberAsync();
        var cara = await city.MemberAsync();
        var needId = Guid.CreateVersion7();

        var posted = (await city.PostAsync(NeedCity.Member(resident), needId, 120)).Ok("postNeed.need");
        Assert.Equal("OPEN", posted.Value<string>("status"));
        var account = await city.AccountAsync(resident);
        Assert.Equal((60L, 120L, 60L), (account.Long("timeCredits"), account.Long("escrowedTimeCredits"), account.Long("availableTimeCredits")));

        // On the board, and in its public view for anyone else: no resident, no volunteer.
        var board = (await city.Client.SendAsync(NeedCity.Member(cara), """
            query($c: ID!) { needBoard(communityId: $c, skill: "walking", place: "pine") { edges { node { needId residentId status } } } }
            """, new { c = city.CommunityId })).Ok("needBoard.edges").AsArray();
        var onBoard = Assert.Single(board);
        Assert.Equal(needId, onBoard!["node"]!.Value<Guid>("needId"));
        Assert.Null(onBoard["node"]!["residentId"]);

        (await city.SendAsync(NeedCity.Member(ben), "acceptNeed", needId)).Ok("acceptNeed.need");
        Assert.Null((await city.NeedAsync(NeedCity.Member(cara), needId))!["volunteerId"]);
        Assert.Equal(ben, (await city.NeedAsync(NeedCity.Member(ben), needId))!.Value<Guid>("volunteerId"));
        Assert.Empty((await city.Client.SendAsync(NeedCity.Member(cara), """
            query($c: ID!) { needBoard(communityId: $c) { edges { node { needId } } } }
            """, new { c = city.CommunityId })).Ok("needBoard.edges").AsArray());

        Assert.Equal("NOT_PARTY_TO_NEED", (await city.SendAsync(NeedCity.Member(cara), "confirmNeed", needId)).Code());
        var confirmed = (await city.SendAsync(city.Staff, "confirmNeed", needId)).Ok("confirmNeed.need");
        Assert.Equal("CONFIRMED", confirmed.Value<string>("status"));
        Assert.True(confirmed.Value<bool>("onBehalfOfResident"));
        Assert.Equal(120, (await city.AccountAsync(ben)).Long("timeCredits"));
        account = await city.AccountAsync(resident);
        Assert.Equal((60L, 0L), (account.Long("timeCredits"), account.Long("escrowedTimeCredits")));

        var mine = (await city.Client.SendAsync(NeedCity.Member(ben), "{ myNeeds { edges { node { needId status volunteerId } } } }")).Ok("myNeeds.edges").AsArray();
        Assert.Equal(needId, Assert.Single(mine)!["node"]!.Value<Guid>("needId"));
    }

    [Fact]
    public async Task Two_volunteers_accepting_one_need_at_once_one_wins_and_the_other_is_told_it_is_taken()
    {
        var city = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 60);
        var ben = await city.MemberAsync();
        var cara = await city.MemberAsync();
        var needId = Guid.CreateVersion7();
        (await city.PostAsync(NeedCity.Member(resident), needId, 60)).Ok("postNeed.need");

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepting = new[] { ben, cara }.Select(v => Task.Run(async () =>
        {
            await start.Task;
            return await city.SendAsync(NeedCity.Member(v), "acceptNeed", needId);
        })).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(accepting);

        Assert.Single(answers, a => a.Errors.Count == 0);
        Assert.Equal("NEED_NOT_OPEN", Assert.Single(answers, a => a.Errors.Count > 0).Code());
        var winner = answers.Single(a => a.Errors.Count == 0).Ok("acceptNeed.need").Value<Guid>("volunteerId");
        Assert.Equal(winner, (await city.NeedAsync(city.Staff, needId))!.Value<Guid>("volunteerId"));
        await using var session = app.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(needId)).Select(e => e.Data).OfType<NeedAccepted>());
    }

    [Fact]
    public async Task A_resident_posting_two_needs_at_once_with_credits_for_one_is_refused_once_and_never_overdrawn()
    {
        var city = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 90);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posting = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await city.PostAsync(NeedCity.Member(resident), Guid.CreateVersion7(), 60);
        })).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(posting);

        Assert.Single(answers, a => a.Errors.Count == 0);
        Assert.Equal("INSUFFICIENT_TIME_CREDITS", Assert.Single(answers, a => a.Errors.Count > 0).Code());
        var account = await city.AccountAsync(resident);
        Assert.Equal((30L, 60L, 30L), (account.Long("timeCredits"), account.Long("escrowedTimeCredits"), account.Long("availableTimeCredits")));
    }

    [Fact]
    public async Task A_confirmation_sent_twenty_times_at_once_pays_the_volunteer_once()
    {
        var city = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 100);
        var ben = await city.MemberAsync();
        var needId = Guid.CreateVersion7();
        (await city.PostAsync(NeedCity.Member(resident), needId, 100)).Ok("postNeed.need");
        (await city.SendAsync(NeedCity.Member(ben), "acceptNeed", needId)).Ok("acceptNeed.need");

        // Ten copies of one request (one command id) and ten separate confirmations, all at once.
        var repeated = Guid.CreateVersion7();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var confirming = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await city.SendAsync(NeedCity.Member(resident), "confirmNeed", needId, i % 2 == 0 ? repeated : Guid.CreateVersion7());
        })).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(confirming);

        Assert.All(answers, a => Assert.Equal("CONFIRMED", a.Ok("confirmNeed.need").Value<string>("status")));
        Assert.Equal(100, (await city.AccountAsync(ben)).Long("timeCredits"));
        Assert.Equal(0, (await city.AccountAsync(resident)).Long("escrowedTimeCredits"));
        await using var session = app.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(ben)).Select(e => e.Data).OfType<NeedPaymentReceived>());
        Assert.Single((await session.Events.FetchStreamAsync(resident)).Select(e => e.Data).OfType<EscrowPaid>());
        Assert.Single((await session.Events.FetchStreamAsync(needId)).Select(e => e.Data).OfType<NeedConfirmed>());
    }

    [Fact]
    public async Task Staff_of_the_need_s_community_split_a_dispute_and_staff_of_another_community_may_not()
    {
        var city = await NeedCity.CreateAsync(app);
        var other = await NeedCity.CreateAsync(app);
        var resident = await city.MemberAsync(credits: 90);
        var ben = await city.MemberAsync();
        var needId = Guid.CreateVersion7();
        (await city.PostAsync(NeedCity.Member(resident), needId, 90)).Ok("postNeed.need");
        (await city.SendAsync(NeedCity.Member(ben), "acceptNeed", needId)).Ok("acceptNeed.need");
        Assert.Equal("DISPUTED", (await city.DisputeAsync(NeedCity.Member(ben), needId)).Ok("disputeNeed.need").Value<string>("status"));

        Assert.Equal("NOT_STAFF_OF_COMMUNITY", (await city.DecideAsync(other.Staff, needId, 45, 45)).Code());
        Assert.Equal("SPLIT_DOES_NOT_ADD_UP", (await city.DecideAsync(city.Staff, needId, 45, 44)).Code());
        var decided = (await city.DecideAsync(city.Staff, needId, 30, 60)).Ok("decideNeedDispute.need");
        Assert.Equal(("DECIDED", 30L, 60L), (decided.Value<string>("status"), decided.Long("paidMinutes"), decided.Long("releasedMinutes")));
        Assert.Equal(30, (await city.AccountAsync(ben)).Long("timeCredits"));
        Assert.Equal(60, (await city.AccountAsync(resident)).Long("timeCredits"));
    }

    [Fact]
    public async Task An_unconfirmed_need_expires_by_its_scheduled_message_and_its_escrow_goes_back_once()
    {
        var city = await NeedCity.CreateAsync(app, TimeBankApp.NoNeedGraceDistrict);
        var resident = await city.MemberAsync(credits: 60);
        var ben = await city.MemberAsync();
        var needId = Guid.CreateVersion7();
        // Its service ends in three seconds, and the district gives no grace.
        (await city.PostAsync(NeedCity.Member(resident), needId, 60, DateTimeOffset.UtcNow.AddMinutes(-60).AddSeconds(3))).Ok("postNeed.need");
        (await city.SendAsync(NeedCity.Member(ben), "acceptNeed", needId)).Ok("acceptNeed.need");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await city.NeedAsync(city.Staff, needId))!.Value<string>("status") != "EXPIRED")
        {
            Assert.True(DateTime.UtcNow < deadline, "The need did not expire within a minute of its end.");
            await Task.Delay(200);
        }

        var account = await city.AccountAsync(resident);
        Assert.Equal((60L, 0L), (account.Long("timeCredits"), account.Long("escrowedTimeCredits")));
        Assert.Equal("NEED_ENDED", (await city.SendAsync(NeedCity.Member(resident), "confirmNeed", needId)).Code());
        await using var session = app.Store.QuerySession();
        Assert.Single((await session.Events.FetchStreamAsync(resident)).Select(e => e.Data).OfType<EscrowReleased>());
    }
}
