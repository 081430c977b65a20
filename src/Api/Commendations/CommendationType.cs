using GraphQL.Types;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger.Commendations;

namespace TimeBank.Api.Commendations;

/// <summary>A commendation (嘉许) as the schema shows it: granted, and perhaps withdrawn.</summary>
public sealed class CommendationType : ObjectGraphType<Commendation>
{
    public CommendationType()
    {
        Name = "Commendation";
        Description = "A commendation (嘉许): an official honour granted to a volunteer by staff of a community or a city admin, "
            + "recorded on the ledger. A withdrawn commendation stays in the volunteer's account, marked withdrawn with the reason.";
        Field<NonNullGraphType<UuidIdGraphType>>("commendationId").Description("The commendation's UUID, as `withdrawCommendation` takes it.")
            .Resolve(c => c.Source.Id);
        Field<NonNullGraphType<UuidIdGraphType>>("volunteerId").Description("The UUID of the volunteer commended.").Resolve(c => c.Source.VolunteerId);
        Field<VolunteerAccountType>("volunteer").Description("The volunteer's account, if the caller may read it.")
            .Resolve(c => Navigation.Account(c, c.Source.VolunteerId));
        Field<UuidIdGraphType>("communityId").Description("The UUID of the community whose staff granted it; null when a city admin granted it in the city's name.")
            .Resolve(c => c.Source.CommunityId);
        Field<CommunityType>("community").Description("The community whose staff granted it; null when granted in the city's name.")
            .Resolve(c => c.Source.CommunityId is { } community ? Navigation.Community(c, community) : null);
        Field<NonNullGraphType<StringGraphType>>("title").Description("The honour, e.g. \"优秀志愿者\" (outstanding volunteer).").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<StringGraphType>>("reason").Description("What the volunteer is commended for.").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<DateOnlyGraphType>>("awardedOn").Description("The day it was awarded (a day in China time).").Resolve(c => c.Source.AwardedOn);
        Field<NonNullGraphType<StringGraphType>>("grantingBody").Description("The body that grants it, as it is to be shown, e.g. \"八大关街道办事处\".")
            .Resolve(c => c.Source.GrantingBody);
        Field<NonNullGraphType<UuidIdGraphType>>("grantedBy").Description("The staff member or city admin who recorded the grant.").Resolve(c => c.Source.GrantedBy);
        Field<NonNullGraphType<UtcDateTimeOffsetGraphType>>("grantedAt").Description("When the grant was recorded.").Resolve(c => c.Source.GrantedAt);
        Field<NonNullGraphType<BooleanGraphType>>("withdrawn").Description("True once it was withdrawn.").Resolve(c => c.Source.IsWithdrawn);
        Field<StringGraphType>("withdrawalReason").Description("Why it was withdrawn; null while it stands.").Resolve(c => c.Source.Withdrawal?.Reason);
        Field<UuidIdGraphType>("withdrawnBy").Description("Who withdrew it; null while it stands.").Resolve(c => c.Source.Withdrawal?.WithdrawnBy);
        Field<UtcDateTimeOffsetGraphType>("withdrawnAt").Description("When it was withdrawn; null while it stands.").Resolve(c => c.Source.Withdrawal?.WithdrawnAt);
    }
}
