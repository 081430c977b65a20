using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Organizations;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class SocialOrganizationDeciderTests
{
    private static readonly Actor CityAdmin = Actor.CityAdmin(new Guid("00000000-0000-0000-0000-00000000e001"));
    private static readonly Community RiversideCommunity = new(Riverside, "Riverside", "River street", "Shinan", []);

    private static RegisterSocialOrganization Registration(string name = "银龄互助队", Actor? actor = null) =>
        new(Riverside, name, OrganizationKind.LivingServices, OrganizationStanding.Filed, "队长", actor ?? RiversideStaff);

    private static SocialOrganization Registered(string name = "银龄互助队") =>
        SocialOrganization.FromRegistration(SocialOrganizationDecider.Register(Registration(name), null, RiversideCommunity, Now));

    private static SocialOrganization Apply(SocialOrganization state, SocialOrganizationCommand command) =>
        SocialOrganizationDecider.Decide(command, state, Now).Aggregate(state, (s, e) => SocialOrganization.Evolve(s, e)!);

    private static string Refusal(Action act) => Assert.Throws<LedgerRefusal>(act).Code;

    [Fact]
    public void Staff_register_an_active_organization_whose_id_is_its_name_in_the_community()
    {
        var registered = SocialOrganizationDecider.Register(Registration(" 银龄互助队 "), null, RiversideCommunity, Now);

        Assert.Equal(new SocialOrganizationRegistered(SocialOrganizationName.IdOf(Riverside, "银龄互助队"), Riverside, "银龄互助队",
            OrganizationKind.LivingServices, OrganizationStanding.Filed, "队长", RiversideStaffId, Now), registered);
        Assert.True(SocialOrganization.FromRegistration(registered).IsActive);
    }

    [Fact]
    public void A_city_admin_registers_in_any_community() =>
        Assert.Equal(CityAdmin.PersonId, SocialOrganizationDecider.Register(Registration(actor: CityAdmin), null, RiversideCommunity, Now).RegisteredBy);

    [Fact]
    public void Staff_of_another_community_and_volunteers_cannot_register()
    {
        Assert.Equal(RefusalCodes.NotStaffOfCommunity, Refusal(() => SocialOrganizationDecider.Register(Registration(actor: HillsideStaff), null, RiversideCommunity, Now)));
        Assert.Equal(RefusalCodes.NotStaffOfCommunity, Refusal(() => SocialOrganizationDecider.Register(Registration(actor: Ana), null, RiversideCommunity, Now)));
    }

    [Fact]
    public void An_organization_is_registered_in_a_community_that_exists() =>
        Assert.Equal(RefusalCodes.NotFound, Refusal(() => SocialOrganizationDecider.Register(Registration(actor: CityAdmin), null, null, Now)));

    [Theory]
    [InlineData("银龄互助队")]
    [InlineData("  银龄互助队\t")]
    [InlineData("ＡＢＣ　舞蹈队")]
    [InlineData("abc  舞蹈队")]
    public void Names_are_compared_trimmed_width_and_case_folded(string variant)
    {
        var first = variant.Contains("舞蹈", StringComparison.Ordinal) ? "ABC 舞蹈队" : "银龄互助队";
        Assert.Equal(SocialOrganizationName.IdOf(Riverside, first), SocialOrganizationName.IdOf(Riverside, variant));
        Assert.Equal(RefusalCodes.SocialOrganizationNameTaken,
            Refusal(() => SocialOrganizationDecider.Register(Registration(variant), Registered(first), RiversideCommunity, Now)));
    }

    [Fact]
    public void The_same_name_in_another_community_is_another_organization() =>
        Assert.NotEqual(SocialOrganizationName.IdOf(Riverside, "银龄互助队"), SocialOrganizationName.IdOf(Hillside, "银龄互助队"));

    [Fact]
    public void A_dissolved_organization_keeps_its_name()
    {
        var dissolved = Apply(Registered(), new DissolveSocialOrganization(Registered().Id, "停止活动", RiversideStaff));
        Assert.Equal(RefusalCodes.SocialOrganizationNameTaken,
            Refusal(() => SocialOrganizationDecider.Register(Registration(), dissolved, RiversideCommunity, Now)));
    }

    [Theory]
    [InlineData("", "队长")]
    [InlineData("  ", "队长")]
    [InlineData("银龄互助队", " ")]
    public void An_organization_has_a_name_and_a_contact_role(string name, string role) =>
        Assert.Equal(RefusalCodes.InvalidInput, Refusal(() => SocialOrganizationDecider.Register(
            Registration(name) with { ContactRole = role }, null, RiversideCommunity, Now)));

    [Fact]
    public void Text_longer_than_its_limit_is_refused()
    {
        Assert.Equal(RefusalCodes.TextTooLong, Refusal(() => SocialOrganizationDecider.Register(
            Registration(new string('队', TextLimits.Name + 1)), null, RiversideCommunity, Now)));
        Assert.Equal(RefusalCodes.TextTooLong, Refusal(() => Apply(Registered(),
            new SuspendSocialOrganization(Registered().Id, new string('因', TextLimits.Reason + 1), RiversideStaff))));
    }

    [Fact]
    public void An_unknown_kind_is_refused() =>
        Assert.Equal(RefusalCodes.InvalidInput, Refusal(() => SocialOrganizationDecider.Register(
            Registration() with { Kind = (OrganizationKind)42 }, null, RiversideCommunity, Now)));

    [Fact]
    public void Suspended_with_a_reason_then_reinstated_then_dissolved_for_good()
    {
        var organization = Registered();
        var suspended = Apply(organization, new SuspendSocialOrganization(organization.Id, "换届未完成", RiversideStaff));
        Assert.Equal((OrganizationStatus.Suspended, "换届未完成"), (suspended.Status, suspended.Reason));
        Assert.False(suspended.IsActive);

        var reinstated = Apply(suspended, new ReinstateSocialOrganization(organization.Id, CityAdmin));
        Assert.True(reinstated.IsActive);
        Assert.Null(reinstated.Reason);

        var dissolved = Apply(reinstated, new DissolveSocialOrganization(organization.Id, "停止活动", RiversideStaff));
        Assert.Equal(OrganizationStatus.Dissolved, dissolved.Status);

        Assert.Equal(RefusalCodes.InvalidOrganizationState, Refusal(() => Apply(dissolved, new ReinstateSocialOrganization(organization.Id, RiversideStaff))));
        Assert.Equal(RefusalCodes.InvalidOrganizationState, Refusal(() => Apply(dissolved, new SuspendSocialOrganization(organization.Id, "x", RiversideStaff))));
        Assert.Equal(RefusalCodes.InvalidOrganizationState, Refusal(() => Apply(dissolved, new DissolveSocialOrganization(organization.Id, "x", RiversideStaff))));
    }

    [Fact]
    public void A_suspended_organization_may_be_dissolved_but_not_suspended_again()
    {
        var suspended = Apply(Registered(), new SuspendSocialOrganization(Registered().Id, "x", RiversideStaff));
        Assert.Equal(RefusalCodes.InvalidOrganizationState, Refusal(() => Apply(suspended, new SuspendSocialOrganization(suspended.Id, "y", RiversideStaff))));
        Assert.Equal(OrganizationStatus.Dissolved, Apply(suspended, new DissolveSocialOrganization(suspended.Id, "z", RiversideStaff)).Status);
    }

    [Fact]
    public void An_active_organization_cannot_be_reinstated() =>
        Assert.Equal(RefusalCodes.InvalidOrganizationState, Refusal(() => Apply(Registered(), new ReinstateSocialOrganization(Registered().Id, RiversideStaff))));

    [Fact]
    public void Suspension_and_dissolution_need_a_reason()
    {
        Assert.Equal(RefusalCodes.ReasonRequired, Refusal(() => Apply(Registered(), new SuspendSocialOrganization(Registered().Id, " ", RiversideStaff))));
        Assert.Equal(RefusalCodes.ReasonRequired, Refusal(() => Apply(Registered(), new DissolveSocialOrganization(Registered().Id, "", RiversideStaff))));
    }

    [Fact]
    public void To_staff_of_another_community_and_volunteers_the_organization_does_not_exist()
    {
        var organization = Registered();
        foreach (var outsider in new[] { HillsideStaff, Ana, Actor.Merchant(AnaId, Guid.NewGuid()) })
        {
            Assert.Equal(RefusalCodes.NotFound, Refusal(() => Apply(organization, new SuspendSocialOrganization(organization.Id, "x", outsider))));
            Assert.Equal(RefusalCodes.NotFound, Refusal(() => Apply(organization, new DissolveSocialOrganization(organization.Id, "x", outsider))));
        }

        Assert.Equal(RefusalCodes.NotFound, Refusal(() => SocialOrganizationDecider.Decide(new ReinstateSocialOrganization(Guid.NewGuid(), RiversideStaff), null, Now)));
    }
}
