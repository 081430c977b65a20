using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Tests.Specifications;
using static TimeBank.Ledger.Tests.Specifications.City;

namespace TimeBank.Ledger.Tests;

public sealed class CommunityDeciderTests : CommunitySpecification
{
    // Registration

    [Fact]
    public void A_city_admin_registers_a_community_with_its_address_trimmed()
    {
        var community = Given().When(new RegisterCommunity(Riverside, " Riverside ", " 12 River Road ", " East district ", CityAdmin))
            .Then(new CommunityRegistered(Riverside, "Riverside", "12 River Road", "East district", CityAdmin.PersonId, Now));

        Assert.NotNull(community);
        Assert.Empty(community.Staff);
    }

    [Fact]
    public void Only_a_city_admin_registers_a_community()
    {
        foreach (var actor in new[] { RiversideStaff, Ana, Actor.Merchant(BenId, Guid.NewGuid()), Actor.System })
        {
            var refusal = Given().When(new RegisterCommunity(Riverside, "Riverside", "12 River Road", "East district", actor))
                .ThenFails(RefusalCodes.Forbidden);
            Assert.Equal("Only a city administrator may do this.", refusal.Message);
        }
    }

    [Fact]
    public void A_community_is_registered_once()
    {
        var refusal = Given(Registered()).When(new RegisterCommunity(Riverside, "Riverside", "12 River Road", "East district", CityAdmin))
            .ThenFails(RefusalCodes.AlreadyExists);

        Assert.Equal($"Community {Riverside} already exists.", refusal.Message);
    }

    [Fact]
    public void Staff_do_not_learn_that_a_community_id_is_taken() =>
        Given(Registered()).When(new RegisterCommunity(Riverside, "Riverside", "12 River Road", "East district", RiversideStaff))
            .ThenFails(RefusalCodes.Forbidden);

    [Theory]
    [InlineData("", "12 River Road", "East district", "The name is required.")]
    [InlineData("  ", "12 River Road", "East district", "The name is required.")]
    [InlineData("Riverside", "", "East district", "The street is required.")]
    [InlineData("Riverside", " ", "East district", "The street is required.")]
    [InlineData("Riverside", "12 River Road", "", "The district is required.")]
    [InlineData("Riverside", "12 River Road", "\t", "The district is required.")]
    public void A_community_needs_a_name_a_street_and_a_district(string name, string street, string district, string message)
    {
        var refusal = Given().When(new RegisterCommunity(Riverside, name, street, district, CityAdmin)).ThenFails(RefusalCodes.InvalidInput);

        Assert.Equal(message, refusal.Message);
    }

    // Staff

    [Fact]
    public void A_city_admin_assigns_staff_to_a_community()
    {
        var community = Given(Registered()).When(new AssignStaff(Riverside, NewStaffId, CityAdmin))
            .Then(new StaffAssigned(Riverside, NewStaffId, CityAdmin.PersonId, Now));

        Assert.Equal([NewStaffId], community!.Staff);
    }

    [Fact]
    public void Assigning_staff_already_assigned_changes_nothing() =>
        Given(Registered(), StaffAssigned(NewStaffId)).When(new AssignStaff(Riverside, NewStaffId, CityAdmin)).Then();

    [Fact]
    public void Staff_already_assigned_do_not_keep_others_from_being_assigned() =>
        Given(Registered(), StaffAssigned(RiversideStaffId)).When(new AssignStaff(Riverside, NewStaffId, CityAdmin))
            .Then(new StaffAssigned(Riverside, NewStaffId, CityAdmin.PersonId, Now));

    [Fact]
    public void Staff_cannot_assign_staff_even_in_their_own_community()
    {
        var refusal = Given(Registered(), StaffAssigned(RiversideStaffId)).When(new AssignStaff(Riverside, NewStaffId, RiversideStaff))
            .ThenFails(RefusalCodes.Forbidden);

        Assert.Equal("Only a city administrator may do this.", refusal.Message);
    }

    [Fact]
    public void Staff_cannot_be_assigned_to_an_unknown_community()
    {
        var refusal = Given().When(new AssignStaff(Riverside, NewStaffId, CityAdmin)).ThenFails(RefusalCodes.NotFound);

        Assert.Equal($"Community {Riverside} was not found.", refusal.Message);
    }

    [Fact]
    public void Only_a_city_admin_learns_that_a_community_is_missing() =>
        Given().When(new AssignStaff(Riverside, NewStaffId, RiversideStaff)).ThenFails(RefusalCodes.Forbidden);

    // Projects

    [Fact]
    public void Staff_publish_a_project_of_their_community_with_its_text_trimmed()
    {
        var project = GivenIn(RiversideWithStaff)
            .When(Publish(name: " Eldercare visits ", category: " eldercare ", place: " Riverside station "))
            .Then(Published());

        Assert.Equal(new Project(Eldercare.Id, Riverside, "Eldercare visits", "eldercare", 150, true, "Riverside station"), project);
    }

    [Fact]
    public void A_project_that_earns_no_time_credits_says_so() =>
        GivenIn(RiversideWithStaff).When(Publish(earnsTimeCredits: false)).Then(Published(earnsTimeCredits: false));

    [Theory]
    [InlineData(0)]
    [InlineData(10_000)]
    public void A_coefficient_from_zero_to_a_hundred_times_is_accepted(int coefficientPercent) =>
        GivenIn(RiversideWithStaff).When(Publish(coefficientPercent: coefficientPercent)).Then(Published(coefficientPercent));

    [Theory]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void A_coefficient_below_zero_or_above_a_hundred_times_is_refused(int coefficientPercent)
    {
        var refusal = GivenIn(RiversideWithStaff).When(Publish(coefficientPercent: coefficientPercent)).ThenFails(RefusalCodes.InvalidAmount);

        Assert.Equal($"The points coefficient is in hundredths from 0 to 10000 (0 to 100×); got {coefficientPercent}.", refusal.Message);
    }

    [Theory]
    [InlineData("", "eldercare", "The name is required.")]
    [InlineData(" ", "eldercare", "The name is required.")]
    [InlineData("Eldercare visits", "", "The category is required.")]
    [InlineData("Eldercare visits", "  ", "The category is required.")]
    public void A_project_needs_a_name_and_a_category(string name, string category, string message)
    {
        var refusal = GivenIn(RiversideWithStaff).When(Publish(name: name, category: category)).ThenFails(RefusalCodes.InvalidInput);

        Assert.Equal(message, refusal.Message);
    }

    [Fact]
    public void A_project_of_an_unknown_community_is_refused()
    {
        var refusal = GivenIn(null).When(Publish()).ThenFails(RefusalCodes.NotFound);

        Assert.Equal($"Community {Riverside} was not found.", refusal.Message);
    }

    [Fact]
    public void Only_staff_of_the_community_publish_its_projects()
    {
        foreach (var actor in new[] { HillsideStaff, CityAdmin, Ana })
        {
            var refusal = GivenIn(RiversideWithStaff).When(Publish(actor: actor)).ThenFails(RefusalCodes.NotStaffOfCommunity);
            Assert.Equal("Only staff of the community publish its projects.", refusal.Message);
        }
    }

    [Fact]
    public void A_project_is_published_once()
    {
        var refusal = GivenIn(RiversideWithStaff, Published()).When(Publish()).ThenFails(RefusalCodes.AlreadyExists);

        Assert.Equal($"Project {Eldercare.Id} already exists.", refusal.Message);
    }

    [Fact]
    public void Staff_of_another_community_do_not_learn_that_a_project_id_is_taken() =>
        GivenIn(RiversideWithStaff, Published()).When(Publish(actor: HillsideStaff)).ThenFails(RefusalCodes.NotStaffOfCommunity);

    [Fact]
    public void A_taken_project_id_is_refused_before_its_text_is_checked() =>
        GivenIn(RiversideWithStaff, Published()).When(Publish(name: " ")).ThenFails(RefusalCodes.AlreadyExists);
}
