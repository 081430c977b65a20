using GraphQL;
using GraphQL.Types;
using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.Communities;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Organizations;
using TimeBank.Ledger.Stations;

namespace TimeBank.Api.GraphQL;

/// <summary>A community's social organizations and service stations, for its staff and city admins.</summary>
public sealed partial class LedgerQuery
{
    private const string OrganizationCursor = "organization";

    partial void AddCommunityBodyQueries()
    {
        Field<NonNullGraphType<SocialOrganizationConnectionType>>("socialOrganizations")
            .Description("A community's social organizations (社区社会组织), active, suspended and dissolved, in a stable order (by organization UUID). "
                + "Staff of the community and city admins only; anyone else is refused (`FORBIDDEN`). "
                + $"`first` is 0 to {Paging.MaxPageSize} (default {Paging.DefaultPageSize}); anything else is `INVALID_INPUT`.")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community's UUID or global id.")
            .ForwardPaging()
            .ResolveAsync(ResolveSocialOrganizationsAsync);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceStationType>>>>("serviceStations")
            .Description("A community's volunteer service stations (志愿服务站) with their attested haves, in the order they were registered. "
                + "Staff of the community and city admins only; anyone else is refused (`FORBIDDEN`).")
            .Argument<NonNullGraphType<UuidIdGraphType>>("communityId", "The community's UUID or global id.")
            .ResolveAsync(async context =>
            {
                var communityId = RequireCommunityBodyReader(context);
                var stations = await context.Service<IQuerySession>().Query<ServiceStation>()
                    .Where(s => s.CommunityId == communityId).ToListAsync(context.CancellationToken);
                return stations.OrderBy(s => s.RegisteredAt).ThenBy(s => s.Id).ToList();
            });
    }

    private static async Task<object?> ResolveSocialOrganizationsAsync(IResolveFieldContext context)
    {
        var communityId = RequireCommunityBodyReader(context);
        var first = Paging.First(context);
        var after = Paging.AfterId(context, OrganizationCursor);
        var query = context.Service<IQuerySession>().Query<SocialOrganization>().Where(o => o.CommunityId == communityId);
        if (after is { } afterId)
        {
            query = query.Where(o => o.MatchesSql("d.id > ?", afterId));
        }

        var organizations = await query.OrderBy(o => o.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        return Paging.PageOf(organizations, first, o => Paging.IdCursor(OrganizationCursor, o.Id), hasPrevious: after is not null);
    }

    /// <summary>The community asked about, if the caller may list its social organizations and stations; otherwise <c>FORBIDDEN</c>.</summary>
    private static Guid RequireCommunityBodyReader(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var communityId = context.GetId("communityId");
        return ReadAccess.CanListCommunityBodies(actor, communityId)
            ? communityId
            : throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only staff of the community and city admins see its social organizations and service stations.");
    }
}
