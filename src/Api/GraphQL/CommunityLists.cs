using GraphQL;
using Marten;
using Marten.Linq.MatchesSql;
using TimeBank.Api.GraphQL.Loading;
using TimeBank.Api.GraphQL.Types;
using TimeBank.Api.PersonalData;
using TimeBank.Ledger;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.GraphQL;

/// <summary>
/// The lists staff and admins start from: the communities, a community's projects and its volunteers (masked). Who may
/// list what is <see cref="ReadAccess"/>'s; here only the loading. Each is paged by keyset on the document's UUID: a
/// stable order in which a new item never shifts a page already read.
/// </summary>
public static class CommunityLists
{
    private const string CommunityCursor = "community";
    private const string ProjectCursor = "project";
    private const string VolunteerCursor = "volunteer";

    public static async Task<object?> ResolveCommunitiesAsync(IResolveFieldContext context)
    {
        var actor = context.RequireActor();
        var first = Paging.First(context);
        var after = Paging.AfterId(context, CommunityCursor);
        if (!ReadAccess.CanListCommunities(actor))
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden,
                "Only city admins and staff list communities; `me { communities { … } }` names the caller's own.");
        }

        var query = context.Service<IQuerySession>().Query<Community>().AsQueryable();
        if (actor.Role != ActorRole.CityAdmin)
        {
            var own = actor.Communities.ToArray();
            query = query.Where(c => own.Contains(c.Id));
        }

        if (after is { } afterId)
        {
            query = query.Where(c => c.MatchesSql("d.id > ?", afterId));
        }

        var communities = await query.OrderBy(c => c.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        return Paging.PageOf(
            communities.Where(c => ReadAccess.ListsCommunity(actor, c.Id)).ToList(), first, c => Paging.IdCursor(CommunityCursor, c.Id), after is not null);
    }

    public static async Task<object?> ResolveProjectsAsync(IResolveFieldContext<Community> context)
    {
        var actor = context.RequireActor();
        var first = Paging.First(context);
        var after = Paging.AfterId(context, ProjectCursor);
        if (!ReadAccess.CanReadBoard(actor))
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only signed-in people read the projects of a community.");
        }

        var communityId = context.Source.Id;
        var query = context.Service<IQuerySession>().Query<Project>().Where(p => p.CommunityId == communityId);
        if (after is { } afterId)
        {
            query = query.Where(p => p.MatchesSql("d.id > ?", afterId));
        }

        var projects = await query.OrderBy(p => p.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        return Paging.PageOf(projects, first, p => Paging.IdCursor(ProjectCursor, p.Id), after is not null);
    }

    public static async Task<object?> ResolveVolunteersAsync(IResolveFieldContext<Community> context)
    {
        var actor = context.RequireActor();
        var first = Paging.First(context);
        var after = Paging.AfterId(context, VolunteerCursor);
        var communityId = context.Source.Id;
        if (!ReadAccess.CanListVolunteers(actor, communityId))
        {
            throw SchemaErrors.Of(RefusalCodes.Forbidden, "Only staff of the community and city admins list its volunteers.");
        }

        var session = context.Service<IQuerySession>();
        var query = session.Query<VolunteerProfile>().Where(p => p.HomeCommunityId == communityId);
        if (after is { } afterId)
        {
            query = query.Where(p => p.MatchesSql("d.id > ?", afterId));
        }

        var profiles = await query.OrderBy(p => p.Id).Take(first + 1).ToListAsync(context.CancellationToken);
        var page = profiles.Take(first).ToList();
        var names = await context.Service<PersonalDataVault>().ReadNamesAsync(session, page, context.CancellationToken);
        // The account's event says erased even if a data key were ever restored from a backup (as `person` does). Loaded
        // through the request's batch loader: the `account` field of the same volunteers reads them from memory.
        var accounts = context.Service<LedgerLoaders>().Accounts;
        var pending = page.Select(p => accounts.Load(p.Id)).ToList();
        var volunteers = new List<CommunityVolunteer>(profiles.Count);
        for (var i = 0; i < profiles.Count; i++)
        {
            var profile = profiles[i];
            var erased = i < page.Count && (await pending[i].GetResultAsync(context.CancellationToken))?.PersonalDataErasedAt is not null;
            volunteers.Add(new CommunityVolunteer(
                profile.Id, profile.VolunteerNumber, !erased && names.TryGetValue(profile.Id, out var name) ? Masking.Name(name) : null));
        }

        return Paging.PageOf(volunteers, first, v => Paging.IdCursor(VolunteerCursor, v.VolunteerId), after is not null);
    }
}
