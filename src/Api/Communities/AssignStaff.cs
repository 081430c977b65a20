using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

/// <summary>The ledger's <see cref="AssignStaff"/>, decided on the community's stream.</summary>
public static class AssignStaffHandler
{
    public static async Task<Accepted> Handle(AssignStaff command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var community = await session.Events.FetchForWriting<Community>(command.CommunityId, cancellation);
        community.AppendMany(CommunityDecider.Decide(command, community.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CommunityId);
    }
}

public static class AssignStaffField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<AssignStaffInputType, AssignStaffInput, CommunityPayloadType, Community>(
            "assignStaff", "A city admin assigns a staff member to a community. Refusals: `NOT_FOUND`.",
            (actor, i) => Idempotent.Of(i.CommandId, new AssignStaff(i.CommunityId, i.StaffId, actor)),
            CommunityPayloadType.LoadAsync);
}

public sealed class AssignStaffInput
{
    public Guid CommandId { get; init; }
    public Guid CommunityId { get; init; }
    public Guid StaffId { get; init; }
}

public sealed class AssignStaffInputType : InputObjectGraphType<AssignStaffInput>
{
    public AssignStaffInputType()
    {
        Name = "AssignStaffInput";
        Description = "A staff member for a community.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community's UUID (or global id); `NOT_FOUND` if it does not exist.");
        Field<NonNullGraphType<UuidIdGraphType>>("staffId").Description("The staff member's person id (the subject they sign in as). Assigning them again changes nothing.");
    }
}
