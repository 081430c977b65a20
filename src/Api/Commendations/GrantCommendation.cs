using GraphQL.Types;
using Marten;
using TimeBank.Api.Commands;
using TimeBank.Api.GraphQL;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

/// <summary>
/// Staff of a community (or a city admin, also in the city's name) commend a volunteer (嘉许). The ledger's
/// <see cref="GrantCommendation"/>: one round trip reads the volunteer's account and the commendation's stream.
/// </summary>
public static class GrantCommendationHandler
{
    public static async Task<Accepted> Handle(GrantCommendation command, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var volunteerLoad = batch.Load<VolunteerAccount>(command.VolunteerId);
        var commendationFetch = batch.Events.FetchForWriting<Commendation>(command.CommendationId);
        await batch.Execute(cancellation);
        var commendation = await commendationFetch;
        commendation.AppendOne(CommendationDecider.Grant(command, commendation.Aggregate, await volunteerLoad, clock.GetUtcNow()));
        return new Accepted(command.CommendationId);
    }
}

public static class GrantCommendationField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Mutation<GrantCommendationInputType, GrantCommendationInput, CommendationPayloadType, Commendation>(
            "grantCommendation", "Staff of a community (or a city admin) grant a volunteer a commendation (嘉许), an official act recorded on the ledger; "
                + "a city admin may leave out the community to grant in the city's name. Refusals: `NOT_STAFF_OF_COMMUNITY`, `ALREADY_EXISTS`, "
                + "`VOLUNTEER_NOT_FOUND`, `FORBIDDEN` (commending oneself), `INVALID_INPUT` (a blank title or granting body, an award day after today "
                + "in China time), `REASON_REQUIRED`, `TEXT_TOO_LONG`.",
            (actor, i) => Idempotent.Of(i.CommandId, new GrantCommendation(
                i.CommendationId ?? i.CommandId, i.VolunteerId, i.CommunityId, i.Title, i.Reason, i.AwardedOn, i.GrantingBody, actor)),
            CommendationPayloadType.LoadAsync);
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
