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

        RequireText(command.Name, "name");
        RequireText(command.Street, "street");
        RequireText(command.District, "district");
        return new CommunityRegistered(command.CommunityId, command.Name.Trim(), command.Street.Trim(), command.District.Trim(), command.Actor.PersonId, now);
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

        RequireText(command.Name, "name");
        RequireText(command.Category, "category");
        if (command.PointsCoefficientPercent is < 0 or > 10_000)
        {
            throw new LedgerRefusal(RefusalCodes.InvalidAmount, $"The points coefficient is in hundredths from 0 to 10000 (0 to 100×); got {command.PointsCoefficientPercent}.");
        }

        return new ProjectPublished(
            command.ProjectId, community.Id, command.Name.Trim(), command.Category.Trim(), command.PointsCoefficientPercent,
            command.EarnsTimeCredits, command.Place.Trim(), command.Actor.PersonId, now);
    }

    private static void RequireCityAdmin(Actor actor)
    {
        if (actor.Role != ActorRole.CityAdmin)
        {
            throw new LedgerRefusal(RefusalCodes.Forbidden, "Only a city administrator may do this.");
        }
    }

    private static void RequireText(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new LedgerRefusal(RefusalCodes.InvalidInput, $"The {what} is required.");
        }
    }
}
