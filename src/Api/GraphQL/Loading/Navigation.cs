using GraphQL;
using GraphQL.DataLoader;
using TimeBank.Ledger.Accounts;
using TimeBank.Ledger.Actors;
using TimeBank.Ledger.Communities;
using TimeBank.Ledger.Merchants;
using TimeBank.Ledger.ServiceRecords;

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

    public static IDataLoaderResult<ServiceRecord?> Record(IResolveFieldContext context, Guid recordId)
    {
        var actor = context.RequireActor();
        return context.Service<LedgerLoaders>().Records.Load(recordId)
            .Then(record => record is not null && ReadAccess.CanReadRecord(actor, record) ? record : null);
    }

    public static IDataLoaderResult<Merchant?> Merchant(IResolveFieldContext context, Guid merchantId)
    {
        var actor = context.RequireActor();
        return context.Service<LedgerLoaders>().Merchants.Load(merchantId)
            .Then(merchant => merchant is not null && ReadAccess.CanReadMerchant(actor, merchant) ? merchant : null);
    }

    /// <summary>
    /// A hold of <paramref name="volunteerId"/>, from a place where the caller already reads that volunteer's account (their
    /// history): a hold is part of the account's life, as its open holds are.
    /// </summary>
    public static IDataLoaderResult<Hold?> Hold(IResolveFieldContext context, Guid holdId, Guid volunteerId) =>
        context.Service<LedgerLoaders>().Holds.Load(holdId)
            .Then(hold => hold is not null && hold.VolunteerId == volunteerId ? hold : null);
}
