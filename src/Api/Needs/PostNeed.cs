using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.Infrastructure;
using TimeBank.Ledger;
using TimeBank.Ledger.Needs;
using Wolverine;

namespace TimeBank.Api.Needs;

/// <summary>The ledger's <see cref="PostNeed"/>: the need and its escrow on the resident's account, and its expiry scheduled, in one transaction.</summary>
public static class PostNeedHandler
{
    public static Task<Accepted> Handle(PostNeed command, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        NeedDecisions.DecideAsync(session, policies, bus, command, clock.GetUtcNow(), cancellation);
}

public static class PostNeedField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<PostNeedInputType, PostNeedInput, NeedPayloadType, PostNeed, NeedView>(
            "postNeed", "A resident posts a need in any community of the city; its minutes are held in escrow on their account until it ends. "
                + "Staff of that community may post it for a resident without a phone. Refusals: `FORBIDDEN`, `NOT_FOUND` (community), "
                + "`VOLUNTEER_NOT_FOUND` (resident), `INSUFFICIENT_TIME_CREDITS`, `INVALID_AMOUNT`, `INVALID_INPUT` (blank text, a time in the past, too many skills), "
                + "`TEXT_TOO_LONG`, `ALREADY_EXISTS`.",
            (actor, i) => Idempotent.Of(i.CommandId, new PostNeed(i.NeedId ?? i.CommandId, i.ResidentId ?? actor.PersonId, i.CommunityId, i.What, i.Place,
                i.StartsAt, Amounts.MinutesIn(i.Minutes, "minutes"), i.Skills ?? [], actor)),
            (session, actor, command, token) => NeedReads.ViewAsync(session, actor, command.NeedId, token));
}

public sealed class PostNeedInput
{
    public Guid CommandId { get; init; }
    public Guid? NeedId { get; init; }
    public Guid? ResidentId { get; init; }
    public Guid CommunityId { get; init; }
    public string What { get; init; } = string.Empty;
    public string Place { get; init; } = string.Empty;
    public DateTimeOffset StartsAt { get; init; }
    public int Minutes { get; init; }
    public IReadOnlyList<string>? Skills { get; init; }
}

public sealed class PostNeedInputType : InputObjectGraphType<PostNeedInput>
{
    public PostNeedInputType()
    {
        Name = "PostNeedInput";
        Description = "A resident's new need.";
        this.CommandIdField();
        Field<UuidIdGraphType>("needId").Description("The new need's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<UuidIdGraphType>("residentId").Description("The resident it is for; defaults to the caller. Staff posting for a resident name them here.");
        Field<NonNullGraphType<UuidIdGraphType>>("communityId").Description("The community it is posted in: any community of the city.");
        Field<NonNullGraphType<StringGraphType>>("what").Description($"What is needed; required, at most {TextLimits.Reason} characters.");
        Field<NonNullGraphType<StringGraphType>>("place").Description($"Where; required, at most {TextLimits.Place} characters.");
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("startsAt").Description("When the service starts (any offset); it must end after now.");
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("How long, in minutes (1 to the longest record, 720 by default): the time credits held in escrow.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("skills")
            .Description($"Skills wanted, at most {NeedDecider.MaxSkills}, each at most {TextLimits.Name} characters; repeats are dropped.");
    }
}
