using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Gifts;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests.Gifts;

/// <summary>Relations, gifts, donations, the pool and its grants (ADR 0045), decided as the API runs them (<see cref="GiftWorld"/>).</summary>
public sealed class GiftDeciderTests
{
    private static readonly Guid CaiId = new("00000000-0000-0000-0000-00000000a003");
    private static readonly Actor Cai = Actor.Volunteer(CaiId);

    /// <summary>A small cap (1,000 minutes) and yearly gift cap (300 minutes), so a few records reach them.</summary>
    private static readonly LedgerPolicy Policy = LedgerPolicy.Default with
    {
        TimeCreditCap = new Minutes(1_000),
        YearlyGiftCap = new Minutes(300),
    };

    private readonly GiftWorld world = new(Policy);

    public GiftDeciderTests()
    {
        world.AddCommunity(Riverside);
        world.AddCommunity(Hillside);
        Ok(new RegisterVolunteer(AnaId, Riverside, "RS-1", GiftWorld.Registrar));
        Ok(new RegisterVolunteer(BenId, Hillside, "HS-1", GiftWorld.Registrar));
        Ok(new RegisterVolunteer(CaiId, Riverside, "RS-2", GiftWorld.Registrar));
        Credit(AnaId, 600);
    }

    private static Guid AnaBen => Relation.IdOf(AnaId, BenId);

    // Relations

    [Fact]
    public void Staff_of_either_home_community_record_a_relation()
    {
        var recorded = Ok(new RecordRelation(AnaId, BenId, DirectRelation.Child, HillsideStaff));
        var relation = Assert.IsType<RelationRecorded>(Assert.Single(recorded));
        Assert.Equal((AnaId, BenId, DirectRelation.Child, Riverside, Hillside), (relation.MemberId, relation.RelativeId, relation.Kind, relation.MemberHomeCommunityId, relation.RelativeHomeCommunityId));
        Assert.Equal(RelationState.Pending, world.Relation(AnaBen)!.State);
        Assert.Equal(DirectRelation.Parent, world.Relation(AnaBen)!.KindSeenBy(BenId));
    }

    [Fact]
    public void Staff_of_a_third_community_may_not_record_a_relation() =>
        Refused(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, Actor.Staff(RiversideStaffId, Guid.NewGuid())), RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_volunteer_may_not_record_a_relation() =>
        Refused(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, Ana), RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Staff_of_a_third_community_learn_nothing_of_an_id_that_is_not_registered() =>
        Refused(new RecordRelation(AnaId, Guid.NewGuid(), DirectRelation.Spouse, Actor.Staff(RiversideStaffId, Guid.NewGuid())), RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_relation_is_between_two_registered_members() =>
        Refused(new RecordRelation(AnaId, Guid.NewGuid(), DirectRelation.Spouse, RiversideStaff), RefusalCodes.VolunteerNotFound);

    [Fact]
    public void A_member_is_not_their_own_relative() =>
        Refused(new RecordRelation(AnaId, AnaId, DirectRelation.Spouse, RiversideStaff), RefusalCodes.RelationToSelf);

    [Fact]
    public void A_pair_has_one_relation_however_it_is_named()
    {
        Ok(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, RiversideStaff));
        Refused(new RecordRelation(BenId, AnaId, DirectRelation.Spouse, HillsideStaff), RefusalCodes.AlreadyExists);
    }

    [Fact]
    public void Both_members_confirm_each_for_themself()
    {
        Ok(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, RiversideStaff));
        Ok(new ConfirmRelation(AnaBen, AnaId, Ana));
        Assert.Equal(RelationState.Pending, world.Relation(AnaBen)!.State);
        Assert.Empty(Ok(new ConfirmRelation(AnaBen, AnaId, Ana)));
        Ok(new ConfirmRelation(AnaBen, BenId, Ben));
        Assert.Equal(RelationState.Confirmed, world.Relation(AnaBen)!.State);
    }

    [Fact]
    public void Nobody_confirms_someone_elses_side()
    {
        Ok(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, RiversideStaff));
        Refused(new ConfirmRelation(AnaBen, BenId, Ana), RefusalCodes.RelationNotOwnSide);
        Refused(new ConfirmRelation(AnaBen, BenId, HillsideStaff), RefusalCodes.RelationNotOwnSide);
        Refused(new ConfirmRelation(AnaBen, CaiId, Cai), RefusalCodes.NotFound);
    }

    [Fact]
    public void Either_member_or_their_staff_end_a_relation_and_it_may_be_recorded_anew()
    {
        Related(AnaId, BenId);
        Refused(new EndRelation(AnaBen, Cai), RefusalCodes.NotFound);
        Ok(new EndRelation(AnaBen, Ben));
        Assert.Empty(Ok(new EndRelation(AnaBen, RiversideStaff)));
        Assert.Equal(RelationState.Ended, world.Relation(AnaBen)!.State);
        Ok(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, RiversideStaff));
        Assert.Equal(RelationState.Pending, world.Relation(AnaBen)!.State);
    }

    // Gifts

    [Fact]
    public void A_gift_moves_time_credits_through_transit_to_a_confirmed_relative()
    {
        Related(AnaId, BenId);
        var transfer = Guid.NewGuid();
        var events = Ok(new GiveGift(AnaId, transfer, BenId, 120, Ana));

        Assert.Collection(events, e => Assert.IsType<GiftGiven>(e), e => Assert.IsType<GiftReceived>(e));
        Assert.Equal(480, world.Account(AnaId)!.AvailableTimeCredits);
        Assert.Equal(120, world.Account(BenId)!.AvailableTimeCredits);
        Assert.Equal(120, world.Account(AnaId)!.Transfers.GivenIn(2026));
        Assert.Equal(120, world.Account(BenId)!.Transfers.ReceivedIn(2026));
        Assert.Equal(0, world.BalanceOf(AccountId.Transit(transfer), LedgerUnit.TimeCredits));
        Assert.Equal(120, world.BalanceOf(AccountId.Volunteer(BenId), LedgerUnit.TimeCredits));
    }

    [Fact]
    public void The_same_gift_asked_again_moves_nothing_and_a_transfer_is_received_once()
    {
        Related(AnaId, BenId);
        var transfer = Guid.NewGuid();
        var given = Assert.IsType<GiftGiven>(Ok(new GiveGift(AnaId, transfer, BenId, 120, Ana))[0]);
        Assert.Empty(Ok(new GiveGift(AnaId, transfer, BenId, 120, Ana)));
        Assert.Empty(VolunteerAccountDecider.Receive(VolunteerAccountDecider.ReceivingOf(given), world.Account(BenId), Now));
        Assert.Equal(120, world.Account(BenId)!.AvailableTimeCredits);
    }

    [Fact]
    public void A_gift_to_an_unconfirmed_relative_is_refused()
    {
        Ok(new RecordRelation(AnaId, BenId, DirectRelation.Spouse, RiversideStaff));
        Ok(new ConfirmRelation(AnaBen, AnaId, Ana));
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 60, Ana), RefusalCodes.RelationNotConfirmed);
    }

    [Fact]
    public void A_gift_to_a_non_relative_or_along_an_ended_relation_is_refused()
    {
        Refused(new GiveGift(AnaId, Guid.NewGuid(), CaiId, 60, Ana), RefusalCodes.NotARelative);
        Related(AnaId, BenId);
        Ok(new EndRelation(AnaBen, Ana));
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 60, Ana), RefusalCodes.NotARelative);
    }

    [Fact]
    public void A_gift_to_oneself_is_refused() =>
        Refused(new GiveGift(AnaId, Guid.NewGuid(), AnaId, 60, Ana), RefusalCodes.GiftToSelf);

    [Fact]
    public void Only_the_member_gives_from_their_account()
    {
        Related(AnaId, BenId);
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 60, Ben), RefusalCodes.Forbidden);
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 60, RiversideStaff), RefusalCodes.Forbidden);
    }

    [Fact]
    public void A_gift_is_a_positive_amount()
    {
        Related(AnaId, BenId);
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 0, Ana), RefusalCodes.InvalidAmount);
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, -5, Ana), RefusalCodes.InvalidAmount);
    }

    [Fact]
    public void Gifts_of_a_year_stay_within_the_yearly_cap_which_starts_again_on_new_year_in_china()
    {
        Related(AnaId, BenId);
        var newYearsEveInChina = new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero);
        Ok(new GiveGift(AnaId, Guid.NewGuid(), BenId, 250, Ana), newYearsEveInChina);
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 51, Ana), RefusalCodes.GiftYearlyCapExceeded, newYearsEveInChina);
        Ok(new GiveGift(AnaId, Guid.NewGuid(), BenId, 50, Ana), newYearsEveInChina);
        // 2027-01-01 00:00 in China is still 2026 in UTC: the cap is China's calendar year.
        Ok(new GiveGift(AnaId, Guid.NewGuid(), BenId, 300, Ana), newYearsEveInChina.AddMinutes(1));
        Assert.Equal(300, world.Account(AnaId)!.Transfers.GivenIn(2026));
        Assert.Equal(300, world.Account(AnaId)!.Transfers.GivenIn(2027));
    }

    [Fact]
    public void A_gift_over_the_available_credits_is_refused()
    {
        Related(CaiId, BenId);
        Credit(CaiId, 100);
        Refused(new GiveGift(CaiId, Guid.NewGuid(), BenId, 101, Cai), RefusalCodes.InsufficientTimeCredits);
        Ok(new GiveGift(CaiId, Guid.NewGuid(), BenId, 100, Cai));
        Assert.Equal(0, world.Account(CaiId)!.AvailableTimeCredits);
    }

    [Fact]
    public void A_gift_that_would_take_the_receiver_past_their_cap_is_refused()
    {
        Related(AnaId, BenId);
        Credit(BenId, 720);
        Credit(BenId, 200);
        Refused(new GiveGift(AnaId, Guid.NewGuid(), BenId, 81, Ana), RefusalCodes.ReceiverCapExceeded);
        Ok(new GiveGift(AnaId, Guid.NewGuid(), BenId, 80, Ana));
    }

    [Fact]
    public void A_gift_repays_the_receivers_debt_first()
    {
        Related(AnaId, BenId);
        var record = Credit(BenId, 100);
        Related(BenId, CaiId);
        Ok(new GiveGift(BenId, Guid.NewGuid(), CaiId, 100, Ben));
        Ok(new RevokeServiceCredit(BenId, record, "wrong record", HillsideStaffId));
        Assert.Equal(100, world.Account(BenId)!.TimeCreditDebt);

        Ok(new GiveGift(AnaId, Guid.NewGuid(), BenId, 150, Ana));
        Assert.Equal(0, world.Account(BenId)!.TimeCreditDebt);
        Assert.Equal(50, world.Account(BenId)!.AvailableTimeCredits);
        Assert.Equal(50, world.BalanceOf(AccountId.Volunteer(BenId), LedgerUnit.TimeCredits));
    }

    // Donations and the pool

    [Fact]
    public void A_member_donates_to_the_pool_of_any_community_of_the_city()
    {
        var transfer = Guid.NewGuid();
        Ok(new DonateTimeCredits(AnaId, transfer, Hillside, 200, Ana));
        Assert.Equal(400, world.Account(AnaId)!.AvailableTimeCredits);
        Assert.Equal(200, world.Pool(Hillside)!.Balance);
        Assert.Equal(200, world.BalanceOf(AccountId.Pool(Hillside), LedgerUnit.TimeCredits));
        Assert.Equal(0, world.BalanceOf(AccountId.Transit(transfer), LedgerUnit.TimeCredits));
        Assert.Empty(Ok(new DonateTimeCredits(AnaId, transfer, Hillside, 200, Ana)));
    }

    [Fact]
    public void A_donation_to_no_community_or_over_the_available_credits_is_refused()
    {
        Refused(new DonateTimeCredits(AnaId, Guid.NewGuid(), Guid.NewGuid(), 10, Ana), RefusalCodes.NotFound);
        Refused(new DonateTimeCredits(AnaId, Guid.NewGuid(), Riverside, 601, Ana), RefusalCodes.InsufficientTimeCredits);
        Refused(new DonateTimeCredits(AnaId, Guid.NewGuid(), Riverside, 10, Ben), RefusalCodes.Forbidden);
    }

    [Fact]
    public void The_pool_learns_of_cap_overflow_once_per_record()
    {
        Credit(AnaId, 500); // 600 + 500 over a cap of 1,000: 100 to Riverside's pool
        world.DeliverPoolMessages(Now, twice: true);
        var pool = world.Pool(Riverside)!;
        Assert.Equal((100, 100, 1), (pool.Balance, pool.OverflowReceived, world.PoolStream(Riverside).Count));
        Assert.Equal(100, world.BalanceOf(AccountId.Pool(Riverside), LedgerUnit.TimeCredits));
    }

    [Fact]
    public void A_revocation_takes_the_overflow_back_and_a_pool_that_granted_it_away_records_a_shortfall()
    {
        var record = Credit(AnaId, 500);
        world.DeliverPoolMessages(Now);
        Ok(new GrantFromPool(Guid.NewGuid(), Riverside, CaiId, 80, "lives alone after surgery", RiversideStaff));
        Ok(new RevokeServiceCredit(AnaId, record, "no such visit", RiversideStaffId));
        world.DeliverPoolMessages(Now, twice: true);

        var pool = world.Pool(Riverside)!;
        var returned = Assert.IsType<PoolOverflowReturned>(world.PoolStream(Riverside)[^1]);
        Assert.Equal((100L, 80L), (returned.TimeCredits, returned.ShortfallIncurred));
        Assert.Equal((-80L, 80L, 0L), (pool.Balance, pool.Shortfall, pool.Available));
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, CaiId, 1, "in need", RiversideStaff), RefusalCodes.InsufficientPoolCredits);

        Ok(new DonateTimeCredits(AnaId, Guid.NewGuid(), Riverside, 100, Ana));
        Assert.Equal(20, world.Pool(Riverside)!.Available);
    }

    [Fact]
    public void Staff_grant_from_the_pool_to_a_resident_with_a_reason()
    {
        Ok(new DonateTimeCredits(AnaId, Guid.NewGuid(), Riverside, 200, Ana));
        var grant = Guid.NewGuid();
        var events = Ok(new GrantFromPool(grant, Riverside, BenId, 150, " needs meals delivered ", RiversideStaff));
        Assert.Equal("needs meals delivered", Assert.IsType<PoolGranted>(events[0]).Reason);
        Assert.IsType<PoolGrantReceived>(events[1]);
        Assert.Equal(50, world.Pool(Riverside)!.Balance);
        Assert.Equal(150, world.Account(BenId)!.AvailableTimeCredits);
        Assert.Equal(0, world.BalanceOf(AccountId.Transit(grant), LedgerUnit.TimeCredits));
        Assert.Empty(Ok(new GrantFromPool(grant, Riverside, BenId, 150, "needs meals delivered", RiversideStaff)));
    }

    [Fact]
    public void A_grant_over_the_pool_without_a_reason_or_by_staff_of_another_community_is_refused()
    {
        Ok(new DonateTimeCredits(AnaId, Guid.NewGuid(), Riverside, 200, Ana));
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, BenId, 201, "in need", RiversideStaff), RefusalCodes.InsufficientPoolCredits);
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, BenId, 100, "  ", RiversideStaff), RefusalCodes.ReasonRequired);
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, BenId, 100, "in need", HillsideStaff), RefusalCodes.NotStaffOfCommunity);
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, BenId, 100, "in need", Ana), RefusalCodes.NotStaffOfCommunity);
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, Guid.NewGuid(), 100, "in need", RiversideStaff), RefusalCodes.VolunteerNotFound);
        Refused(new GrantFromPool(Guid.NewGuid(), Riverside, BenId, 0, "in need", RiversideStaff), RefusalCodes.InvalidAmount);
    }

    [Fact]
    public void Unknown_events_are_refused_by_the_folds()
    {
        Assert.Throws<UnknownEventException>(() => Relation.Evolve(world.Relation(AnaBen) ?? Sample(), new UnknownRelationEvent(AnaBen)));
        Assert.Throws<UnknownEventException>(() => CommunityPool.Evolve(null, new UnknownPoolEvent(Riverside)));
    }

    private sealed record UnknownRelationEvent(Guid RelationId) : RelationEvent(RelationId);

    private sealed record UnknownPoolEvent(Guid CommunityId) : CommunityPoolEvent(CommunityId);

    private static Relation Sample() =>
        new(AnaBen, AnaId, BenId, DirectRelation.Spouse, Riverside, Hillside, false, false, Now);

    private void Related(Guid member, Guid relative)
    {
        Ok(new RecordRelation(member, relative, DirectRelation.Spouse, GiftWorld.Registrar));
        Ok(new ConfirmRelation(Relation.IdOf(member, relative), member, Actor.Volunteer(member)));
        Ok(new ConfirmRelation(Relation.IdOf(member, relative), relative, Actor.Volunteer(relative)));
    }

    private Guid Credit(Guid volunteerId, long minutes)
    {
        var record = Guid.NewGuid();
        Ok(new CreditService(volunteerId, record, Riverside, minutes, "eldercare", 100, true));
        return record;
    }

    private IReadOnlyList<object> Ok(object command, DateTimeOffset? at = null)
    {
        var (events, refusal) = world.Run(command, at ?? Now);
        Assert.True(refusal is null, $"{command.GetType().Name} was refused: {refusal?.Code} {refusal?.Message}");
        return events;
    }

    private void Refused(object command, string code, DateTimeOffset? at = null)
    {
        var before = world.EventCount;
        var postings = world.Postings.Count;
        var (_, refusal) = world.Run(command, at ?? Now);
        Assert.Equal(code, refusal?.Code);
        Assert.Equal(before, world.EventCount);
        Assert.Equal(postings, world.Postings.Count);
    }
}
