using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.Communities;

/// <summary>The ledger's <see cref="RegisterCommunity"/>, decided on the community's stream.</summary>
public static class RegisterCommunityHandler
{
    public static async Task<Accepted> Handle(RegisterCommunity command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var community = await session.Events.FetchForWriting<Community>(command.CommunityId, cancellation);
        community.AppendOne(CommunityDecider.Decide(command, community.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CommunityId);
    }
}

public static class RegisterCommunityField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<RegisterCommunityInputType, RegisterCommunityInput, CommunityPayloadType, Community>(
            "registerCommunity", "A city admin registers a community. Refusals: `ALREADY_EXISTS`, `INVALID_INPUT` (a blank name, street or district), `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new RegisterCommunity(i.CommunityId ?? i.CommandId, i.Name, i.Street, i.District, actor)),
            CommunityPayloadType.LoadAsync);
}

public sealed class RegisterCommunityInput
{
    public Guid CommandId { get; init; }
    public Guid? CommunityId { get; init; }
    public string Name { get; init; } = string.Empty;
    public string Street { get; init; } = string.Empty;
    public string District { get; init; } = string.Empty;
}

public sealed class RegisterCommunityInputType : InputObjectGraphType<RegisterCommunityInput>
{
    public RegisterCommunityInputType()
    {
        Name = "RegisterCommunityInput";
        Description = "A new community: its name and where it belongs.";
        this.CommandIdField();
        Field<UuidIdGraphType>("communityId").Description("The new community's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The community's name; required, at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<StringGraphType>>("street").Description($"The street (街道) the community belongs to; required, at most {TextLimits.Name} characters.");
        Field<NonNullGraphType<StringGraphType>>("district").Description($"The district (区市); its policy applies. Required, at most {TextLimits.Name} characters.");
    }
}
