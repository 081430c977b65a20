using System.Collections.Immutable;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Policies;
using TimeBank.Ledger.Tests.Specifications;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class VolunteerAccountDeciderTests : AccountSpecification
{
    /// <summary>Low thresholds (1 h, 2 h, 10 h) so that star tests need only a record or two.</summary>
    private static readonly LedgerPolicy LowStars = LedgerPolicy.Default with
    {
        StarThresholds = [Minutes.FromHours(1), Minutes.FromHours(2), Minutes.FromHours(10)],
    };

    // Registration

    [Fact]
    public void Staff_of_the_home_community_registers_a_volunteer() =>
        Given().When(new RegisterVolunteer(AnaId, Riverside, " RS-0001 ", RiversideStaff))
            .Then(new VolunteerRegistered(AnaId, Riverside, "RS-0001", RiversideStaffId, Now));

    [Fact]
    public void Staff_of_another_community_cannot_register_a_volunteer() =>
        Given().When(new RegisterVolunteer(AnaId, Riverside, "RS-0001", HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Only_those_who_may_register_learn_that_an_id_is_taken()
    {
        Given(Registered()).When(new RegisterVolunteer(AnaId, Riverside, "RS-0001", HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);
        Given(Registered()).When(new RegisterVolunteer(AnaId, Riverside, "RS-0001", Ben)).ThenFails(RefusalCodes.NotStaffOfCommunity);
    }

    [Fact]
    public void A_volunteer_is_registered_once() =>
        Given(Registered()).When(new RegisterVolunteer(AnaId, Riverside, "RS-0001", CityAdmin)).ThenFails(RefusalCodes.AlreadyExists);

    // Erasure of personal information

    [Fact]
    public void Staff_of_the_home_community_erase_the_personal_information_and_the_balance_stays()
    {
        var account = Given(Registered(), Credited(Record(1), 90, Now.AddDays(-1)))
            .When(new ErasePersonalData(AnaId, RiversideStaff))
            .Then(new PersonalDataErased(AnaId, RiversideStaffId, Now));

        Assert.NotNull(account);
        Assert.Equal(Now, account.PersonalDataErasedAt);
        Assert.Equal(90, account.ServiceMinutes);
        Assert.Equal(22, account.AvailablePoints);
    }

    [Fact]
    public void A_city_admin_erases_personal_information() =>
        Given(Registered()).When(new ErasePersonalData(AnaId, CityAdmin)).Then(new PersonalDataErased(AnaId, CityAdmin.PersonId, Now));

    [Fact]
    public void To_staff_of_another_community_the_volunteer_to_erase_does_not_exist() =>
        Given(Registered()).When(new ErasePersonalData(AnaId, HillsideStaff)).ThenFails(RefusalCodes.VolunteerNotFound);

    [Fact]
    public void A_volunteer_cannot_erase_their_own_personal_information_through_the_ledger() =>
        Given(Registered()).When(new ErasePersonalData(AnaId, Actor.Volunteer(AnaId))).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Erasing_twice_records_one_erasure() =>
        Given(Registered(), new PersonalDataErased(AnaId, RiversideStaffId, Now.AddDays(-1)))
            .When(new ErasePersonalData(AnaId, CityAdmin)).Then();

    [Fact]
    public void Personal_information_of_an_unknown_volunteer_cannot_be_erased() =>
        Given().When(new ErasePersonalData(AnaId, CityAdmin)).ThenFails(RefusalCodes.VolunteerNotFound);

    // Public boards

    [Fact]
    public void A_volunteer_leaves_the_public_boards_and_comes_back()
    {
        var left = Given(Registered()).When(new LeavePublicBoards(AnaId, Actor.Volunteer(AnaId))).Then(new PublicBoardsLeft(AnaId, Now));
        Assert.False(left!.OnPublicBoards);
        var back = Given(Registered(), new PublicBoardsLeft(AnaId, Now.AddDays(-1)))
            .When(new RejoinPublicBoards(AnaId, Actor.Volunteer(AnaId))).Then(new PublicBoardsRejoined(AnaId, Now));
        Assert.True(back!.OnPublicBoards);
    }

    [Fact]
    public void Leaving_twice_or_rejoining_while_on_the_boards_changes_nothing()
    {
        Given(Registered(), new PublicBoardsLeft(AnaId, Now.AddDays(-1))).When(new LeavePublicBoards(AnaId, Actor.Volunteer(AnaId))).Then();
        Given(Registered()).When(new RejoinPublicBoards(AnaId, Actor.Volunteer(AnaId))).Then();
    }

    [Fact]
    public void Only_the_volunteer_themself_leaves_the_public_boards()
    {
        Given(Registered()).When(new LeavePublicBoards(AnaId, CityAdmin)).ThenFails(RefusalCodes.Forbidden);
        Given(Registered()).When(new LeavePublicBoards(AnaId, RiversideStaff)).ThenFails(RefusalCodes.Forbidden);
        Given(Registered()).When(new RejoinPublicBoards(AnaId, Actor.Volunteer(Guid.NewGuid()))).ThenFails(RefusalCodes.Forbidden);
    }

    // Credit

    [Fact]
    public void A_credit_posts_minutes_time_credits_and_points_in_one_transaction()
    {
        var account = Given(Registered()).When(Credit(Record(1), 90)).Then(
            new ServiceCredited(
                AnaId, Record(1), Riverside, 90, 90, 0, 0, 22, 0, Now.AddMonths(24),
                [
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, 90),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.TimeCredits, 90),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.Points, 22),
                ],
                Now));

        Assert.NotNull(account);
        Assert.Equal(90, account.ServiceMinutes);
        Assert.Equal(90, account.TimeCredits);
        Assert.Equal(22, account.AvailablePoints);
        Assert.Equal(new PointsLot(Record(1), Riverside, 22, 22, 0, Now, Now.AddMonths(24)), Assert.Single(account.Lots));
    }

    [Theory]
    [InlineData(90, 10, 150, 22)]
    [InlineData(60, 10, 100, 10)]
    [InlineData(59, 10, 100, 9)]
    [InlineData(45, 20, 150, 22)]
    [InlineData(720, 10, 100, 120)]
    [InlineData(1, 10, 100, 0)]
    public void Points_are_minutes_times_rate_times_coefficient_rounded_down(long minutes, int rate, int coefficientPercent, long points)
    {
        var policy = LedgerPolicy.Default with { PointsPerHourByCategory = ImmutableDictionary<string, int>.Empty.Add("eldercare", rate) };

        Assert.Equal(new Points(points), policy.PointsFor(new Minutes(minutes), "eldercare", coefficientPercent));
    }

    [Fact]
    public void A_category_without_a_rate_of_its_own_earns_the_default_rate() =>
        Assert.Equal(new Points(15), LedgerPolicy.Default.PointsFor(new Minutes(90), "culture", 100));

    [Fact]
    public void A_record_is_credited_once_however_often_the_message_arrives() =>
        Given(Registered(), Credited(Record(1), 90, Now)).When(Credit(Record(1), 90)).Then();

    [Fact]
    public void A_project_without_time_credits_posts_hours_and_points_only() =>
        Given(Registered()).When(Credit(Record(1), 60, coefficientPercent: 100, earnsTimeCredits: false)).Then(
            new ServiceCredited(
                AnaId, Record(1), Riverside, 60, 0, 0, 0, 10, 0, Now.AddMonths(24),
                [
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, 60),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.Points, 10),
                ],
                Now));

    [Fact]
    public void Time_credits_above_the_cap_go_to_the_community_pool()
    {
        var account = Given(Registered())
            .Altered(a => a with { TimeCredits = Policy.TimeCreditCap.Value - 30 })
            .When(Credit(Record(1), 90))
            .Then(new ServiceCredited(
                AnaId, Record(1), Riverside, 90, 30, 0, 60, 22, 0, Now.AddMonths(24),
                [
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, 90),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.TimeCredits, 30),
                    new Posting(RiversideIssuance, RiversidePool, LedgerUnit.TimeCredits, 60),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.Points, 22),
                ],
                Now));

        Assert.Equal(Policy.TimeCreditCap.Value, account!.TimeCredits);
    }

    [Fact]
    public void A_volunteer_at_the_cap_sends_every_credit_to_the_pool() =>
        Given(Registered())
            .Altered(a => a with { TimeCredits = Policy.TimeCreditCap.Value })
            .When(Credit(Record(1), 60))
            .Then(events => Assert.Equal(60, Assert.IsType<ServiceCredited>(Assert.Single(events)).TimeCreditsToPool));

    [Fact]
    public void A_minute_short_of_100_hours_earns_no_star() =>
        Given(Registered()).Altered(a => a with { ServiceMinutes = 5939 })
            .When(Credit(Record(1), 60))
            .Then(events => Assert.IsType<ServiceCredited>(Assert.Single(events)));

    [Fact]
    public void The_first_star_is_awarded_at_100_hours() =>
        Given(Registered()).Altered(a => a with { ServiceMinutes = 5940 })
            .When(Credit(Record(1), 60))
            .Then(events =>
            {
                Assert.Equal(2, events.Count);
                Assert.Equal(new StarAwarded(AnaId, 1, 6000, Now), events[1]);
            });

    [Fact]
    public void Crossing_several_thresholds_at_once_awards_each_star_in_order() =>
        GivenUnder(LowStars, Now, Registered())
            .When(Credit(Record(1), 150))
            .Then(events => Assert.Equal(
                [new StarAwarded(AnaId, 1, 150, Now), new StarAwarded(AnaId, 2, 150, Now)],
                events.Skip(1)));

    [Fact]
    public void An_unregistered_volunteer_cannot_be_credited() =>
        Given().When(Credit(Record(1), 60)).ThenFails(RefusalCodes.VolunteerNotFound);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(721)]
    public void A_credit_covers_one_minute_to_twelve_hours(long minutes) =>
        Given(Registered()).When(Credit(Record(1), minutes)).ThenFails(RefusalCodes.InvalidAmount);

    // Revocation

    [Fact]
    public void A_revocation_posts_the_credit_back_and_withdraws_the_star_it_gave()
    {
        var account = GivenUnder(LowStars, Now, Registered(), Credited(Record(1), 90, Now), new StarAwarded(AnaId, 1, 90, Now))
            .When(Revoke(Record(1)))
            .Then(
                new ServiceCreditRevoked(
                    AnaId, Record(1), Riverside, 90, 90, 0, 0, 22, 0, 0, [new LotDraw(Record(1), 22)], "Duplicate entry",
                    RiversideStaffId,
                    [
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.ServiceMinutes, 90),
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.TimeCredits, 90),
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.Points, 22),
                    ],
                    Now),
                new StarWithdrawn(AnaId, 1, 0, Now));

        Assert.NotNull(account);
        Assert.Equal((0, 0, 0, 0, 0), (account.ServiceMinutes, account.TimeCredits, account.AvailablePoints, account.PointsDebt, account.StarLevel));
    }

    [Fact]
    public void Points_already_spent_are_taken_from_other_lots_and_the_rest_becomes_debt()
    {
        // The domain has no redemption yet: the spending is stated on the account directly.
        var account = Given(Registered(), Credited(Record(1), 90, Now.AddDays(-2)), Credited(Record(2), 60, Now.AddDays(-1)))
            .Altered(a => a with
            {
                TimeCredits = 40,
                Lots = [.. a.Lots.Select(lot => lot with { Remaining = lot.LotId == Record(2) ? 5 : 0 })],
            })
            .When(Revoke(Record(1)))
            .Then(events =>
            {
                var revoked = Assert.IsType<ServiceCreditRevoked>(Assert.Single(events));
                Assert.Equal([new LotDraw(Record(2), 5)], revoked.LotDraws);
                Assert.Equal((50, 17), (revoked.TimeCreditDebtIncurred, revoked.PointsDebtIncurred));
                Assert.Contains(new Posting(AnaAccount, RiversideIssuance, LedgerUnit.Points, 22), revoked.Postings);
                Assert.Contains(new Posting(AnaAccount, RiversideIssuance, LedgerUnit.TimeCredits, 90), revoked.Postings);
            });

        Assert.NotNull(account);
        Assert.Equal((0, 50, 0, 17), (account.TimeCredits, account.TimeCreditDebt, account.AvailablePoints, account.PointsDebt));
        Assert.Equal((-50, -17), (account.TimeCreditBalance, account.PointsBalance));
    }

    [Fact]
    public void Points_that_expired_come_back_from_the_expiry_account_not_from_the_volunteer()
    {
        var earned = Now.AddMonths(-25);
        var account = Given(
                Registered(),
                Credited(Record(1), 90, earned),
                new PointsExpired(AnaId, Record(1), Riverside, 22, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 22)], Now.AddDays(-1)))
            .When(Revoke(Record(1)))
            .Then(
                new ServiceCreditRevoked(
                    AnaId, Record(1), Riverside, 90, 90, 0, 0, 22, 22, 0, [], "Duplicate entry", RiversideStaffId,
                    [
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.ServiceMinutes, 90),
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.TimeCredits, 90),
                        new Posting(RiversideExpiry, RiversideIssuance, LedgerUnit.Points, 22),
                    ],
                    Now));

        Assert.Equal(0, account!.PointsDebt);
    }

    [Fact]
    public void A_later_credit_repays_debt_first()
    {
        var account = Given(Registered())
            .Altered(a => a with { TimeCreditDebt = 50, PointsDebt = 17 })
            .When(Credit(Record(3), 90))
            .Then(new ServiceCredited(
                AnaId, Record(3), Riverside, 90, 90, 50, 0, 22, 17, Now.AddMonths(24),
                [
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, 90),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.TimeCredits, 90),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.Points, 22),
                ],
                Now));

        Assert.NotNull(account);
        Assert.Equal((40, 0, 5, 0), (account.TimeCredits, account.TimeCreditDebt, account.AvailablePoints, account.PointsDebt));
    }

    [Fact]
    public void A_credit_smaller_than_the_debt_forms_no_lot()
    {
        var account = Given(Registered()).Altered(a => a with { PointsDebt = 100, TimeCreditDebt = 500 })
            .When(Credit(Record(3), 90))
            .Then(events => Assert.IsType<ServiceCredited>(Assert.Single(events)));

        Assert.NotNull(account);
        Assert.Empty(account.Lots);
        Assert.Equal((0, 410, 78), (account.TimeCredits, account.TimeCreditDebt, account.PointsDebt));
    }

    [Fact]
    public void A_record_never_credited_cannot_be_revoked() =>
        Given(Registered(), Credited(Record(1), 90, Now)).When(Revoke(Record(2))).ThenFails(RefusalCodes.NotFound);

    [Fact]
    public void Revoking_a_credit_again_posts_nothing()
    {
        VolunteerAccountEvent[] credited = [Registered(), Credited(Record(1), 90, Now)];
        var revoked = VolunteerAccountDecider.Decide(Revoke(Record(1)), Given(credited).State, Policy, Now);

        Given([.. credited, .. revoked]).When(Revoke(Record(1))).Then();
    }

    // Expiry

    [Fact]
    public void Expiry_takes_only_the_lots_that_are_due_oldest_first()
    {
        var account = Given(
                Registered(),
                Credited(Record(2), 60, Now.AddMonths(-25)),
                Credited(Record(1), 90, Now.AddMonths(-30)),
                Credited(Record(3), 120, Now.AddMonths(-1)))
            .When(new ExpirePoints(AnaId))
            .Then(
                new PointsExpired(AnaId, Record(1), Riverside, 22, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 22)], Now),
                new PointsExpired(AnaId, Record(2), Riverside, 15, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 15)], Now));

        Assert.NotNull(account);
        Assert.Equal(30, account.AvailablePoints);
        Assert.Equal([0, 0, 30], account.Lots.OrderBy(lot => lot.EarnedAt).Select(lot => lot.Remaining));
    }

    [Fact]
    public void A_lot_expires_on_the_day_it_is_due() =>
        Given(Registered(), Credited(Record(1), 90, Now.AddMonths(-24)))
            .When(new ExpirePoints(AnaId))
            .Then(events => Assert.Equal(22, Assert.IsType<PointsExpired>(Assert.Single(events)).Points));

    [Fact]
    public void Nothing_expires_before_it_is_due() =>
        Given(Registered(), Credited(Record(1), 90, Now.AddMonths(-24).AddSeconds(1))).When(new ExpirePoints(AnaId)).Then();

    [Fact]
    public void Only_what_remains_of_a_lot_expires() =>
        Given(Registered(), Credited(Record(1), 90, Now.AddMonths(-25)))
            .Altered(a => a with { Lots = [a.Lots[0] with { Remaining = 7 }] })
            .When(new ExpirePoints(AnaId))
            .Then(new PointsExpired(AnaId, Record(1), Riverside, 7, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 7)], Now));

    // What each refusal says, and the edges of the rules

    [Fact]
    public void The_refusals_of_a_registration_say_what_is_wrong()
    {
        Assert.Equal(
            "Only staff of the home community register a volunteer.",
            Given().When(new RegisterVolunteer(AnaId, Riverside, "RS-0001", HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity).Message);
        Assert.Equal(
            $"Volunteer {AnaId} is already registered.",
            Given(Registered()).When(new RegisterVolunteer(AnaId, Riverside, "RS-0001", RiversideStaff)).ThenFails(RefusalCodes.AlreadyExists).Message);
        Assert.Equal(
            "A volunteer number is required.",
            Given().When(new RegisterVolunteer(AnaId, Riverside, " ", RiversideStaff)).ThenFails(RefusalCodes.InvalidInput).Message);
    }

    [Fact]
    public void A_city_admin_registers_a_volunteer_in_any_community() =>
        Given().When(new RegisterVolunteer(AnaId, Hillside, "HS-0001", CityAdmin))
            .Then(new VolunteerRegistered(AnaId, Hillside, "HS-0001", CityAdmin.PersonId, Now));

    [Fact]
    public void An_unregistered_volunteer_is_named_in_the_refusal() =>
        Assert.Equal($"Volunteer {AnaId} is not registered.", Given().When(new ExpirePoints(AnaId)).ThenFails(RefusalCodes.VolunteerNotFound).Message);

    [Fact]
    public void The_refusals_of_an_erasure_say_what_is_wrong()
    {
        Assert.Equal(
            $"Volunteer {AnaId} is not registered.",
            Given(Registered()).When(new ErasePersonalData(AnaId, HillsideStaff)).ThenFails(RefusalCodes.VolunteerNotFound).Message);
        Assert.Equal(
            "Only a city admin or staff of the volunteer's home community erase their personal information.",
            Given(Registered()).When(new ErasePersonalData(AnaId, Ana)).ThenFails(RefusalCodes.NotStaffOfCommunity).Message);
    }

    [Fact]
    public void An_account_shows_to_its_volunteer_its_home_communitys_staff_and_city_admins_only()
    {
        var account = Given(Registered()).State!;

        Assert.True(account.IsVisibleTo(Ana));
        Assert.True(account.IsVisibleTo(RiversideStaff));
        Assert.True(account.IsVisibleTo(CityAdmin));
        Assert.False(account.IsVisibleTo(Ben));
        Assert.False(account.IsVisibleTo(HillsideStaff));
        Assert.Throws<ArgumentNullException>(() => AccountVisibility.IsVisibleTo(null!, Ana));
        Assert.Throws<ArgumentNullException>(() => account.IsVisibleTo(null!));
    }

    [Fact]
    public void The_refusal_of_a_credit_out_of_bounds_says_the_bounds() =>
        Assert.Equal(
            "A credit covers 1 to 720 minutes; got 721.",
            Given(Registered()).When(Credit(Record(1), 721)).ThenFails(RefusalCodes.InvalidAmount).Message);

    [Theory]
    [InlineData(1)]
    [InlineData(720)]
    public void A_credit_of_one_minute_or_twelve_hours_is_posted(long minutes) =>
        Given(Registered()).When(Credit(Record(1), minutes)).Then(Credited(Record(1), minutes, Now));

    [Fact]
    public void Debt_is_repaid_before_the_cap_and_what_is_above_the_cap_goes_to_the_pool() =>
        Given(Registered())
            .Altered(a => a with { TimeCredits = Policy.TimeCreditCap.Value - 30, TimeCreditDebt = 50 })
            .When(Credit(Record(1), 90))
            .Then(new ServiceCredited(
                AnaId, Record(1), Riverside, 90, 80, 50, 10, 22, 0, Now.AddMonths(24),
                [
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, 90),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.TimeCredits, 80),
                    new Posting(RiversideIssuance, RiversidePool, LedgerUnit.TimeCredits, 10),
                    new Posting(RiversideIssuance, AnaAccount, LedgerUnit.Points, 22),
                ],
                Now));

    [Fact]
    public void A_volunteer_above_a_lowered_cap_sends_every_credit_to_the_pool() =>
        Given(Registered())
            .Altered(a => a with { TimeCredits = Policy.TimeCreditCap.Value + 100 })
            .When(Credit(Record(1), 60))
            .Then(events =>
            {
                var credited = Assert.IsType<ServiceCredited>(Assert.Single(events));
                Assert.Equal((0, 60), (credited.TimeCredits, credited.TimeCreditsToPool));
            });

    [Fact]
    public void A_revocation_withdraws_each_star_it_takes_highest_first()
    {
        var credited = new ServiceCredited(
            AnaId, Record(1), Riverside, 150, 150, 0, 0, 37, 0, Now.AddMonths(24),
            [
                new Posting(RiversideIssuance, AnaAccount, LedgerUnit.ServiceMinutes, 150),
                new Posting(RiversideIssuance, AnaAccount, LedgerUnit.TimeCredits, 150),
                new Posting(RiversideIssuance, AnaAccount, LedgerUnit.Points, 37),
            ],
            Now);
        var account = GivenUnder(LowStars, Now, Registered(), credited, new StarAwarded(AnaId, 1, 150, Now), new StarAwarded(AnaId, 2, 150, Now))
            .When(Revoke(Record(1)))
            .Then(events => Assert.Equal([new StarWithdrawn(AnaId, 2, 0, Now), new StarWithdrawn(AnaId, 1, 0, Now)], events.Skip(1)));

        Assert.Equal(0, account!.StarLevel);
    }

    [Fact]
    public void A_revocation_that_leaves_the_volunteer_above_a_threshold_keeps_that_star() =>
        GivenUnder(LowStars, Now, Registered(), Credited(Record(1), 90, Now), Credited(Record(2), 60, Now),
                new StarAwarded(AnaId, 1, 90, Now), new StarAwarded(AnaId, 2, 150, Now))
            .When(Revoke(Record(2)))
            .Then(events => Assert.Equal([new StarWithdrawn(AnaId, 2, 90, Now)], events.Skip(1)));

    [Fact]
    public void A_revocation_takes_points_from_its_own_lot_first_then_from_the_oldest_other_lots()
    {
        // Own lot (the newest) has 10 of 22 left; the older lot 5 of 15; the middle lot all 30.
        var account = Given(
                Registered(),
                Credited(Record(2), 60, Now.AddMonths(-6)),
                Credited(Record(3), 120, Now.AddMonths(-3)),
                Credited(Record(1), 90, Now.AddMonths(-1)))
            .Altered(a => a with
            {
                Lots = [.. a.Lots.Select(lot => lot.LotId == Record(1) ? lot with { Remaining = 10 } : lot.LotId == Record(2) ? lot with { Remaining = 5 } : lot)],
            })
            .When(Revoke(Record(1)))
            .Then(events =>
            {
                var revoked = Assert.IsType<ServiceCreditRevoked>(Assert.Single(events));
                Assert.Equal([new LotDraw(Record(1), 10), new LotDraw(Record(2), 5), new LotDraw(Record(3), 7)], revoked.LotDraws);
                Assert.Equal(0, revoked.PointsDebtIncurred);
            });

        Assert.Equal([(Record(2), 0L), (Record(3), 23L), (Record(1), 0L)], account!.Lots.Select(lot => (lot.LotId, lot.Remaining)));
    }

    [Fact]
    public void Of_other_lots_due_together_a_revocation_draws_first_from_the_one_earned_first() =>
        Given(Registered(), Credited(Record(3), 120, Now.AddMonths(-3)), Credited(Record(2), 60, Now.AddMonths(-6)), Credited(Record(1), 90, Now.AddMonths(-1)))
            .Altered(a => a with
            {
                Lots = [.. a.Lots.Select(lot => lot.LotId == Record(1) ? lot with { Remaining = 0 } : lot with { ExpiresAt = Now.AddMonths(12) })],
            })
            .When(Revoke(Record(1)))
            .Then(events => Assert.Equal(
                [new LotDraw(Record(2), 15), new LotDraw(Record(3), 7)], Assert.IsType<ServiceCreditRevoked>(Assert.Single(events)).LotDraws));

    [Fact]
    public void Of_a_lot_partly_expired_a_revocation_takes_the_expired_part_from_the_expiry_account() =>
        Given(
                Registered(),
                Credited(Record(1), 90, Now.AddMonths(-25)),
                new PointsExpired(AnaId, Record(1), Riverside, 7, [new Posting(AnaAccount, RiversideExpiry, LedgerUnit.Points, 7)], Now.AddDays(-1)))
            .When(Revoke(Record(1)))
            .Then(
                new ServiceCreditRevoked(
                    AnaId, Record(1), Riverside, 90, 90, 0, 0, 22, 7, 0, [new LotDraw(Record(1), 15)], "Duplicate entry", RiversideStaffId,
                    [
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.ServiceMinutes, 90),
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.TimeCredits, 90),
                        new Posting(AnaAccount, RiversideIssuance, LedgerUnit.Points, 15),
                        new Posting(RiversideExpiry, RiversideIssuance, LedgerUnit.Points, 7),
                    ],
                    Now));

    [Fact]
    public void A_revocation_of_credits_sent_to_the_pool_takes_them_back_from_the_pool()
    {
        var toPool = Given(Registered()).Altered(a => a with { TimeCredits = Policy.TimeCreditCap.Value - 30 });
        var credited = VolunteerAccountDecider.Decide(Credit(Record(1), 90), toPool.State, Policy, Now);
        var account = credited.Aggregate(toPool.State, VolunteerAccount.Evolve);

        var revoked = Assert.IsType<ServiceCreditRevoked>(Assert.Single(VolunteerAccountDecider.Decide(Revoke(Record(1)), account, Policy, Now)));

        Assert.Equal(
            [
                new Posting(AnaAccount, RiversideIssuance, LedgerUnit.ServiceMinutes, 90),
                new Posting(AnaAccount, RiversideIssuance, LedgerUnit.TimeCredits, 30),
                new Posting(RiversidePool, RiversideIssuance, LedgerUnit.TimeCredits, 60),
                new Posting(AnaAccount, RiversideIssuance, LedgerUnit.Points, 22),
            ],
            revoked.Postings);
        Assert.Equal((30, 0, 60), (revoked.TimeCredits, revoked.TimeCreditDebtIncurred, revoked.TimeCreditsFromPool));
    }

    [Fact]
    public void The_refusal_of_a_revocation_never_credited_names_the_record() =>
        Assert.Equal(
            $"Record {Record(2)} was never credited to this account.",
            Given(Registered(), Credited(Record(1), 90, Now)).When(Revoke(Record(2))).ThenFails(RefusalCodes.NotFound).Message);

    [Fact]
    public void A_lot_spent_to_nothing_does_not_expire()
    {
        Given(Registered(), Credited(Record(1), 90, Now.AddMonths(-25)))
            .Altered(a => a with { Lots = [a.Lots[0] with { Remaining = 0 }] })
            .When(new ExpirePoints(AnaId))
            .Then();
    }

    [Fact]
    public void Of_lots_due_together_the_one_earned_first_expires_first() =>
        Given(Registered(), Credited(Record(2), 60, Now.AddMonths(-25)), Credited(Record(1), 90, Now.AddMonths(-30)))
            .Altered(a => a with { Lots = [.. a.Lots.Select(lot => lot with { ExpiresAt = Now.AddDays(-1) })] })
            .When(new ExpirePoints(AnaId))
            .Then(events => Assert.Equal([Record(1), Record(2)], events.Cast<PointsExpired>().Select(e => e.LotId)));

    [Fact]
    public void A_command_no_rule_decides_is_an_error_not_a_refusal()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VolunteerAccountDecider.Decide(new Unheard(AnaId), Given(Registered()).State, Policy, Now));

        Assert.Equal("No rule decides Unheard.", error.Message);
    }

    private sealed record Unheard(Guid VolunteerId) : VolunteerAccountCommand(VolunteerId);
}
