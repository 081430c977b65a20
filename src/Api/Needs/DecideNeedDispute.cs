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

/// <summary>The ledger's <see cref="DecideNeedDispute"/>, through <see cref="NeedDecisions"/>.</summary>
public static class DecideNeedDisputeHandler
{
    public static Task<Accepted> Handle(DecideNeedDispute command, IDocumentSession session, PolicyBook policies, IMessageBus bus, TimeProvider clock, CancellationToken cancellation) =>
        NeedDecisions.DecideAsync(session, policies, bus, command, clock.GetUtcNow(), cancellation);
}

public static class DecideNeedDisputeField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<DecideNeedDisputeInputType, DecideNeedDisputeInput, NeedPayloadType, DecideNeedDispute, NeedView>(
            "decideNeedDispute", "Staff of the need's community decide its dispute: pay the volunteer (`toVolunteerMinutes` = the need's minutes), "
                + "release to the resident (`toResidentMinutes` = the need's minutes) or split (whole minutes that add up to the escrow). "
                + "Refusals: `NOT_FOUND`, `NOT_STAFF_OF_COMMUNITY`, `FORBIDDEN` (a party to the need), `NEED_NOT_DISPUTED`, `NEED_ENDED`, "
                + "`SPLIT_DOES_NOT_ADD_UP`, `INVALID_AMOUNT`, `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new DecideNeedDispute(
                i.NeedId, Amounts.MinutesIn(i.ToVolunteerMinutes, "toVolunteerMinutes"), Amounts.MinutesIn(i.ToResidentMinutes, "toResidentMinutes"), i.Reason, actor)),
            (session, actor, command, token) => NeedReads.ViewAsync(session, actor, command.NeedId, token));
}

public sealed class DecideNeedDisputeInput
{
    public Guid CommandId { get; init; }
    public Guid NeedId { get; init; }
    public int ToVolunteerMinutes { get; init; }
    public int ToResidentMinutes { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class DecideNeedDisputeInputType : InputObjectGraphType<DecideNeedDisputeInput>
{
    public DecideNeedDisputeInputType()
    {
        Name = "DecideNeedDisputeInput";
        Description = "How staff split a disputed need's escrow, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("needId").Description("The disputed need's UUID. `NOT_FOUND` if there is none.");
        Field<NonNullGraphType<IntGraphType>>("toVolunteerMinutes").Description("Minutes paid to the volunteer; 0 or more.");
        Field<NonNullGraphType<IntGraphType>>("toResidentMinutes").Description("Minutes back to the resident; 0 or more. The two add up to the need's minutes.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why; required, at most {TextLimits.Reason} characters.");
    }
}
