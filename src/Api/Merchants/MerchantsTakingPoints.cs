using GraphQL;
using GraphQL.Types;
using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Merchants;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// Where points can be spent (issue 19: the volunteer sees "the merchants where points can be spent"): the approved
/// merchants of the whole city, since an account works in every community (通存通兑), the caller's own communities
/// first. Only what a shop shows on its door: its name and community (docs/adr/0042-where-points-can-be-spent.md).
/// </summary>
public sealed partial class LedgerQuery
{
    private const string TakingPointsCursor = "takingPoints";

    partial void AddMerchantsTakingPointsQuery()
    {
        Field<NonNullGraphType<MerchantTakingPointsConnectionType>>("merchantsTakingPoints")
            .Description("Where points can be spent: the approved merchants of the city (an account works in every community, 通存通兑), "
                + "the caller's own communities first (a volunteer's home community, the communities staff serve, a cashier's merchant's), "
                + "then every other, each group in the order the merchants were registered. Pending and suspended merchants are not listed. "
                + "Only the merchant's name and community, for anyone signed in; the merchant itself (`merchant`) stays readable only by its "
                + "cashiers, its community's staff and city admins. "
                + $"`first` is 0 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize}); anything else is `INVALID_INPUT`.")
            .Argument<UuidIdGraphType>("communityId", "Only this community's merchants (its UUID or global id); absent: the whole city.")
            .ForwardPaging()
            .ResolveAsync(ResolveMerchantsTakingPointsAsync);
    }

    private static async Task<object?> ResolveMerchantsTakingPointsAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        if (!ReadAccess.CanReadMerchantsTakingPoints(actor))
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden, "Sign in as a volunteer, staff, a cashier or a city admin to see where points can be spent.");
        }

        Guid? only = context.GetArgument<object?>("communityId") is null ? null : context.GetId("communityId");
        var first = Paging.First(context);
        var after = TakingPointsPosition.Parse(Paging.After(context, TakingPointsCursor));
        var session = context.Service<IQuerySession>();
        var own = await OwnCommunitiesAsync(actor, session, context.CancellationToken);

        // Two groups, each keyset-paged on the merchant id: the caller's own communities (0), then every other (1).
        var page = new List<TakingPointsPosition>();
        for (var group = after?.Group ?? 0; group <= 1 && page.Count <= first; group++)
        {
            var query = session.Query<Merchant>().Where(m => m.Status == MerchantStatus.Approved);
            if (only is { } communityId)
            {
                if (own.Contains(communityId) != (group == 0))
                {
                    continue;
                }

                query = query.Where(m => m.CommunityId == communityId);
            }
            else if (own.Length > 0)
            {
                query = group == 0 ? query.Where(m => own.Contains(m.CommunityId)) : query.Where(m => !own.Contains(m.CommunityId));
            }
            else if (group == 0)
            {
                continue;
            }

            if (after is { } cursor && cursor.Group == group)
            {
                query = query.Where(m => m.MatchesSql("d.id > ?", cursor.Id));
            }

            var merchants = await query.OrderBy(m => m.Id).Take(first + 1 - page.Count).ToListAsync(context.CancellationToken);
            page.AddRange(merchants.Select(m => new TakingPointsPosition(group, m.Id, m)));
        }

        var result = Paging.PageOf(page, first, p => Paging.Cursor(TakingPointsCursor, p.ToString()), hasPrevious: after is not null);
        return new Page<Merchant>([.. result.Edges.Select(e => new Edge<Merchant>(e.Cursor, e.Node.Merchant!))], result.PageInfo);
    }

    /// <summary>The communities a caller calls their own: a volunteer's home, the ones staff serve, a cashier's merchant's.</summary>
    private static async Task<Guid[]> OwnCommunitiesAsync(Actor actor, IQuerySession session, CancellationToken cancellation) => actor.Role switch
    {
        ActorRole.Volunteer => await session.LoadAsync<VolunteerAccount>(actor.PersonId, cancellation) is { } account ? [account.HomeCommunityId] : [],
        ActorRole.Staff => [.. actor.Communities],
        ActorRole.Merchant when actor.MerchantId is { } merchantId =>
            await session.LoadAsync<Merchant>(merchantId, cancellation) is { } merchant ? [merchant.CommunityId] : [],
        _ => [],
    };

    private sealed record TakingPointsPosition(int Group, Guid Id, Merchant? Merchant = null)
    {
        public override string ToString() => Group.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + Id.ToString("N");

        public static TakingPointsPosition? Parse(string? text)
        {
            if (text is null)
            {
                return null;
            }

            var parts = text.Split('/');
            return parts.Length == 2 && parts[0] is "0" or "1" && Guid.TryParseExact(parts[1], "N", out var id)
                ? new TakingPointsPosition(parts[0] == "0" ? 0 : 1, id)
                : throw SchemaErrors.InvalidInput("'after' is not a cursor of this connection.");
        }
    }
}
