using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Needs;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests.Needs;

public sealed class NeedDeciderTests
{
    private static readonly Guid Need1 = new("00000000-0000-0000-0000-0000000ee001");
    private static readonly Guid CaraId = new("00000000-0000-0000-0000-00000000a003");
    private static readonly Actor Cara = Actor.Volunteer(CaraId);
    private static readonly DateTimeOffset Tomorrow = Now.AddDays(1);

    /// <summary>Ana (resident, Riverside, 300 minutes), Ben and Cara (volunteers, Hillside).</summary>
    private static NeedWorld World() => new NeedWorld()
        .Community(Riverside, RiversideStaffId).Community(Hillside, HillsideStaffId)
        .Member(AnaId, Riverside, 300, Now.AddDays(-30)).Member(BenId, Hillside, 0, Now.AddDays(-30)).Member(CaraId, Hillside, 0, Now.AddDays(-30));

    private static PostNeed Post(long minutes = 120, Actor? actor = null, Guid? needId = null, Guid? community = null) =>
        new(needId ?? Need1, AnaId, community ?? Riverside, " Shopping with me ", "3 Elm Street", Tomorrow, minutes, ["driving", " Driving ", "cooking"], actor ?? Ana);

    private static NeedWorld Accepted()
    {
        var world = World();
        world.Run(Post(), Now);
        world.Run(new AcceptNeed(Need1, Ben), Now);
        return world;
    }

    private static NeedWorld Disputed()
    {
        var world = Accepted();
        world.Run(new DisputeNeed(Need1, "He did not come.", Ana), Tomorrow.AddHours(3));
        return world;
    }

    // Posting

    [Fact]
    public void A_resident_posts_a_need_and_its_minutes_are_held_in_escrow()
    {
        var world = World();
        var decision = world.Run(Post(), Now);

        var posted = Assert.IsType<NeedPosted>(Assert.Single(decision.Need));
        Assert.Equal(new NeedPosted(Need1, AnaId, Riverside, "Shopping with me", "3 Elm Street", Tomorrow, 120, posted.Skills, AnaId,
            Tomorrow.AddMinutes(120) + world.Policy.NeedExpiryGrace, Now), posted);
        Assert.Equal(["driving", "cooking"], posted.Skills);
        var escrowed = Assert.IsType<TimeCreditsEscrowed>(Assert.Single(decision.Resident));
        Assert.Equal([new Posting(AccountId.Volunteer(AnaId), AccountId.Escrow(Need1), Units.LedgerUnit.TimeCredits, 120)], escrowed.Postings);
        Assert.Equal(180, world.Accounts[AnaId].AvailableTimeCredits);
        Assert.Equal(120, world.Accounts[AnaId].EscrowedTimeCredits);
        Assert.Equal(NeedStatus.Open, world.Needs[Need1].Status);
    }

    [Fact]
    public void A_resident_posts_in_any_community_of_the_city() =>
        Assert.Single(World().Run(Post(community: Hillside), Now).Need);

    [Fact]
    public void Staff_of_the_community_post_for_a_resident_without_a_phone() =>
        Assert.Equal(RiversideStaffId, Assert.IsType<NeedPosted>(Assert.Single(World().Run(Post(actor: RiversideStaff), Now).Need)).PostedBy);

    [Fact]
    public void A_need_with_more_credits_than_available_is_refused()
    {
        var world = World();
        world.Run(Post(200), Now);
        world.Refuses(Post(101, needId: Guid.NewGuid()), Now, RefusalCodes.InsufficientTimeCredits);
    }

    [Fact]
    public void Nobody_else_posts_a_need_for_a_resident()
    {
        World().Refuses(Post(actor: Ben), Now, RefusalCodes.Forbidden);
        World().Refuses(Post(actor: HillsideStaff), Now, RefusalCodes.Forbidden);
    }

    [Theory]
    [InlineData(0, RefusalCodes.InvalidAmount)]
    [InlineData(-5, RefusalCodes.InvalidAmount)]
    [InlineData(721, RefusalCodes.InvalidAmount)]
    public void A_need_lasts_a_positive_number_of_minutes_within_a_record(long minutes, string code) =>
        World().Refuses(Post(minutes), Now, code);

    [Fact]
    public void A_need_in_the_past_or_without_text_or_in_no_community_is_refused()
    {
        World().Refuses(Post() with { StartsAt = Now.AddHours(-3) }, Now, RefusalCodes.InvalidInput);
        World().Refuses(Post() with { What = " " }, Now, RefusalCodes.InvalidInput);
        World().Refuses(Post() with { Place = "" }, Now, RefusalCodes.InvalidInput);
        World().Refuses(Post(community: Guid.NewGuid(), actor: Ana), Now, RefusalCodes.NotFound);
        World().Refuses(Post() with { Skills = [.. Enumerable.Range(0, 11).Select(i => $"skill {i}")] }, Now, RefusalCodes.InvalidInput);
    }

    [Fact]
    public void A_need_id_is_posted_once()
    {
        var world = World();
        world.Run(Post(10), Now);
        world.Refuses(Post(10), Now, RefusalCodes.AlreadyExists);
    }

    // Accepting

    [Fact]
    public void A_volunteer_accepts_an_open_need()
    {
        var world = Accepted();
        Assert.Equal(NeedStatus.Accepted, world.Needs[Need1].Status);
        Assert.Equal(BenId, world.Needs[Need1].VolunteerId);
        Assert.True(world.Run(new AcceptNeed(Need1, Ben), Now).IsEmpty); // again: nothing to do
    }

    [Fact]
    public void A_resident_cannot_accept_their_own_need()
    {
        var world = World();
        world.Run(Post(), Now);
        world.Refuses(new AcceptNeed(Need1, Ana), Now, RefusalCodes.OwnNeed);
        world.Refuses(new AcceptNeed(Need1, RiversideStaff), Now, RefusalCodes.Forbidden);
    }

    [Fact]
    public void An_accepted_cancelled_or_expired_need_cannot_be_accepted()
    {
        Accepted().Refuses(new AcceptNeed(Need1, Cara), Now, RefusalCodes.NeedNotOpen);

        var cancelled = World();
        cancelled.Run(Post(), Now);
        cancelled.Run(new CancelNeed(Need1, Ana), Now);
        cancelled.Refuses(new AcceptNeed(Need1, Ben), Now, RefusalCodes.NeedNotOpen);

        var expired = World();
        expired.Run(Post(), Now);
        var expiresAt = expired.Needs[Need1].ExpiresAt;
        expired.Refuses(new AcceptNeed(Need1, Ben), expiresAt, RefusalCodes.NeedNotOpen);
        expired.Run(new ExpireNeed(Need1), expiresAt);
        expired.Refuses(new AcceptNeed(Need1, Ben), Now, RefusalCodes.NeedNotOpen);
    }

    [Fact]
    public void An_unknown_need_is_not_found() =>
        World().Refuses(new AcceptNeed(Need1, Ben), Now, RefusalCodes.NotFound);

    // Confirming

    [Fact]
    public void Confirming_pays_the_volunteer_through_the_transit_account_once()
    {
        var world = Accepted();
        var decision = world.Run(new ConfirmNeed(Need1, Ana), Tomorrow.AddHours(3));

        var confirmed = Assert.IsType<NeedConfirmed>(Assert.Single(decision.Need));
        Assert.False(confirmed.OnBehalfOfResident);
        var paid = Assert.IsType<EscrowPaid>(Assert.Single(decision.Resident));
        var received = Assert.IsType<NeedPaymentReceived>(Assert.Single(decision.Volunteer));
        Assert.Equal(paid.TransferId, received.TransferId);
        Assert.Equal(120, world.Accounts[BenId].TimeCredits);
        Assert.Equal(180, world.Accounts[AnaId].TimeCredits);
        Assert.Equal(0, world.Accounts[AnaId].EscrowedTimeCredits);
        Assert.Equal(0, world.Balance(AccountId.Escrow(Need1)));
        Assert.Equal(0, world.Balance(AccountId.Transit(paid.TransferId)));

        Assert.True(world.Run(new ConfirmNeed(Need1, Ana), Tomorrow.AddHours(4)).IsEmpty);
        Assert.Equal(120, world.Accounts[BenId].TimeCredits);
    }

    [Fact]
    public void Staff_of_the_need_s_community_confirm_for_the_resident_and_it_is_noted()
    {
        var decision = Accepted().Run(new ConfirmNeed(Need1, RiversideStaff), Tomorrow.AddHours(3));
        var confirmed = Assert.IsType<NeedConfirmed>(Assert.Single(decision.Need));
        Assert.True(confirmed.OnBehalfOfResident);
        Assert.Equal(RiversideStaffId, confirmed.ConfirmedBy);
    }

    [Fact]
    public void Nobody_else_confirms_a_need()
    {
        var world = Accepted();
        world.Refuses(new ConfirmNeed(Need1, Ben), Now, RefusalCodes.NotPartyToNeed);
        world.Refuses(new ConfirmNeed(Need1, Cara), Now, RefusalCodes.NotPartyToNeed);
        world.Refuses(new ConfirmNeed(Need1, HillsideStaff), Now, RefusalCodes.NotPartyToNeed);
    }

    [Fact]
    public void A_need_is_not_confirmed_before_it_is_accepted_nor_after_it_ended()
    {
        var world = World();
        world.Run(Post(), Now);
        world.Refuses(new ConfirmNeed(Need1, Ana), Now, RefusalCodes.NeedNotAccepted);
        world.Run(new CancelNeed(Need1, Ana), Now);
        world.Refuses(new ConfirmNeed(Need1, Ana), Now, RefusalCodes.NeedEnded);
    }

    [Fact]
    public void A_payment_received_again_changes_nothing()
    {
        var world = Accepted();
        var paid = Assert.IsType<EscrowPaid>(Assert.Single(world.Run(new ConfirmNeed(Need1, Ana), Tomorrow).Resident));
        Assert.Empty(VolunteerAccountDecider.ReceiveNeedPayment(world.Accounts[BenId], Need1, paid.TransferId, AnaId, 120, world.Policy, Tomorrow));
    }

    // Cancelling

    [Fact]
    public void Cancelling_an_open_need_releases_its_escrow_once()
    {
        var world = World();
        world.Run(Post(), Now);
        var decision = world.Run(new CancelNeed(Need1, Ana), Now);
        Assert.IsType<NeedCancelled>(Assert.Single(decision.Need));
        Assert.IsType<EscrowReleased>(Assert.Single(decision.Resident));
        Assert.Equal(300, world.Accounts[AnaId].AvailableTimeCredits);
        Assert.True(world.Run(new CancelNeed(Need1, Ana), Now).IsEmpty);
        Assert.True(world.Run(new ExpireNeed(Need1), Now.AddYears(1)).IsEmpty);
        Assert.Equal(300, world.Accounts[AnaId].AvailableTimeCredits);
    }

    [Fact]
    public void An_accepted_need_is_not_cancelled_and_nobody_else_cancels()
    {
        Accepted().Refuses(new CancelNeed(Need1, Ana), Now, RefusalCodes.NeedNotOpen);
        var world = World();
        world.Run(Post(), Now);
        world.Refuses(new CancelNeed(Need1, Ben), Now, RefusalCodes.NotPartyToNeed);
    }

    // Disputes

    [Fact]
    public void Either_party_disputes_an_accepted_need()
    {
        Assert.IsType<NeedDisputed>(Assert.Single(Accepted().Run(new DisputeNeed(Need1, "Not done", Ben), Now).Need));
        Assert.IsType<NeedDisputed>(Assert.Single(Accepted().Run(new DisputeNeed(Need1, "Not done", Ana), Now).Need));
        Accepted().Refuses(new DisputeNeed(Need1, "Not done", Cara), Now, RefusalCodes.NotPartyToNeed);
        Accepted().Refuses(new DisputeNeed(Need1, " ", Ana), Now, RefusalCodes.ReasonRequired);
        var open = World();
        open.Run(Post(), Now);
        open.Refuses(new DisputeNeed(Need1, "Not done", Ana), Now, RefusalCodes.NeedNotAccepted);
    }

    [Theory]
    [InlineData(120, 0)]
    [InlineData(0, 120)]
    [InlineData(45, 75)]
    public void Staff_pay_split_or_release_a_disputed_need(long toVolunteer, long toResident)
    {
        var world = Disputed();
        var decision = world.Run(new DecideNeedDispute(Need1, toVolunteer, toResident, "Came late", RiversideStaff), Tomorrow.AddDays(1));
        Assert.IsType<NeedDisputeDecided>(Assert.Single(decision.Need));
        Assert.Equal(toVolunteer, world.Accounts[BenId].TimeCredits);
        Assert.Equal(180 + toResident, world.Accounts[AnaId].TimeCredits);
        Assert.Equal(0, world.Accounts[AnaId].EscrowedTimeCredits);
        Assert.Equal(0, world.Balance(AccountId.Escrow(Need1)));
        Assert.Equal(0, world.Balance(AccountId.Transit(Need.TransferOf(Need1))));
        Assert.Equal(NeedStatus.Decided, world.Needs[Need1].Status);
        world.Refuses(new DecideNeedDispute(Need1, toVolunteer, toResident, "Again", RiversideStaff), Tomorrow.AddDays(1), RefusalCodes.NeedEnded);
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(100, 21)]
    [InlineData(-1, 121)]
    public void A_split_that_does_not_add_up_is_refused(long toVolunteer, long toResident) =>
        Disputed().Refuses(new DecideNeedDispute(Need1, toVolunteer, toResident, "Split", RiversideStaff), Now, RefusalCodes.SplitDoesNotAddUp);

    [Fact]
    public void Staff_of_another_community_do_not_decide_a_dispute() =>
        Disputed().Refuses(new DecideNeedDispute(Need1, 120, 0, "Paid", HillsideStaff), Now, RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Only_a_disputed_need_is_decided() =>
        Accepted().Refuses(new DecideNeedDispute(Need1, 120, 0, "Paid", RiversideStaff), Now, RefusalCodes.NeedNotDisputed);

    [Fact]
    public void A_disputed_need_waits_for_staff_instead_of_expiring()
    {
        var world = Disputed();
        Assert.True(world.Run(new ExpireNeed(Need1), Now.AddYears(1)).IsEmpty);
        Assert.Equal(120, world.Accounts[AnaId].EscrowedTimeCredits);
    }

    // Expiry

    [Fact]
    public void An_open_or_unconfirmed_need_expires_after_its_grace_and_releases_its_escrow_once()
    {
        foreach (var world in new[] { World(), Accepted() })
        {
            if (world.Needs.Count == 0)
            {
                world.Run(Post(), Now);
            }

            var expiresAt = world.Needs[Need1].ExpiresAt;
            Assert.True(world.Run(new ExpireNeed(Need1), expiresAt.AddTicks(-1)).IsEmpty);
            var decision = world.Run(new ExpireNeed(Need1), expiresAt);
            Assert.IsType<NeedExpired>(Assert.Single(decision.Need));
            Assert.IsType<EscrowReleased>(Assert.Single(decision.Resident));
            Assert.True(world.Run(new ExpireNeed(Need1), expiresAt.AddDays(1)).IsEmpty);
            Assert.Equal(300, world.Accounts[AnaId].AvailableTimeCredits);
            Assert.Equal(NeedStatus.Expired, world.Needs[Need1].Status);
        }
    }

    [Fact]
    public void Expiring_a_paid_need_changes_nothing()
    {
        var world = Accepted();
        world.Run(new ConfirmNeed(Need1, Ana), Tomorrow);
        Assert.True(world.Run(new ExpireNeed(Need1), Now.AddYears(1)).IsEmpty);
        Assert.True(world.Run(new ExpireNeed(Guid.NewGuid()), Now).IsEmpty);
    }

    [Fact]
    public void A_released_escrow_repays_debt_first()
    {
        var world = World();
        world.Run(Post(300), Now);
        // Ana's service is revoked while her credits are in escrow: what is gone becomes debt.
        var ana = world.Accounts[AnaId];
        var revoked = VolunteerAccountDecider.Decide(new RevokeServiceCredit(AnaId, ana.Credits.Keys.Single(), "wrong", RiversideStaffId), ana, world.Policy, Now);
        ana = revoked.Aggregate(ana, (a, e) => VolunteerAccount.Evolve(a, e)!);
        Assert.Equal(300, ana.TimeCreditDebt);
        Assert.Equal(0, ana.AvailableTimeCredits);
        var released = Assert.IsType<EscrowReleased>(Assert.Single(VolunteerAccountDecider.ReleaseEscrow(ana, Need1, Now)));
        Assert.Equal(300, released.TimeCreditDebtRepaid);
        ana = VolunteerAccount.Evolve(ana, released)!;
        Assert.Equal((0L, 0L, 0L), (ana.TimeCredits, ana.TimeCreditDebt, ana.EscrowedTimeCredits));
    }
}
