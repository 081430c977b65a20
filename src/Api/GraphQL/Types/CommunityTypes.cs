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
    }
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
