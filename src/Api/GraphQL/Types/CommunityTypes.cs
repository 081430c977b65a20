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
        this.ImplementNode(GlobalId.Community, community => community.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community's UUID, as mutations and other fields take it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("street").Resolve(c => c.Source.Street);
        Field<NonNullGraphType<StringGraphType>>("district").Resolve(c => c.Source.District);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UuidIdGraphType>>>>("staffIds")
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
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("The community that publishes the project.")
            .Resolve(c => Navigation.Community(c, c.Source.CommunityId));
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("category").Resolve(c => c.Source.Category);
        Field<NonNullGraphType<IntGraphType>>("pointsCoefficientPercent").Resolve(c => c.Source.PointsCoefficientPercent);
        Field<NonNullGraphType<BooleanGraphType>>("earnsTimeCredits").Resolve(c => c.Source.EarnsTimeCredits);
        Field<NonNullGraphType<StringGraphType>>("place").Resolve(c => c.Source.Place);
    }
}
