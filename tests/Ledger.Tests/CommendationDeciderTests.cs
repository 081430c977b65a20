using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Commendations;
using TimeBank.Ledger.Tests.Specifications;
using TimeBank.Ledger.Units;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

/// <summary>Commendations (嘉许): granted by staff of a community or a city admin, official, withdrawn with a reason once.</summary>
public sealed class CommendationDeciderTests
{
    private static readonly Guid CommendationId = new("00000000-0000-0000-0000-0000000c0001");
    private static readonly Actor CityAdmin = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad001"));
    private static readonly DateOnly Today = ChinaTime.DayOf(Now);
    private static readonly VolunteerAccount AnaAccount =
        VolunteerAccount.Open(new VolunteerRegistered(AnaId, Riverside, "V-0042", RiversideStaffId, Now.AddYears(-1)));

    private static GrantCommendation Grant(Actor? by = null, Guid? community = null, bool inTheCitysName = false) =>
        new(CommendationId, AnaId, inTheCitysName ? null : community ?? Riverside, " 优秀志愿者 ", " 三年如一日陪伴独居老人 ", Today.AddDays(-3),
            " 八大关街道办事处 ", by ?? RiversideStaff);

    private static CommendationGranted Granted(Guid? community = null) =>
        new(CommendationId, AnaId, community, "优秀志愿者", "三年如一日陪伴独居老人", Today.AddDays(-3), "八大关街道办事处", RiversideStaffId, Now.AddDays(-1));

    private static CommendationWithdrawn Withdrawn() => new(CommendationId, "嘉许有误", RiversideStaffId, Now.AddHours(-2));

    /// <summary>Given the commendation's events, a command decides as the host does: a grant reads Ana's account.</summary>
    private static Scenario<CommendationCommand, CommendationEvent, Commendation> Given(params CommendationEvent[] events) =>
        new(events, Commendation.Evolve, (command, state) => command is GrantCommendation grant
            ? [CommendationDecider.Grant(grant, state, AnaAccount, Now)]
            : CommendationDecider.Decide(command, state, Now));

    // Granting

    [Fact]
    public void Staff_of_a_community_commend_a_volunteer_with_the_texts_trimmed()
    {
        var commendation = Given().When(Grant())
            .Then(new CommendationGranted(CommendationId, AnaId, Riverside, "优秀志愿者", "三年如一日陪伴独居老人", Today.AddDays(-3), "八大关街道办事处", RiversideStaffId, Now));

        Assert.False(commendation!.IsWithdrawn);
        Assert.Equal(Riverside, commendation.CommunityId);
    }

    [Fact]
    public void Staff_commend_a_volunteer_of_another_home_community_in_the_name_of_their_own() =>
        Assert.Equal(Hillside, CommendationDecider.Grant(Grant(HillsideStaff, Hillside), null, AnaAccount, Now).CommunityId);

    [Fact]
    public void A_city_admin_commends_in_any_communitys_name_or_in_the_citys()
    {
        Assert.Equal(Hillside, CommendationDecider.Grant(Grant(CityAdmin, Hillside), null, AnaAccount, Now).CommunityId);
        Given().When(Grant(CityAdmin, inTheCitysName: true)).Then(granted => Assert.Null(((CommendationGranted)granted.Single()).CommunityId));
    }

    [Fact]
    public void Staff_of_another_community_a_volunteer_and_a_cashier_cannot_grant()
    {
        var refusal = Given().When(Grant(HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);
        Given().When(Grant(Ben)).ThenFails(RefusalCodes.NotStaffOfCommunity);
        Given().When(Grant(Actor.Merchant(BenId, Guid.NewGuid()))).ThenFails(RefusalCodes.NotStaffOfCommunity);

        Assert.Equal("Only staff of the granting community (or a city admin) may grant or withdraw a commendation.", refusal.Message);
    }

    [Fact]
    public void Only_a_city_admin_grants_in_the_citys_name() =>
        Assert.Equal(
            "Only a city admin grants or withdraws a commendation in the city's name; staff grant in the name of their community.",
            Given().When(Grant(inTheCitysName: true)).ThenFails(RefusalCodes.NotStaffOfCommunity).Message);

    [Fact]
    public void A_commendation_is_granted_once_and_only_a_grantor_learns_the_id_is_taken()
    {
        Given(Granted(Riverside)).When(Grant()).ThenFails(RefusalCodes.AlreadyExists);
        Given(Granted(Riverside)).When(Grant(HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);
    }

    [Fact]
    public void The_volunteer_must_exist() =>
        Assert.Equal(
            $"Volunteer {AnaId} was not found.",
            Assert.Throws<LedgerRefusal>(() => CommendationDecider.Grant(Grant(), null, null, Now)).Message);

    [Fact]
    public void An_account_other_than_the_volunteers_is_no_volunteer()
    {
        var ben = VolunteerAccount.Open(new VolunteerRegistered(BenId, Riverside, "V-0043", RiversideStaffId, Now.AddYears(-1)));

        Assert.Equal(RefusalCodes.VolunteerNotFound, Assert.Throws<LedgerRefusal>(() => CommendationDecider.Grant(Grant(), null, ben, Now)).Code);
    }

    [Fact]
    public void Nobody_commends_themself() =>
        Given().When(Grant(AnaAsStaff)).ThenFails(RefusalCodes.Forbidden);

    [Theory]
    [InlineData("", "reason", "body", RefusalCodes.InvalidInput)]
    [InlineData("title", " ", "body", RefusalCodes.ReasonRequired)]
    [InlineData("title", "reason", "\t", RefusalCodes.InvalidInput)]
    public void A_commendation_has_a_title_a_reason_and_a_granting_body(string title, string reason, string body, string code) =>
        Given().When(Grant() with { Title = title, Reason = reason, GrantingBody = body }).ThenFails(code);

    [Fact]
    public void Its_texts_are_within_their_limits()
    {
        Assert.Equal(
            $"title must be at most {TextLimits.Name} characters; it has {TextLimits.Name + 1}.",
            Given().When(Grant() with { Title = new string('优', TextLimits.Name + 1) }).ThenFails(RefusalCodes.TextTooLong).Message);
        Given().When(Grant() with { Reason = new string('r', TextLimits.Reason + 1) }).ThenFails(RefusalCodes.TextTooLong);
        Given().When(Grant() with { GrantingBody = new string('局', TextLimits.Name + 1) }).ThenFails(RefusalCodes.TextTooLong);
        Given().When(Grant() with { Title = new string('优', TextLimits.Name), Reason = new string('r', TextLimits.Reason), GrantingBody = new string('局', TextLimits.Name) })
            .Then(granted => Assert.Single(granted));
    }

    [Fact]
    public void A_commendation_awarded_after_today_in_China_is_refused()
    {
        // 2026-06-15 20:00 UTC is already 06-16 in China: the 16th is today, the 17th is not yet.
        var lateEvening = new DateTimeOffset(2026, 6, 15, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 6, 16),
            CommendationDecider.Grant(Grant() with { AwardedOn = new DateOnly(2026, 6, 16) }, null, AnaAccount, lateEvening).AwardedOn);
        var refusal = Assert.Throws<LedgerRefusal>(() => CommendationDecider.Grant(Grant() with { AwardedOn = new DateOnly(2026, 6, 17) }, null, AnaAccount, lateEvening));
        Assert.Equal(RefusalCodes.InvalidInput, refusal.Code);
        Assert.Equal("The commendation is awarded on 2026-06-17, after today (2026-06-16, China time): only an honour already awarded is recorded.", refusal.Message);
    }

    [Fact]
    public void A_grant_is_not_decided_without_the_volunteers_account() =>
        Assert.Throws<InvalidOperationException>(() => CommendationDecider.Decide(Grant(), null, Now));

    // Withdrawing

    [Fact]
    public void The_granting_community_withdraws_a_commendation_with_a_reason()
    {
        var commendation = Given(Granted(Riverside)).When(new WithdrawCommendation(CommendationId, " 嘉许有误 ", RiversideStaff))
            .Then(new CommendationWithdrawn(CommendationId, "嘉许有误", RiversideStaffId, Now));

        Assert.True(commendation!.IsWithdrawn);
        Assert.Equal("嘉许有误", commendation.Withdrawal!.Reason);
        Assert.Equal("优秀志愿者", commendation.Title);
    }

    [Fact]
    public void A_city_admin_withdraws_any_commendation_and_only_a_city_admin_one_granted_in_the_citys_name()
    {
        Given(Granted(Riverside)).When(new WithdrawCommendation(CommendationId, "有误", CityAdmin)).Then(new CommendationWithdrawn(CommendationId, "有误", CityAdmin.PersonId, Now));
        Given(Granted()).When(new WithdrawCommendation(CommendationId, "有误", CityAdmin)).Then(new CommendationWithdrawn(CommendationId, "有误", CityAdmin.PersonId, Now));
        Given(Granted()).When(new WithdrawCommendation(CommendationId, "有误", RiversideStaff)).ThenFails(RefusalCodes.NotFound);
    }

    [Fact]
    public void A_withdrawal_needs_a_reason() =>
        Assert.Equal(
            "A reason is required to withdraw a commendation.",
            Given(Granted(Riverside)).When(new WithdrawCommendation(CommendationId, " ", RiversideStaff)).ThenFails(RefusalCodes.ReasonRequired).Message);

    [Fact]
    public void A_commendation_is_withdrawn_once() =>
        Assert.Equal(
            "The commendation was already withdrawn at 2026-06-15 18:00:00 +08:00.",
            Given(Granted(Riverside), Withdrawn()).When(new WithdrawCommendation(CommendationId, "再次", RiversideStaff)).ThenFails(RefusalCodes.AlreadyRevoked).Message);

    [Fact]
    public void The_volunteer_sees_their_commendation_but_cannot_withdraw_it() =>
        Given(Granted(Riverside)).When(new WithdrawCommendation(CommendationId, "不想要", Ana)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void Anyone_else_is_answered_as_for_a_missing_commendation()
    {
        var hidden = Given(Granted(Riverside)).When(new WithdrawCommendation(CommendationId, "无权", HillsideStaff)).ThenFails(RefusalCodes.NotFound);
        Given(Granted(Riverside)).When(new WithdrawCommendation(CommendationId, "无权", Ben)).ThenFails(RefusalCodes.NotFound);
        var missing = Given().When(new WithdrawCommendation(CommendationId, "无权", RiversideStaff)).ThenFails(RefusalCodes.NotFound);

        Assert.Equal($"Commendation {CommendationId} was not found.", hidden.Message);
        Assert.Equal(hidden.Message, missing.Message);
    }

    [Fact]
    public void A_commendation_shows_to_its_volunteer_the_granting_communitys_staff_and_city_admins_only()
    {
        var commendation = Given(Granted(Riverside)).State!;
        var citys = Given(Granted()).State!;

        Assert.True(commendation.IsVisibleTo(Ana));
        Assert.True(commendation.IsVisibleTo(RiversideStaff));
        Assert.True(commendation.IsVisibleTo(CityAdmin));
        Assert.False(commendation.IsVisibleTo(HillsideStaff));
        Assert.False(commendation.IsVisibleTo(Ben));
        Assert.True(citys.IsVisibleTo(Ana));
        Assert.True(citys.IsVisibleTo(CityAdmin));
        Assert.False(citys.IsVisibleTo(RiversideStaff));
        Assert.Throws<ArgumentNullException>(() => CommendationVisibility.IsVisibleTo(null!, CityAdmin));
        Assert.Throws<ArgumentNullException>(() => commendation.IsVisibleTo(null!));
    }

    [Fact]
    public void Whoever_may_read_the_volunteers_account_also_reads_their_commendations()
    {
        var citys = Given(Granted()).State!;

        Assert.True(ReadAccess.CanReadCommendation(RiversideStaff, citys, AnaAccount));
        Assert.False(ReadAccess.CanReadCommendation(RiversideStaff, citys, null));
        Assert.False(ReadAccess.CanReadCommendation(HillsideStaff, citys, AnaAccount));
        Assert.True(ReadAccess.CanReadCommendation(HillsideStaff, Given(Granted(Hillside)).State!, AnaAccount));
    }

    [Fact]
    public void Events_before_the_grant_fold_to_no_commendation_and_a_second_grant_changes_nothing()
    {
        Assert.Null(Commendation.Evolve(null, Withdrawn()));
        var granted = Commendation.FromGrant(Granted(Riverside));
        Assert.Same(granted, Commendation.Evolve(granted, Granted(Hillside)));
    }

    [Fact]
    public void A_command_no_rule_decides_is_an_error_not_a_refusal() =>
        Assert.Equal("No rule decides Unheard.",
            Assert.Throws<InvalidOperationException>(() => CommendationDecider.Decide(new Unheard(CommendationId, CityAdmin), Given(Granted()).State, Now)).Message);

    private sealed record Unheard(Guid CommendationId, Actor Actor) : CommendationCommand(CommendationId, Actor);

    // Any history

    /// <summary>
    /// Whatever grants and withdrawals anyone sends, in any order, a commendation's stream starts with its one grant, is
    /// withdrawn at most once, and only ever by someone who may grant it; a refused command adds nothing.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Any_commands_give_one_grant_first_and_at_most_one_withdrawal() =>
        Prop.ForAll(Commands().ListOf().ToArbitrary(), commands =>
        {
            var stream = new List<CommendationEvent>();
            Commendation? state = null;
            foreach (var command in commands)
            {
                CommendationEvent[] decided;
                try
                {
                    decided = command is GrantCommendation grant
                        ? [CommendationDecider.Grant(grant, state, AnaAccount, Now)]
                        : CommendationDecider.Decide(command, state, Now);
                }
                catch (LedgerRefusal)
                {
                    continue;
                }

                stream.AddRange(decided);
                state = decided.Aggregate(state, Commendation.Evolve);
            }

            var withdrawals = stream.OfType<CommendationWithdrawn>().ToList();
            return stream.OfType<CommendationGranted>().Count() <= 1
                && (stream.Count == 0 || stream[0] is CommendationGranted)
                && withdrawals.Count <= 1
                && withdrawals.All(w => CommendationVisibility.MayGrant(Actors.Single(a => a.PersonId == w.WithdrawnBy), ((CommendationGranted)stream[0]).CommunityId))
                && (state?.IsWithdrawn ?? false) == (withdrawals.Count == 1);
        });

    private static readonly Actor[] Actors = [RiversideStaff, HillsideStaff, CityAdmin, Ana, Ben];

    private static Gen<CommendationCommand> Commands() =>
        from actor in Gen.Elements(Actors)
        from grant in Gen.Elements(true, false)
        from community in Gen.Elements<Guid?>(Riverside, Hillside, null)
        from reason in Gen.Elements("有误", " ", "")
        select grant
            ? (CommendationCommand)(Grant(actor, community, inTheCitysName: community is null) with { Reason = reason.Length == 0 ? "事迹突出" : reason })
            : new WithdrawCommendation(CommendationId, reason, actor);
}
