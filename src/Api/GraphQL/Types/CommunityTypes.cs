using GraphQL;
using GraphQL.Types;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Relay;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.GraphQL.Types;

public sealed class CommunityType : ObjectGraphType<Community>
{
    public CommunityType()
    {
        Name = "Community";
        Description = "A community (社区) of the city: its staff record and verify service, publish projects and approve merchants.";
        this.ImplementNode(GlobalId.Community, community => community.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community's UUID, as mutations and other fields take it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("The community's name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("street").Description("The street (街道) it belongs to.").Resolve(c => c.Source.Street);
        Field<NonNullGraphType<StringGraphType>>("district").Description("The district (区市) it belongs to; its policy applies.").Resolve(c => c.Source.District);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>>("staffIds").Description("The person ids of its staff, in UUID order.")
            .Resolve(c => c.Source.Staff.OrderBy(id => id).ToList());
        Field<NonNullGraphType<ProjectConnectionType>>("projects")
            .Description("The community's published service projects, in a stable order (by project UUID). Every signed-in caller reads them "
                + $"(the matching board). `first` is 0 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize}); anything else is `INVALID_INPUT`.")
            .ForwardPaging()
            .ResolveAsync(CommunityLists.ResolveProjectsAsync);
        Field<NonNullGraphType<CommunityVolunteerConnectionType>>("volunteers")
            .Description("The volunteers whose home community this is, in a stable order (by volunteer UUID), each with their volunteer number and masked name "
                + "(never a phone or ID number). Staff of the community and city admins only; anyone else is refused (`FORBIDDEN`). "
                + $"`first` is 0 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize}); anything else is `INVALID_INPUT`.")
            .ForwardPaging()
            .ResolveAsync(CommunityLists.ResolveVolunteersAsync);
    }
}

public sealed class CommunityEdgeType : EdgeGraphType<CommunityType, Community>
{
    public CommunityEdgeType()
        : base("Community") => Description = "A community in a list of communities, with its cursor.";
}

public sealed class CommunityConnectionType : ConnectionGraphType<CommunityEdgeType, Community>
{
    public CommunityConnectionType()
        : base("Community") => Description = "A page of communities (Relay connection), in the order of their UUIDs.";
}

public sealed class ProjectEdgeType : EdgeGraphType<ProjectType, Project>
{
    public ProjectEdgeType()
        : base("Project") => Description = "A project in a community's list of projects, with its cursor.";
}

public sealed class ProjectConnectionType : ConnectionGraphType<ProjectEdgeType, Project>
{
    public ProjectConnectionType()
        : base("Project") => Description = "A page of a community's projects (Relay connection), in the order of their UUIDs.";
}

/// <summary>A volunteer as a community's list shows them: number and masked name, nothing else personal.</summary>
/// <param name="MaskedName">The name masked as phones and IDs are (<see cref="PersonalData.Masking"/>); null once erased.</param>
public sealed record CommunityVolunteer(Guid VolunteerId, string VolunteerNumber, string? MaskedName);

public sealed class CommunityVolunteerType : ObjectGraphType<CommunityVolunteer>
{
    public CommunityVolunteerType()
    {
        Name = "CommunityVolunteer";
        Description = "A volunteer in a community's list: volunteer number and masked name only. Their account (balances, full name) is `account`, "
            + "with the account's own visibility.";
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer's UUID, as `account(volunteerId:)` and mutations take it.")
            .Resolve(c => c.Source.VolunteerId);
        Field<NonNullGraphType<StringGraphType>>("volunteerNumber").Description("The volunteer number (志愿者编号) given at registration.")
            .Resolve(c => c.Source.VolunteerNumber);
        Field<StringGraphType>("maskedName")
            .Description("The family name, the rest hidden (张**), as on the boards and the certificate verification page. Null once the volunteer's personal information was erased.")
            .Resolve(c => c.Source.MaskedName);
        Field<NonNullGraphType<BooleanGraphType>>("erased").Description("True once the volunteer's personal information was erased.")
            .Resolve(c => c.Source.MaskedName is null);
        Field<VolunteerAccountType>("account").Description("The volunteer's account, if the caller may read it; otherwise null.")
            .Resolve(c => Navigation.Account(c, c.Source.VolunteerId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimeBank.Api.Slots.VolunteerSkillType>>>>("skills")
            .Description("The skills the volunteer declared, confirmed or not (ADR 0043: staff of the home community confirm them with `confirmSkill`).")
            .ResolveAsync(async c => (await c.Service<Marten.IQuerySession>().LoadAsync<TimeBank.Ledger.Slots.VolunteerSkills>(
                TimeBank.Ledger.Slots.VolunteerSkills.StreamIdOf(c.Source.VolunteerId), c.CancellationToken))?.Skills ?? []);
    }
}

public sealed class CommunityVolunteerEdgeType : EdgeGraphType<CommunityVolunteerType, CommunityVolunteer>
{
    public CommunityVolunteerEdgeType()
        : base("CommunityVolunteer") => Description = "A volunteer in a community's list of volunteers, with its cursor.";
}

public sealed class CommunityVolunteerConnectionType : ConnectionGraphType<CommunityVolunteerEdgeType, CommunityVolunteer>
{
    public CommunityVolunteerConnectionType()
        : base("CommunityVolunteer") => Description = "A page of a community's volunteers (Relay connection), masked, in the order of their UUIDs.";
}

public sealed class ProjectType : ObjectGraphType<Project>
{
    public ProjectType()
    {
        Name = "Project";
        Description = "A published service project (志愿项目).";
        this.ImplementNode(GlobalId.Project, project => project.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("projectId").Description("The project's UUID, as mutations take it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The UUID of the community that publishes it.").Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("The community that publishes the project.")
            .Resolve(c => Navigation.Community(c, c.Source.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("name").Description("The project's (activity's) name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("category").Description("The service category.").Resolve(c => c.Source.Category);
        Field<NonNullGraphType<IntGraphType>>("pointsCoefficientPercent").Description("The points coefficient in hundredths (100 = 1.0).")
            .Resolve(c => c.Source.PointsCoefficientPercent);
        Field<NonNullGraphType<BooleanGraphType>>("earnsTimeCredits").Description("Whether verified service in it earns time credits.").Resolve(c => c.Source.EarnsTimeCredits);
        Field<NonNullGraphType<StringGraphType>>("place").Description("Where the service is done.").Resolve(c => c.Source.Place);
    }
}
