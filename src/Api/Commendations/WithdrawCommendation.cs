using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

/// <summary>
/// Whoever may grant a commendation withdraws it, with a reason; it stays in the volunteer's account, marked withdrawn.
/// The ledger's <see cref="WithdrawCommendation"/>, decided on the commendation's stream.
/// </summary>
public static class WithdrawCommendationHandler
{
    public static async Task<Accepted> Handle(WithdrawCommendation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var commendation = await session.Events.FetchForWriting<Commendation>(command.CommendationId, cancellation);
        commendation.AppendMany(CommendationDecider.Decide(command, commendation.Aggregate, clock.GetUtcNow()));
        return new Accepted(command.CommendationId);
    }
}

public static class WithdrawCommendationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<WithdrawCommendationInputType, WithdrawCommendationInput, CommendationPayloadType, Commendation>(
            "withdrawCommendation", "Whoever may grant a commendation (staff of the granting community, a city admin) withdraws it, with a reason; "
                + "it stays in the volunteer's account, marked withdrawn. Refusals: `NOT_FOUND` (also when the caller may not see it), "
                + "`NOT_STAFF_OF_COMMUNITY`, `ALREADY_REVOKED` (already withdrawn), `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new WithdrawCommendation(i.CommendationId, i.Reason, actor)),
            CommendationPayloadType.LoadAsync);
}

public sealed class WithdrawCommendationInput
{
    public Guid CommandId { get; init; }
    public Guid CommendationId { get; init; }
    public string Reason { get; init; } = string.Empty;
}

public sealed class WithdrawCommendationInputType : InputObjectGraphType<WithdrawCommendationInput>
{
    public WithdrawCommendationInputType()
    {
        Name = "WithdrawCommendationInput";
        Description = "A commendation to withdraw, and why.";
        this.CommandIdField();
        Field<NonNullGraphType<UuidIdGraphType>>("commendationId").Description("The commendation's UUID; `NOT_FOUND` if the caller may not see it.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why it is withdrawn; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
    }
}
