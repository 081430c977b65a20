using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

/// <summary>The ledger's <see cref="PublishProject"/>: the community and the project's stream are read in one round trip.</summary>
public static class PublishProjectHandler
{
    public static async Task<Accepted> Handle(PublishProject command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var communityLoad = batch.Load<Community>(command.CommunityId);
        var projectFetch = batch.Events.FetchForWriting<Project>(command.ProjectId);
        await batch.Execute(cancellation);
        var project = await projectFetch;
        project.AppendOne(CommunityDecider.Decide(command, project.Aggregate, await communityLoad, clock.GetUtcNow()));
        return new Accepted(command.ProjectId);
    }
}

public static class PublishProjectField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<PublishProjectInputType, PublishProjectInput, ProjectPayloadType, Project>(
            "publishProject", "Staff publish a service project of their community. Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, `INVALID_INPUT` (blank text), `INVALID_AMOUNT`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new PublishProject(i.ProjectId ?? i.CommandId, i.CommunityId, i.Name, i.Category,
                i.PointsCoefficientPercent, i.EarnsTimeCredits, i.Place, actor)),
            (session, _, outcome, token) => MutationFields.LoadStreamAsync<Project>(session, outcome, token));
}

public sealed class PublishProjectInput
{
    public Guid CommandId { get; init; }
    public Guid? ProjectId { get; init; }
    public Guid CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
    public string Category { get; init; } = string.Empty;
    public int PointsCoefficientPercent { get; init; } = 100;
    public bool EarnsTimeCredits { get; init; } = true;
    public string Place { get; init; } = string.Empty;
}

public sealed class PublishProjectInputType : InputObjectGraphType<PublishProjectInput>
{
    public PublishProjectInputType()
    {
        Name = "PublishProjectInput";
        Description = "A new service project of a community.";
        this.CommandIdField();
        Field<UuidIdGraphType>("projectId").Description("The new project's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community publishing it; the caller must be its staff (`NOT_STAFF_OF_COMMUNITY`).");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The project's (activity's) name; required, at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<StringGraphType>>("category").Description($"The service category, e.g. \"elder care\"; required, at most {TextLimits.Name} characters.");
        Field<NonNullGraphType<IntGraphType>>("pointsCoefficientPercent")
            .Description("The points coefficient in hundredths: 100 = 1.0 (10 points per verified hour by default), 0 to 10000 (`INVALID_AMOUNT`).").DefaultValue(100);
        Field<NonNullGraphType<BooleanGraphType>>("earnsTimeCredits").Description("Whether verified service in it earns time credits (minute for minute).").DefaultValue(true);
        Field<NonNullGraphType<StringGraphType>>("place").Description($"Where the service is done; required, at most {TextLimits.Place} characters.");
    }
}

public sealed class ProjectPayloadType()
    : PayloadGraphType<ProjectType, Project>("ProjectPayload", "project", "The project as it stands now.",
        "What publishProject answers.");
