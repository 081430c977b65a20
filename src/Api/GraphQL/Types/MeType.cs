using GraphQL;
using GraphQL.Types;
using Marten;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.GraphQL.Types;

/// <summary>The caller, as their token names them: <c>me</c>.</summary>
public sealed record Me(Actor Actor);

/// <summary>
/// Who the caller is and where to start: their role, their own account (a volunteer), their communities and merchant.
/// Nothing here is more than the caller already reads elsewhere: every part goes through <see cref="ReadAccess"/>.
/// </summary>
public sealed class MeType : ObjectGraphType<Me>
{
    public MeType()
    {
        Name = "Me";
        Description = "The signed-in caller, as their bearer token names them, with what they start from: a volunteer's own account, "
            + "the communities staff serve, a cashier's merchant. Shows nothing the caller cannot read elsewhere.";
        Field<NonNullGraphType<UuidIdGraphType>>("personId")
            .Description("The caller's UUID (the token's `sub`): a volunteer's `volunteerId`, a staff member's `staffId`.")
            .Resolve(c => c.Source.Actor.PersonId);
        Field<NonNullGraphType<RoleType>>("role").Description("The token's `role`.").Resolve(c => c.Source.Actor.Role);
        Field<VolunteerAccountType>("account")
            .Description("A volunteer's own account; null for other roles, or while no account is registered under the token's `sub`.")
            .Resolve(c => c.Source.Actor.Role == ActorRole.Volunteer ? Navigation.Account(c, c.Source.Actor.PersonId) : null);
        Field<PersonType>("person")
            .Description("A volunteer's own name, masked phone and masked ID, exactly as `account.person` shows them; null for other roles "
                + "(their personal information is not kept here) or while no account is registered.")
            .ResolveAsync(ResolvePersonAsync);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommunityType>>>>("communities")
            .Description("The communities the caller acts in: the ones staff serve (the token's `community` claims), a volunteer's home community, "
                + "a cashier's merchant's community. Empty for a city admin, who lists every community with `communities`. "
                + "A community named in a token that does not exist is left out.")
            .ResolveAsync(ResolveCommunitiesAsync);
        Field<MerchantType>("merchant")
            .Description("The merchant a cashier's till acts for (the token's `merchant` claim); null for other roles or when it does not exist.")
            .Resolve(c => c.Source.Actor is { Role: ActorRole.Merchant, MerchantId: { } merchantId } ? Navigation.Merchant(c, merchantId) : null);
    }

    private static async Task<object?> ResolvePersonAsync(IResolveFieldContext<Me> context)
    {
        var account = await OwnAccountAsync(context);
        return account is null ? null : await PersonType.ReadAsync(context, account);
    }

    private static async Task<object?> ResolveCommunitiesAsync(IResolveFieldContext<Me> context)
    {
        var actor = context.Source.Actor;
        var session = context.Service<IQuerySession>();
        Guid[] ids = actor.Role switch
        {
            ActorRole.Staff => [.. actor.Communities],
            ActorRole.Volunteer => await OwnAccountAsync(context) is { } account ? [account.HomeCommunityId] : [],
            ActorRole.Merchant when actor.MerchantId is { } merchantId =>
                await session.LoadAsync<Merchant>(merchantId, context.CancellationToken) is { } merchant && ReadAccess.CanReadMerchant(actor, merchant)
                    ? [merchant.CommunityId]
                    : [],
            _ => [],
        };
        if (ids.Length == 0 || !ReadAccess.CanReadBoard(actor))
        {
            return Array.Empty<Community>();
        }

        var communities = await session.LoadManyAsync<Community>(context.CancellationToken, ids);
        return communities.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).ToList();
    }

    /// <summary>A volunteer's own account, through the account's own read rule.</summary>
    private static async Task<VolunteerAccount?> OwnAccountAsync(IResolveFieldContext<Me> context)
    {
        var actor = context.Source.Actor;
        if (actor.Role != ActorRole.Volunteer)
        {
            return null;
        }

        var account = await context.Service<LedgerLoaders>().Accounts.Load(actor.PersonId).GetResultAsync(context.CancellationToken);
        return account is not null && ReadAccess.CanReadAccount(actor, account) ? account : null;
    }
}

public sealed class RoleType : EnumerationGraphType
{
    public RoleType()
    {
        Name = "Role";
        Description = "What a bearer token's `role` claim lets its holder do.";
        // The service's own role for scheduled jobs is never taken from a token: not a value here.
        Add("VOLUNTEER", ActorRole.Volunteer, "A volunteer (token role `volunteer`): reads their own account, history and records; asks for redemption codes.");
        Add("STAFF", ActorRole.Staff, "Community staff (token role `staff`): records, verifies and revokes service, registers volunteers and merchants, "
            + "in the communities their token names.");
        Add("MERCHANT", ActorRole.Merchant, "A merchant's cashier (token role `merchant`): holds, completes, voids and refunds redemptions at its merchant's till; "
            + "reads its merchant's statements.");
        Add("CITY_ADMIN", ActorRole.CityAdmin, "A city administrator (token role `city_admin`): reads everything, registers communities and assigns staff.");
        Add("DISTRICT_ADMIN", ActorRole.DistrictAdmin, "A district administrator (token role `district_admin`, with the district in its `district` claim): "
            + "reads the KPIs and boards of the district and of every street and community in it.");
    }
}
