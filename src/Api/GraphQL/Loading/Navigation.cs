using GraphQL;
using GraphQL.DataLoader;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;

namespace TimeBank.Api.GraphQL.Loading;

/// <summary>
/// Navigation fields (a record's volunteer, project and community; a project's community; an account's home
/// community): loaded in batches, and filtered through <see cref="ReadAccess"/> like every read. What the caller may
/// not read resolves to <see langword="null"/>, exactly like what does not exist.
/// </summary>
public static class Navigation
{
    public static IDataLoaderResult<VolunteerAccount?> Account(IResolveFieldContext context, Guid volunteerId)
    {
        var actor = context.RequireActor();
        return context.Service<LedgerLoaders>().Accounts.Load(volunteerId)
            .Then(account => account is not null && ReadAccess.CanReadAccount(actor, account) ? account : null);
    }

    public static IDataLoaderResult<Community?> Community(IResolveFieldContext context, Guid communityId)
    {
        var actor = context.RequireActor();
        return context.Service<LedgerLoaders>().Communities.Load(communityId)
            .Then(community => ReadAccess.CanReadBoard(actor) ? community : null);
    }

    public static IDataLoaderResult<Project?> Project(IResolveFieldContext context, Guid projectId)
    {
        var actor = context.RequireActor();
        return context.Service<LedgerLoaders>().Projects.Load(projectId)
            .Then(project => ReadAccess.CanReadBoard(actor) ? project : null);
    }
}
