using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.Gifts;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Gifts;

namespace TimeBank.Api.GraphQL;

/// <summary>The time bank's gifts: a member's relatives and a community's pool (ADR 0045).</summary>
public sealed partial class LedgerQuery
{
    partial void AddGiftQueries()
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RelativeType>>>>("myRelatives")
            .Description("The signed-in volunteer's relatives, on either side of the relation, pending, confirmed and ended, the latest recorded first; names masked. "
                + "Anyone but a volunteer: `FORBIDDEN`.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                if (actor.Role != ActorRole.Volunteer)
                {
                    throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only a volunteer has relatives here: staff use `relatives(volunteerId:)`.");
                }

                return await RelativesOfAsync(context, actor.PersonId);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RelativeType>>>>("relatives")
            .Description("A member's relatives, as `myRelatives`; readable where the member's account is (the member, staff of their home community, city admins).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("volunteerId", "The member's volunteer id (or the account's global id).")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var volunteerId = context.GetId("volunteerId");
                await LoadReadableAccountAsync(context, actor, context.Service<IQuerySession>(), volunteerId);
                return await RelativesOfAsync(context, volunteerId);
            });

        Field<CommunityPoolType>("communityPool")
            .Description("A community's pool of time credits. Everyone signed in sees its balance; its donations, grants and their reasons only staff of the "
                + "community, city admins and the admins of its district (for others those fields are null). `NOT_FOUND` for no such community.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community's UUID or global id.")
            .ResolveAsync(async context =>
            {
                var actor = context.RequireActor();
                var communityId = context.GetId("communityId");
                var session = context.Service<IQuerySession>();
                var community = await session.LoadAsync<Community>(communityId, context.CancellationToken) ?? throw SchemaErrors.NotFound("Community", communityId);
                var pool = await session.LoadAsync<CommunityPool>(CommunityPool.StreamIdOf(communityId), context.CancellationToken) ?? CommunityPool.Empty(communityId);
                return new PoolView(pool, GiftVisibility.MayReadPoolMovements(actor, community));
            });
    }

    private static async Task<IReadOnlyList<Relative>> RelativesOfAsync(IResolveFieldContext context, Guid volunteerId)
    {
        var session = context.Service<IQuerySession>();
        var relations = await session.Query<Relation>()
            .Where(r => r.MemberId == volunteerId || r.RelativeId == volunteerId)
            .OrderByDescending(r => r.RecordedAt)
            .ToListAsync(context.CancellationToken);
        var others = relations.Select(r => r.OtherOf(volunteerId)).Distinct().ToArray();
        var profiles = others.Length == 0 ? [] : await session.LoadManyAsync<VolunteerProfile>(context.CancellationToken, others);
        var names = await context.Service<PersonalDataVault>().ReadNamesAsync(session, profiles, context.CancellationToken);
        var accounts = others.Length == 0 ? [] : await session.LoadManyAsync<VolunteerAccount>(context.CancellationToken, others);
        var numbers = accounts.ToDictionary(a => a.Id);
        return [.. relations.Select(r =>
        {
            var other = r.OtherOf(volunteerId);
            var account = numbers.GetValueOrDefault(other);
            var erased = account?.PersonalDataErasedAt is not null;
            return new Relative(r, volunteerId, account?.VolunteerNumber, !erased && names.TryGetValue(other, out var name) ? Masking.Name(name) : null);
        })];
    }
}
