using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;

namespace TimeBank.Ledger.Tests.Specifications;

/// <summary>
/// Base of community decider tests: Riverside registered by a city admin at <see cref="City.Now"/>, and its projects.
/// A community's state is folded as the community projection folds it: registration, then staff one by one.
/// </summary>
public abstract class CommunitySpecification
{
    protected static Actor CityAdmin { get; } = Actor.CityAdmin(Guid.Parse("00000000-0000-0000-0000-0000000ad001"));

    protected static readonly Guid NewStaffId = new("00000000-0000-0000-0000-00000000f003");

    protected static Scenario<object, CommunityEvent, Community> Given(params CommunityEvent[] events) =>
        new(events, Evolve, (command, state) => command switch
        {
            RegisterCommunity register => [CommunityDecider.Decide(register, state, City.Now)],
            AssignStaff assign => CommunityDecider.Decide(assign, state, City.Now),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a community command."),
        });

    /// <summary>Projects are published by staff of <paramref name="community"/> (null: no such community).</summary>
    protected static Scenario<PublishProject, ProjectEvent, Project> GivenIn(Community? community, params ProjectEvent[] events) =>
        new(events, (state, e) => e is ProjectPublished published ? Project.FromPublication(published) : state,
            (command, state) => [CommunityDecider.Decide(command, state, community, City.Now)]);

    protected static Community? Evolve(Community? state, CommunityEvent e) => (state, e) switch
    {
        (null, CommunityRegistered registered) => Community.FromRegistration(registered),
        (not null, StaffAssigned assigned) => state.WithStaff(assigned),
        _ => state,
    };

    protected static CommunityRegistered Registered() =>
        new(City.Riverside, "Riverside", "12 River Road", "East district", CityAdmin.PersonId, City.Now.AddYears(-2));

    protected static StaffAssigned StaffAssigned(Guid staffId) => new(City.Riverside, staffId, CityAdmin.PersonId, City.Now.AddYears(-1));

    /// <summary>Riverside with its staff member, as a project's publication sees it.</summary>
    protected static Community RiversideWithStaff { get; } =
        Evolve(Evolve(null, Registered()), StaffAssigned(City.RiversideStaffId))!;

    protected static PublishProject Publish(
        string name = "Eldercare visits", string category = "eldercare", int coefficientPercent = 150, bool earnsTimeCredits = true,
        string place = "Riverside station", Actor? actor = null) =>
        new(City.Eldercare.Id, City.Riverside, name, category, coefficientPercent, earnsTimeCredits, place, actor ?? City.RiversideStaff);

    protected static ProjectPublished Published(int coefficientPercent = 150, bool earnsTimeCredits = true) =>
        new(City.Eldercare.Id, City.Riverside, "Eldercare visits", "eldercare", coefficientPercent, earnsTimeCredits, "Riverside station",
            City.RiversideStaffId, City.Now);
}
