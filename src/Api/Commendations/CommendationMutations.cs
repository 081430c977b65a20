using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.Commendations;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.GraphQL;

/// <summary>Commendations (嘉许): granted and withdrawn by staff of a community or a city admin.</summary>
public sealed partial class LedgerMutation
{
    partial void AddCommendationMutations()
    {
        Mutation<GrantCommendationInputType, GrantCommendationInput, CommendationPayloadType, Commendation>(
            "grantCommendation", "Staff of a community (or a city admin) grant a volunteer a commendation (嘉许), an official act recorded on the ledger; "
                + "a city admin may leave out the community to grant in the city's name. Refusals: `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, "
                + "`VOLUNTEER_NOT_FOUND`, `FORBIDDEN` (commending oneself), `INVALID_INPUT` (a blank title or granting body, an award day after today "
                + "in China time), `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new GrantCommendation(
                i.CommendationId ?? i.CommandId, i.VolunteerId, i.CommunityId, i.Title, i.Reason, i.AwardedOn, i.GrantingBody, actor)),
            LoadCommendationAsync);

        Mutation<WithdrawCommendationInputType, WithdrawCommendationInput, CommendationPayloadType, Commendation>(
            "withdrawCommendation", "Whoever may grant a commendation (staff of the granting community, a city admin) withdraws it, with a reason; "
                + "it stays in the volunteer's account, marked withdrawn. Refusals: `NOT_FOUND` (also when the caller may not see it), "
                + "`NOT_STAFF_OF_COMMUNITY`, `ALREADY_REVOKED` (already withdrawn), `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new WithdrawCommendation(i.CommendationId, i.Reason, actor)),
            LoadCommendationAsync);
    }

    private static async Task<Commendation?> LoadCommendationAsync(IQuerySession session, Actor actor, CommandOutcome outcome, CancellationToken cancellation) =>
        await LoadAsync<Commendation>(session, outcome, cancellation) is { } commendation && ReadAccess.CanReadCommendation(actor, commendation, null)
            ? commendation
            : null;
}

public sealed class GrantCommendationInput
{
    public Guid CommandId { get; init; }
    public Guid? CommendationId { get; init; }
    public Guid VolunteerId { get; init; }
    public Guid? CommunityId { get; init; }
    public string Title { get; init; } = string.Empty;
    public string Reason { get; init; } = string.Empty;
    public DateOnly AwardedOn { get; init; }
    public string GrantingBody { get; init; } = string.Empty;
}

public sealed class GrantCommendationInputType : InputObjectGraphType<GrantCommendationInput>
{
    public GrantCommendationInputType()
    {
        Name = "GrantCommendationInput";
        Description = "A commendation (嘉许) to grant: to whom, in whose name, what, why, when and by which body.";
        this.CommandIdField();
        Field<UuidIdGraphType>("commendationId").Description("The new commendation's UUID; defaults to the command id. `ALREADY_EXISTS` if taken.");
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The volunteer commended (UUID or the account's global id); `VOLUNTEER_NOT_FOUND` if there is none.");
        Field<UuidIdGraphType>("communityId").Description("The community in whose name it is granted; the caller must be its staff or a city admin "
            + "(`NOT_STAFF_OF_COMMUNITY`). Left out: granted in the city's name, by a city admin only.");
        Field<NonNullGraphType<StringGraphType>>("title").Description($"The honour, e.g. \"优秀志愿者\"; required (`INVALID_INPUT`), at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"What the volunteer is commended for; required (`REASON_REQUIRED`), at most {TextLimits.Reason} characters (`TEXT_TOO_LONG`).");
        Field<NonNullGraphType<DateOnlyGraphType>>("awardedOn").Description("The day it was awarded, as YYYY-MM-DD; not after today in China time (`INVALID_INPUT`).");
        Field<NonNullGraphType<StringGraphType>>("grantingBody").Description($"The body that grants it, as it is to be shown; required (`INVALID_INPUT`), at most {TextLimits.Name} characters (`TEXT_TOO_LONG`).");
    }
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

public sealed class CommendationPayloadType()
    : PayloadGraphType<CommendationType, Commendation>("CommendationPayload", "commendation", "The commendation as it stands now, if the caller may read it.",
        "What grantCommendation and withdrawCommendation answer.");
