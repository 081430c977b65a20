using TimeBank.Ledger.Actors;

namespace TimeBank.Ledger.Communities;

public sealed record RegisterCommunity(Guid CommunityId, string Name, string Street, string District, Actor Actor) : IActorCommand;

public sealed record AssignStaff(Guid CommunityId, Guid StaffId, Actor Actor) : IActorCommand;

public sealed record PublishProject(
    Guid ProjectId, Guid CommunityId, string Name, string Category, int PointsCoefficientPercent, bool EarnsTimeCredits, string Place, Actor Actor) : IActorCommand;

/// <summary>City admins register communities and their staff; staff publish their community's projects.</summary>
public static class CommunityDecider
{
    public static CommunityRegistered Decide(RegisterCommunity command, Community? state, DateTimeOffset now)
    {
        RequireCityAdmin(command.Actor);
        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Community {command.CommunityId} already exists.");
        }

        var name = RequireText(command.Name, "name", TextLimits.Name);
        var street = RequireText(command.Street, "street", TextLimits.Name);
        var district = RequireText(command.District, "district", TextLimits.Name);
        return new CommunityRegistered(command.CommunityId, name, street, district, command.Actor.PersonId, now);
    }

    public static StaffAssigned[] Decide(AssignStaff command, Community? state, DateTimeOffset now)
    {
        RequireCityAdmin(command.Actor);
        var community = state ?? throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {command.CommunityId} was not found.");
        return community.Staff.Contains(command.StaffId) ? [] : [new StaffAssigned(community.Id, command.StaffId, command.Actor.PersonId, now)];
    }

    public static ProjectPublished Decide(PublishProject command, Project? state, Community? community, DateTimeOffset now)
    {
        if (community is null)
        {
            throw new LedgerRefusal(RefusalCodes.NotFound, $"Community {command.CommunityId} was not found.");
        }

        if (!command.Actor.IsStaffOf(community.Id))
        {
            throw new LedgerRefusal(RefusalCodes.NotStaffOfCommunity, "Only staff of the community publish its projects.");
        }

        if (state is not null)
        {
            throw new LedgerRefusal(RefusalCodes.AlreadyExists, $"Project {command.ProjectId} already exists.");
        }

        var name = RequireText(command.Name, "name", TextLimits.Name);
        var category = RequireText(command.Category, "category", TextLimits.Name);
        var place = RequireText(command.Place, "place", TextLimits.Place);
        if (command.PointsCoefficientPercent is < 0 or > 10_000)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"The points coefficient is in hundredths from 0 to 10000 (0 to 100×); got {command.PointsCoefficientPercent}.");
        }

        return new ProjectPublished(
            command.ProjectId, community.Id, name, category, command.PointsCoefficientPercent,
            command.EarnsTimeCredits, place, command.Actor.PersonId, now);
    }

    private static void RequireCityAdmin(Actor actor)
    {
        if (actor.Role != ActorRole.CityAdmin)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Only a city administrator may do this.");
        }
    }

    private static string RequireText(string value, string what, int limit) =>
        TextLimits.Required(value, what, limit, RefusalCodes.InvalidInput, $"The {what} is required.");
}
