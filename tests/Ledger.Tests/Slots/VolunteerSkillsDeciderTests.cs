using TimeBank.Ledger.Slots;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests.Slots;

/// <summary>Ana, of Riverside, declares what she can do; Riverside's staff confirm it.</summary>
public sealed class VolunteerSkillsDeciderTests
{
    private static VolunteerSkills? Given(params VolunteerSkillsEvent[] events) => events.Aggregate(default(VolunteerSkills), VolunteerSkills.Evolve);

    private static VolunteerSkillsEvent[] Decide(VolunteerSkillsCommand command, VolunteerSkills? state, Guid? home = null) =>
        VolunteerSkillsDecider.Decide(command, state, home ?? Riverside, Now);

    private static void Refused(string code, VolunteerSkillsCommand command, VolunteerSkills? state, Guid? home = null) =>
        Assert.Equal(code, Assert.Throws<LedgerRefusal>(() => VolunteerSkillsDecider.Decide(command, state, home, Now)).Code);

    [Fact]
    public void A_volunteer_declares_a_skill_written_as_the_board_searches_it() =>
        Assert.Equal([new SkillDeclared(AnaId, "first aid", Now)], Decide(new DeclareSkill(AnaId, "  First Aid ", Ana), null));

    [Fact]
    public void Declaring_a_skill_again_changes_nothing() =>
        Assert.Empty(Decide(new DeclareSkill(AnaId, "FIRST AID", Ana), Given(new SkillDeclared(AnaId, "first aid", Now))));

    [Fact]
    public void A_volunteer_declares_only_their_own_skills() => Refused(RefusalCodes.Forbidden, new DeclareSkill(AnaId, "cooking", Ben), null, Riverside);

    [Fact]
    public void An_unregistered_person_declares_no_skill() => Refused(RefusalCodes.VolunteerNotFound, new DeclareSkill(AnaId, "cooking", Ana), null);

    [Fact]
    public void A_blank_skill_is_refused() => Refused(RefusalCodes.InvalidInput, new DeclareSkill(AnaId, " ", Ana), null, Riverside);

    [Fact]
    public void Staff_of_the_home_community_confirm_a_declared_skill()
    {
        var state = Given(new SkillDeclared(AnaId, "first aid", Now));
        var events = Decide(new ConfirmSkill(AnaId, "First aid", RiversideStaff), state);

        Assert.Equal([new SkillConfirmed(AnaId, "first aid", Riverside, RiversideStaffId, Now)], events);
        Assert.True(events.Aggregate(state, VolunteerSkills.Evolve)!.Find("first aid")!.Confirmed);
    }

    [Fact]
    public void Staff_of_another_community_do_not_confirm() =>
        Refused(RefusalCodes.NotStaffOfCommunity, new ConfirmSkill(AnaId, "first aid", HillsideStaff), Given(new SkillDeclared(AnaId, "first aid", Now)), Riverside);

    [Fact]
    public void Staff_confirm_only_a_declared_skill() =>
        Refused(RefusalCodes.SkillNotDeclared, new ConfirmSkill(AnaId, "cooking", RiversideStaff), Given(new SkillDeclared(AnaId, "first aid", Now)), Riverside);

    [Fact]
    public void A_withdrawn_skill_leaves_with_its_confirmation()
    {
        var state = Given(new SkillDeclared(AnaId, "first aid", Now), new SkillConfirmed(AnaId, "first aid", Riverside, RiversideStaffId, Now));
        var events = Decide(new WithdrawSkill(AnaId, "first aid", Ana), state);

        Assert.Equal([new SkillWithdrawn(AnaId, "first aid", Now)], events);
        Assert.Empty(events.Aggregate(state, VolunteerSkills.Evolve)!.Skills);
    }
}
